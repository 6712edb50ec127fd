using System.Net;
using System.Net.Sockets;
using Roadrunner.Tests.Server.Http3;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Demo;

/// <summary>
/// The Demo's command line: <c>--help</c> exits 0; a bad option, file, folder or port is one line on stderr naming
/// it, exit code 2, and nothing left listening.
/// </summary>
[TestClass]
public sealed class DemoCommandLineTests
{
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);

    [TestMethod]
    [Timeout(30_000)]
    [DataRow("--help")]
    [DataRow("-h")]
    public async Task Help_PrintsUsage_ExitsZero(string flag)
    {
        using var demo = DemoProcess.Start(flag);

        (await demo.WaitForExitAsync(Exit)).ShouldBeTrue();
        demo.ExitCode.ShouldBe(0);
        demo.StdoutLines[0].ShouldStartWith("usage: Roadrunner.Demo");
        demo.StdoutLines.ShouldContain(l => l.Contains("--help, -h", StringComparison.Ordinal));
        demo.StderrLines.ShouldBeEmpty();
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task UnknownOption_OneLineNamingIt_ExitsTwo()
    {
        using var demo = DemoProcess.Start("--port", "0", "--frobnicate");

        await ShouldFailWithOneLineAsync(demo, "unknown option --frobnicate");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task MissingCertificateFile_OneLineNamingIt_NothingListens()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"rr-missing-{Guid.NewGuid():N}.pem");
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--cert", missing, "--key", missing);

        await ShouldFailWithOneLineAsync(demo, $"--cert: no such file: {missing}");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task UnreadableCertificate_OneLineNamingIt_NothingListens()
    {
        using var cert = TempFile.Create("not a certificate"u8.ToArray(), ".pem");
        using var key = TempFile.Create("not a key"u8.ToArray(), ".pem");
        // A TLS port is needed for the certificate to be loaded at all; the load fails before anything binds it.
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", Http3DemoTests.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--cert", cert.Path, "--key", key.Path);

        await ShouldFailWithOneLineAsync(demo, $"--cert {cert.Path} --key {key.Path}: cannot load:");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task MissingRoot_OneLineNamingIt_ExitsTwo()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"rr-missing-{Guid.NewGuid():N}");
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--root", missing);

        await ShouldFailWithOneLineAsync(demo, $"--root: no such folder: {missing}");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task PortInUse_OneLineNamingListenerAndPort_NothingLeftListening()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        // The plain listener starts first on a free port; the h2c one then hits the occupied port.
        using var demo = DemoProcess.Start("--port", "0", "--h2c-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls-port", "0");

        (await demo.WaitForExitAsync(Exit)).ShouldBeTrue();
        demo.ExitCode.ShouldBe(2);
        demo.StderrLines.Count.ShouldBe(1, string.Join(" | ", demo.StderrLines));
        demo.StderrLines[0].ShouldStartWith($"Roadrunner.Demo: listener 'h2c' cannot listen on 127.0.0.1:{port}: ");
        demo.StderrLines[0].ShouldContain("in use", Case.Insensitive);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Ipv6Address_IsPrintedInBrackets()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Inconclusive("IPv6 is not available on this machine.");
        }

        using var demo = DemoProcess.Start("--address", "::1", "--port", "0", "--tls-port", "0");

        var line = await demo.WaitForLineAsync(l => l.StartsWith("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        line.ShouldMatch(@"^listening on http://\[::1\]:\d+ \(http1, h2c\)$");
    }

    private static async Task ShouldFailWithOneLineAsync(DemoProcess demo, string expected)
    {
        (await demo.WaitForExitAsync(Exit)).ShouldBeTrue();
        demo.ExitCode.ShouldBe(2);
        demo.StdoutLines.ShouldNotContain(l => l.StartsWith("listening on", StringComparison.Ordinal));
        demo.StderrLines.Count.ShouldBe(1, string.Join(" | ", demo.StderrLines));
        demo.StderrLines[0].ShouldStartWith($"Roadrunner.Demo: {expected}");
    }
}
