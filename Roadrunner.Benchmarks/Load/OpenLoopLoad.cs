using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roadrunner.Benchmarks.Load;

/// <summary>
/// An open-loop HTTP/1.1 load generator: requests are due at a fixed rate, and each latency is measured from the
/// moment its request was due, not from when it could be sent, so a server that stalls is charged for the requests
/// that queued behind the stall (coordinated omission corrected, as wrk2 does). wrk in Debian has no fixed-rate mode.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project Roadrunner.Benchmarks -- load --url http://127.0.0.1:8080/hello --rate 20000
/// --conns 50 --duration 10 [--warmup 2] [--sweep 10000,20000,40000] [--protocol h1|h2c]</c>. HTTP/1.1: keep-alive
/// connections, one request in flight per connection, responses framed by Content-Length (chunked responses are not
/// read). h2c: prior knowledge through our client-role codec, requests multiplexed as they fall due.
/// </remarks>
public static class OpenLoopLoad
{
    /// <summary>Runs one rate, or a sweep, and prints a line per rate.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = "http://127.0.0.1:8080/hello",
            ["rate"] = "10000",
            ["conns"] = "50",
            ["duration"] = "10",
            ["warmup"] = "2",
            ["sweep"] = "",
            ["protocol"] = "h1",
        };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var key = args[i].TrimStart('-');
            if (!options.ContainsKey(key))
            {
                Console.Error.WriteLine($"unknown option {args[i]}; options: {string.Join(", ", options.Keys.Select(k => "--" + k))}");
                return 2;
            }

            options[key] = args[i + 1];
        }

        var url = new Uri(options["url"]);
        var conns = int.Parse(options["conns"], CultureInfo.InvariantCulture);
        var duration = double.Parse(options["duration"], CultureInfo.InvariantCulture);
        var warmup = double.Parse(options["warmup"], CultureInfo.InvariantCulture);
        var h2 = options["protocol"] switch
        {
            "h1" => false,
            "h2c" => true,
            _ => throw new ArgumentException("--protocol is h1 or h2c"),
        };
        var rates = options["sweep"].Length > 0
            ? options["sweep"].Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray()
            : [double.Parse(options["rate"], CultureInfo.InvariantCulture)];

        Console.WriteLine($"open-loop {(h2 ? "h2c" : "HTTP/1.1")} {url} with {conns} connections, {warmup} s warm-up + {duration} s per rate; latency in ms from each request's due time");
        Console.WriteLine("target req/s | achieved req/s |      p50 |      p90 |      p99 |    p99.9 |      max | errors");
        var failed = false;
        foreach (var rate in rates)
        {
            var result = h2 ? await RunH2RateAsync(url, rate, conns, warmup, duration) : await RunRateAsync(url, rate, conns, warmup, duration);
            var h = result.Histogram;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rate,12:F0} | {result.Achieved,14:F0} | {Ms(h.Percentile(50)),8} | {Ms(h.Percentile(90)),8} | {Ms(h.Percentile(99)),8} | {Ms(h.Percentile(99.9)),8} | {Ms(h.Max),8} | {result.Errors}"));
            failed |= result.Achieved <= 0 || result.Errors > 0;
        }

        // A run with errors or no answers at all is a broken setup, not a measurement: say so in the exit code.
        if (failed) Console.Error.WriteLine("some requests failed or none were answered");
        return failed ? 1 : 0;
    }

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private static Task<(LatencyHistogram Histogram, double Achieved, long Errors)> RunRateAsync(Uri url, double rate, int conns, double warmup, double duration)
    {
        // One thread polls every connection (see Http1PollLoop); it runs outside the thread pool so nothing else waits on it.
        var result = new TaskCompletionSource<(LatencyHistogram, double, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var loop = Http1PollLoop.Connect(url, conns);
                var frequency = Stopwatch.Frequency;
                var start = Stopwatch.GetTimestamp() + (frequency / 10);
                var measureFrom = start + (long)(warmup * frequency);
                var end = measureFrom + (long)(duration * frequency);
                loop.Run(rate, start, measureFrom, end);
                result.SetResult((loop.Histogram, loop.Histogram.Count / duration, loop.Errors));
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        })
        { IsBackground = true, Name = "open-loop-h1" };
        thread.Start();
        return result.Task;
    }

    private static async Task<(LatencyHistogram Histogram, double Achieved, long Errors)> RunH2RateAsync(Uri url, double rate, int conns, double warmup, double duration)
    {
        var frequency = Stopwatch.Frequency;
        var interval = (long)(frequency * conns / rate);
        var workers = new Http2LoadWorker[conns];
        for (var i = 0; i < conns; i++)
        {
            workers[i] = new Http2LoadWorker(url);
            await workers[i].ConnectAsync(url);
        }

        var start = Stopwatch.GetTimestamp() + (frequency / 10);
        var measureFrom = start + (long)(warmup * frequency);
        var end = measureFrom + (long)(duration * frequency);
        await Task.WhenAll(workers.Select((w, i) => w.RunAsync(start + (interval * i / conns), interval, measureFrom, end)));
        var histogram = new LatencyHistogram();
        long errors = 0;
        foreach (var w in workers)
        {
            histogram.Add(w.Histogram);
            errors += w.Errors;
            w.Dispose();
        }

        return (histogram, histogram.Count / duration, errors);
    }
}
