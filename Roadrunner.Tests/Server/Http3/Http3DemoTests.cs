using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>The built Demo serves HTTP/3 on its TLS port number, unless told not to.</summary>
[TestClass]
public sealed class Http3DemoTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task Demo_TlsPort_ServesHelloOverHttp3()
    {
        Gtlsclient.SkipIfMissing();
        var port = FreePort();
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture));
        var line = await demo.WaitForLineAsync(l => l.StartsWith("listening on https://", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        line.ShouldEndWith($":{port} (http1, http2, http3)");
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(port, ["/hello"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "hello")).ShouldBe("hello, world!");
        demo.Terminate();
        (await demo.WaitForExitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue();
        demo.ExitCode.ShouldBe(0);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Demo_NoH3_ReadyLineWithoutHttp3()
    {
        var port = FreePort();
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture), "--no-h3");
        var line = await demo.WaitForLineAsync(l => l.StartsWith("listening on https://", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        line.ShouldEndWith($":{port} (http1, http2)");
    }

    /// <summary>
    /// Two SO_REUSEPORT sockets on the HTTP/3 port still serve, and <c>--log-requests</c> prints the request from
    /// telemetry, protocol included.
    /// </summary>
    [TestMethod]
    [Timeout(60_000)]
    public async Task Demo_TwoH3Sockets_LogRequests_ShowsTheHttp3Request()
    {
        Gtlsclient.SkipIfMissing();
        var port = FreePort();
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture), "--h3-sockets", "2", "--log-requests");
        await demo.WaitForLineAsync(l => l.StartsWith("listening on https://", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(port, ["/hello"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "hello")).ShouldBe("hello, world!");
        var logged = await demo.WaitForLineAsync(l => l.StartsWith("request: ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        logged.ShouldStartWith("request: https HTTP/3 GET 200 ");
    }

    /// <summary>An --h3-sockets value outside 1 to 64 is refused at start with exit code 2 and the reason.</summary>
    [TestMethod]
    [Timeout(60_000)]
    public async Task Demo_H3SocketsOutOfRange_RefusedWithExitCode2()
    {
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--h3-sockets", "0");

        (await demo.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();

        demo.ExitCode.ShouldBe(2);
        string.Join('\n', demo.StderrLines).ShouldContain("--h3-sockets: '0' is not a number from 1 to 64");
    }

    internal static int FreePort()
    {
        // A port free for both TCP and UDP at the moment: the demo binds both with the same number.
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        return ((IPEndPoint)tcp.LocalEndpoint).Port;
    }
}
