using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>What a curl run produced.</summary>
internal sealed record CurlResult(int ExitCode, byte[] Output, string Error)
{
    public string Text => Encoding.UTF8.GetString(Output);
}

/// <summary>Runs the system curl with a bounded time. A missing curl fails the test: it is required on CI.</summary>
internal static class Curl
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(8);

    public static async Task<CurlResult> RunAsync(params string[] args) => await RunAsync(DefaultTimeout, args);

    public static async Task<CurlResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // Never pick up a proxy from the environment or options from a user's ~/.curlrc.
        info.ArgumentList.Add("-q");
        info.ArgumentList.Add("--noproxy");
        info.ArgumentList.Add("*");
        info.ArgumentList.Add("--max-time");
        info.ArgumentList.Add(((int)Math.Max(1, timeout.TotalSeconds - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture));
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
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"curl {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
            }

            await copy;
            return new CurlResult(process.ExitCode, output.ToArray(), await error);
        }
    }
}
