using System.Diagnostics;
using System.Globalization;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>Runs ngtcp2's gtlsclient (Debian ngtcp2-client) against a local port and collects what it printed.</summary>
internal static class Gtlsclient
{
    public const string Path = "/usr/bin/gtlsclient";

    public static void SkipIfMissing()
    {
        if (!File.Exists(Path)) Assert.Inconclusive("gtlsclient is not installed (apt-get install ngtcp2-client).");
    }

    /// <summary>Fetches <paramref name="paths"/> on one connection; returns the exit code and stdout + stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(int port, IEnumerable<string> paths, params string[] options)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var option in options) start.ArgumentList.Add(option);
        foreach (var argument in new[] { "--timeout=5s", "--handshake-timeout=5s", "--exit-on-all-streams-close", "--no-quic-dump", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var path in paths) start.ArgumentList.Add($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        return (process.HasExited ? process.ExitCode : -1, await stdout + await stderr);
    }
}
