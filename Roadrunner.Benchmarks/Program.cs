using BenchmarkDotNet.Running;
using Roadrunner.Benchmarks.Probes;

namespace Roadrunner.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line, e.g. <c>--filter '*Http1*' --job short</c>, or a probe:
/// <c>alloc [requests] [connections]</c> for the server's steady-state allocation per HTTP/1.1 request, and
/// <c>alloc-h2 [requests] [connections] [streams]</c> for the same over h2c (driven by h2load), and
/// <c>load --url U --rate R --conns C --duration S [--sweep r1,r2]</c>, an open-loop HTTP/1.1 load generator, and
/// <c>idle --port P --pid PID [--conns N]</c>, the memory an idle keep-alive connection costs a server, and
/// <c>quic [handshakes] [megabytes]</c>, QUIC handshakes per second and bulk throughput without sockets.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "alloc") return await AllocationProbe.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "alloc-h2") return await Http2AllocationProbe.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "load") return await Load.OpenLoopLoad.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "idle") return await IdleConnectionProbe.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "quic") return QuicLoopbackProbe.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
