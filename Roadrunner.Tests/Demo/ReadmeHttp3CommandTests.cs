using System.Diagnostics;
using System.Text.RegularExpressions;
using Roadrunner.Tests.Server.Http3;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Demo;

/// <summary>
/// The README's HTTP/3 command, as written there (the Demo's port instead of 8443, a temporary folder instead of
/// <c>.</c>), run against the Demo: it saves <c>hello</c> and exits by itself, without idling out its 30 s timeout.
/// </summary>
[TestClass]
public sealed partial class ReadmeHttp3CommandTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task ReadmeGtlsclientCommand_SavesHello_AndExitsByItself()
    {
        Gtlsclient.SkipIfMissing();
        var command = ReadmeCommand();
        var port = Http3DemoTests.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", port);
        await demo.WaitForLineAsync(l => l.StartsWith("listening on https://", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var folder = Directory.CreateTempSubdirectory("rr-readme-h3").FullName;
        try
        {
            var start = new ProcessStartInfo(Gtlsclient.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var word in command.Split(' ').Skip(1))
            {
                start.ArgumentList.Add(word.Replace("8443", port, StringComparison.Ordinal).Replace("--download=.", $"--download={folder}", StringComparison.Ordinal));
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                Assert.Fail($"'{command}' did not exit by itself within 20 s");
            }

            process.ExitCode.ShouldBe(0, await errors);
            (await File.ReadAllTextAsync(Path.Combine(folder, "hello"))).ShouldBe("hello, world!");
            _ = await output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ReadmeCommand()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roadrunner.sln"))) root = root.Parent;
        root.ShouldNotBeNull("the repository root (with Roadrunner.sln) above the test output");
        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md"));
        var match = GtlsclientCommand().Match(readme);
        match.Success.ShouldBeTrue("README.md shows a gtlsclient command");
        return Regex.Replace(match.Groups["command"].Value, @"\s+", " ");
    }

    [GeneratedRegex(@"`(?<command>gtlsclient [^`]+)`")]
    private static partial Regex GtlsclientCommand();
}
