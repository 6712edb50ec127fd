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

    private static async Task<(LatencyHistogram Histogram, double Achieved, long Errors)> RunRateAsync(Uri url, double rate, int conns, double warmup, double duration)
    {
        var request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUser-Agent: roadrunner-load\r\n\r\n");
        var frequency = Stopwatch.Frequency;
        var interval = (long)(frequency * conns / rate);
        var start = Stopwatch.GetTimestamp() + (frequency / 10);
        var measureFrom = start + (long)(warmup * frequency);
        var end = measureFrom + (long)(duration * frequency);
        var workers = new Worker[conns];
        for (var i = 0; i < conns; i++)
        {
            workers[i] = new Worker(request);
            await workers[i].ConnectAsync(url);
        }

        var tasks = workers.Select((w, i) => w.RunAsync(start + (interval * i / conns), interval, measureFrom, end)).ToArray();
        await Task.WhenAll(tasks);
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

    private sealed class Worker(byte[] request) : IDisposable
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private Socket _socket = NewSocket();
        private EndPoint? _server;
        private int _buffered;
        private bool _closeAfter;

        public LatencyHistogram Histogram { get; } = new();

        public long Errors { get; private set; }

        public async Task ConnectAsync(Uri url)
        {
            _server = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
            await _socket.ConnectAsync(_server);
        }

        private static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        /// <summary>A server that ends keep-alive (max requests per connection) is reconnected to, as a browser would.</summary>
        private async Task ReconnectAsync()
        {
            _socket.Dispose();
            _socket = NewSocket();
            _buffered = 0;
            _closeAfter = false;
            await _socket.ConnectAsync(_server!);
        }

        public async Task RunAsync(long first, long interval, long measureFrom, long end)
        {
            var frequency = Stopwatch.Frequency;
            for (var due = first; due < end; due += interval)
            {
                var wait = due - Stopwatch.GetTimestamp();
                // Timers are coarse (about 1 ms); sleeping to within one of the due time keeps the rate honest.
                if (wait > frequency / 1000) await Task.Delay(TimeSpan.FromSeconds((double)wait / frequency));
                try
                {
                    if (_closeAfter) await ReconnectAsync();
                    await _socket.SendAsync(request);
                    if (!await ReadResponseAsync())
                    {
                        Errors++;
                        return;
                    }
                }
                catch (SocketException)
                {
                    Errors++;
                    return;
                }

                if (due >= measureFrom) Histogram.Record((Stopwatch.GetTimestamp() - due) * 1_000_000 / frequency);
            }
        }

        /// <summary>Reads one response framed by Content-Length; false when the connection ended or the answer is not 2xx.</summary>
        private async Task<bool> ReadResponseAsync()
        {
            while (true)
            {
                var span = _buffer.AsSpan(0, _buffered);
                var headEnd = span.IndexOf("\r\n\r\n"u8);
                if (headEnd >= 0)
                {
                    var head = span[..headEnd];
                    var length = ContentLength(head);
                    var total = headEnd + 4 + length;
                    if (_buffered >= total)
                    {
                        var ok = head.Length > 12 && head[9] == (byte)'2';
                        _closeAfter = head.IndexOf("\r\nconnection: close"u8) >= 0 || head.IndexOf("\r\nConnection: close"u8) >= 0;
                        _buffer.AsSpan(total, _buffered - total).CopyTo(_buffer);
                        _buffered -= total;
                        return ok;
                    }
                }

                if (_buffered == _buffer.Length) return false;
                var n = await _socket.ReceiveAsync(_buffer.AsMemory(_buffered));
                if (n == 0) return false;
                _buffered += n;
            }
        }

        private static int ContentLength(ReadOnlySpan<byte> head)
        {
            var at = head.IndexOf("\r\ncontent-length:"u8);
            if (at < 0) at = head.IndexOf("\r\nContent-Length:"u8);
            if (at < 0) return 0;
            var rest = head[(at + 17)..];
            var endOfLine = rest.IndexOf("\r\n"u8);
            if (endOfLine >= 0) rest = rest[..endOfLine];
            return int.Parse(Encoding.ASCII.GetString(rest).Trim(), CultureInfo.InvariantCulture);
        }

        public void Dispose() => _socket.Dispose();
    }
}
