using System.Diagnostics;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// A real browser against the Demo: headless Chromium loads <c>/#ws-selftest</c>, whose script opens <c>/ws</c>, sends
/// text and binary, compares the echoes and logs the outcome to the console. Both run inside a fresh network namespace
/// (<c>unshare -n</c>, loopback only), so the browser reaches nothing but the Demo and the Demo's port is free.
/// </summary>
[TestClass]
public sealed class ChromiumEchoTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // Inside the namespace: loopback up, the Demo started, and Chromium once the Demo says it listens.
    private const string Script = """
        ip link set lo up || exit 3
        "$1" "$2" --port 8080 --tls-port 0 --no-h3 | {
          read -r line || { echo "the Demo did not start"; exit 4; }
          echo "demo: $line"
          exec chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
            --disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
            --no-first-run --no-default-browser-check --host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
            --user-data-dir="$3" --enable-logging=stderr --log-level=0 'http://127.0.0.1:8080/#ws-selftest' 2>&1
        }
        """;

    [TestMethod]
    public async Task Chromium_EchoesTextAndBinary_ThroughTheDemo_WithPermessageDeflate()
    {
        if (ExecutablePath.Find("chromium") is null) Assert.Inconclusive("chromium is not installed (apt-get install chromium).");
        if (ExecutablePath.Find("unshare") is null) Assert.Inconclusive("unshare is not installed (util-linux).");

        var demo = DemoProcess.FindDemoAssembly();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var profile = Directory.CreateTempSubdirectory("rr-chromium").FullName;
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-n", "sh", "-c", Script, "sh", string.IsNullOrEmpty(host) ? "dotnet" : host, demo, profile]) info.ArgumentList.Add(arg);

        var output = new List<string>();
        var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = info };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            // Chromium logs console messages as: [...:INFO:CONSOLE:87] "ws-selftest: ok ...", source: ...
            var at = e.Data.IndexOf("ws-selftest: ", StringComparison.Ordinal);
            if (at >= 0) result.TrySetResult(e.Data[at..].Split('"')[0]);
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => result.TrySetResult("(exited)");
        process.EnableRaisingEvents = true;
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var line = await result.Task.WaitAsync(Deadline);

            line.ShouldStartWith("ws-selftest: ok", customMessage: Transcript(output));
            line.ShouldContain("text=true");
            line.ShouldContain("binary=70000");
            line.ShouldContain("extensions=permessage-deflate");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no self-test result within {Deadline.TotalSeconds} s. {Transcript(output)}");
        }
        finally
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            Directory.Delete(profile, recursive: true);
        }
    }

    private static string Transcript(List<string> output)
    {
        lock (output) return "output:\n" + string.Join('\n', output.TakeLast(40));
    }
}
