using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>
/// Runs the system curl, bounded in time, without proxies or a user's ~/.curlrc. A missing curl fails the test
/// with a message saying so: these checks never pass silently.
/// </summary>
internal static class CurlRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<(int ExitCode, byte[] Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-q", "--silent", "--show-error", "--noproxy", "*", "--max-time", ((int)Timeout.TotalSeconds - 2).ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("curl did not start");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"curl is required for this test and was not found on PATH ({ex.Message}); install it (apt-get install curl).");
            throw;
        }

        using (process)
        {
            process.StandardInput.Close();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"curl {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s");
            }

            await copy;
            return (process.ExitCode, output.ToArray(), await error);
        }
    }

    /// <summary>Runs curl and fails the test unless it exits 0; returns its standard output as UTF-8.</summary>
    public static async Task<string> TextAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        if (exit != 0) Assert.Fail($"curl {string.Join(' ', args)} exited {exit}: {error}");
        return Encoding.UTF8.GetString(output);
    }
}
