using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Benchmarks.Probes;

/// <summary>
/// What an idle keep-alive connection costs a running server: opens N connections to it, sends one request on each
/// and reads the answer, leaves them idle, and reports the growth of the server process's resident memory (VmRSS)
/// per connection. Works for any server on the machine, given its process id, so Roadrunner and Kestrel can be
/// compared the same way.
/// </summary>
/// <remarks>
/// <para>
/// Run: <c>dotnet run -c Release --project Roadrunner.Benchmarks -- idle --port 8080 --pid PID [--conns 10000]
/// [--warm 2000]</c>. Raise the open-file limits first (<c>ulimit -n 65536</c>) for both processes, and the Demo's
/// <c>--max-clients</c> above the two counts together.
/// </para>
/// <para>
/// The warm connections are opened the same way and kept open before the baseline is read, so the figure is what one
/// more idle connection costs a server already holding idle ones. The JIT's work on the accept and first-request
/// paths, the thread pool's growth and the pools' first fill then land before the baseline instead of in the
/// measured connections: with one warm connection, the Demo measured 4,014–4,089 bytes per connection with tiered
/// compilation and 3,013 without it (<c>DOTNET_TieredCompilation=0</c>), the difference being the compiler at work
/// during the burst.
/// </para>
/// </remarks>
public static class IdleConnectionProbe
{
    private static readonly byte[] Request = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray();

    /// <summary>Runs the probe and prints what it measured.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        int port = 8080, pid = 0, conns = 10_000, warm = 2_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--port": port = value; break;
                case "--pid": pid = value; break;
                case "--conns": conns = value; break;
                case "--warm": warm = value; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; options: --port, --pid, --conns, --warm");
                    return 2;
            }
        }

        if (pid == 0)
        {
            Console.Error.WriteLine("--pid is required: the server's process id");
            return 2;
        }

        // Warm connections, opened like the measured ones and kept open (see the remarks); then time for the
        // runtime's background compilation to finish.
        var warmSockets = await OpenManyAsync(port, Math.Max(1, warm));
        await Task.Delay(3000);
        var before = Rss(pid);
        var sockets = await OpenManyAsync(port, conns);
        await Task.Delay(2000);
        var after = Rss(pid);
        var open = sockets.Count(s => s.Connected);
        Console.WriteLine($"idle connections: {open} of {conns} open after one request each ({warmSockets.Count} warm ones open before the baseline)");
        Console.WriteLine($"server VmRSS: {before / 1024} KiB before, {after / 1024} KiB after: {(after - before) / (double)conns:F0} bytes per idle connection");
        foreach (var s in sockets) s.Dispose();
        foreach (var s in warmSockets) s.Dispose();
        return 0;
    }

    private static async Task<List<Socket>> OpenManyAsync(int port, int count)
    {
        var sockets = new List<Socket>(count);
        for (var i = 0; i < count; i += 200)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(200, count - i)).Select(_ => OpenAsync(port)));
            sockets.AddRange(batch);
        }

        return sockets;
    }

    private static async Task<Socket> OpenAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(Request);
        var buffer = new byte[1024];
        var got = 0;
        // The answer to /hello is small: read until its head and body are in (Content-Length framed).
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got));
            if (n == 0) break;
            got += n;
            var text = System.Text.Encoding.ASCII.GetString(buffer, 0, got);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0) continue;
            var at = text.IndexOf("content-length:", StringComparison.OrdinalIgnoreCase);
            if (at < 0) break;
            var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            var length = int.Parse(text.AsSpan(at + 15, lineEnd - at - 15).Trim(), CultureInfo.InvariantCulture);
            if (got >= headEnd + 4 + length) break;
        }

        return socket;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }

        return 0;
    }
}
