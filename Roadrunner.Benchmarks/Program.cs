using BenchmarkDotNet.Running;
using Roadrunner.Benchmarks.Probes;

namespace Roadrunner.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line, e.g. <c>--filter '*Http1*' --job short</c>, or a probe:
/// <c>alloc [requests] [connections]</c> for the server's steady-state allocation per request.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "alloc") return await AllocationProbe.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
