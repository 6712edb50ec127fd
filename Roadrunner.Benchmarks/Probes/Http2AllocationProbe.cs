using System.Diagnostics;
using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;

namespace Roadrunner.Benchmarks.Probes;

/// <summary>
/// What an h2c listener allocates per request in steady state: <c>h2load</c> (a separate process, so its
/// allocations do not count) drives multiplexed requests at an in-process listener, once to warm up and once measured.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project Roadrunner.Benchmarks -- alloc-h2 [requests] [connections] [streams]</c>.</remarks>
public static class Http2AllocationProbe
{
    /// <summary>Runs the probe and prints one line per phase.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var streams = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var hello = Response.Bytes(200, "hello, world!"u8.ToArray(), "text/plain");
        await using var listener = await RoadrunnerServer.StartAsync("probe", new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Protocols = [Protocol.Http2],
            Routes = [Route.Get("/hello", _ => hello)],
        });

        var url = $"http://127.0.0.1:{listener.Port}/hello";
        await H2loadAsync(url, 20_000, connections, streams);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var summary = await H2loadAsync(url, requests, connections, streams);
        clock.Stop();
        var after = GC.GetTotalAllocatedBytes(precise: true);
        Console.WriteLine(summary);
        Console.WriteLine($"requests: {requests} over {connections} connections x {streams} streams in {clock.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"allocated: {after - before} bytes in all, {(double)(after - before) / requests:F2} bytes per request (connection setup included)");
        Console.WriteLine($"collections: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}");
        return 0;
    }

    private static async Task<string> H2loadAsync(string url, int requests, int connections, int streams)
    {
        var info = new ProcessStartInfo("h2load") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-n", requests.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", connections.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", streams.ToString(System.Globalization.CultureInfo.InvariantCulture), url })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("h2load did not start (apt-get install nghttp2-client).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return string.Join(Environment.NewLine, output.Split('\n').Where(l => l.StartsWith("requests:", StringComparison.Ordinal) || l.StartsWith("status codes:", StringComparison.Ordinal)));
    }
}
