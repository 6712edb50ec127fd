using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;

namespace Roadrunner.Benchmarks.Probes;

/// <summary>
/// Drives keep-alive requests at an in-process listener and reports what the process allocated per request
/// in steady state, with GC counts. The client side uses blocking socket calls on fixed buffers, which
/// allocate nothing, so the figure is the server's.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project Roadrunner.Benchmarks -- alloc [requests] [connections]</c>.</remarks>
public static class AllocationProbe
{
    private static readonly byte[] Request = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n"u8.ToArray();

    /// <summary>Runs the probe and prints one line per phase.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var hello = Response.Bytes(200, "hello, world!"u8.ToArray(), "text/plain");
        await using var listener = await RoadrunnerServer.StartAsync("probe", new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = [Route.Get("/hello", _ => hello)],
            MaxKeepAliveRequests = int.MaxValue,
        });

        var clients = Enumerable.Range(0, connections).Select(_ => new Client(listener.Port)).ToArray();
        // Warm up: JIT, tiering, pools.
        Drive(clients, 20_000);
        var perConnection = requests / connections;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        Drive(clients, perConnection * connections);
        clock.Stop();
        var after = GC.GetTotalAllocatedBytes(precise: true);
        var total = perConnection * connections;
        Console.WriteLine($"requests: {total} over {connections} keep-alive connections in {clock.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"allocated: {after - before} bytes in all, {(double)(after - before) / total:F2} bytes per request");
        Console.WriteLine($"collections: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}");
        foreach (var c in clients) c.Dispose();
        return 0;
    }

    private static void Drive(Client[] clients, int total)
    {
        var threads = clients.Select(c => new Thread(() => c.Run(total / clients.Length))).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
    }

    private sealed class Client : IDisposable
    {
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[4096];

        public Client(int port)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        }

        public void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _socket.Send(Request, SocketFlags.None);
                // Every answer ends with the 13-byte body; read until the whole response is in.
                var got = 0;
                while (true)
                {
                    var n = _socket.Receive(_buffer.AsSpan(got), SocketFlags.None);
                    if (n == 0) throw new IOException("server closed");
                    got += n;
                    if (got >= 13 && _buffer.AsSpan(got - 13, 13).SequenceEqual("hello, world!"u8)) break;
                }
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
