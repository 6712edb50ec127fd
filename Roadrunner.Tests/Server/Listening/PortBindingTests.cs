using System.Net;
using System.Net.Sockets;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.Http3.EndToEnd;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Listening;

/// <summary>
/// Binding: a port in use is an error naming the listener and the port, unless every listener on it asked for
/// <see cref="ListenerOptions.ReusePort"/>; a restarted server still rebinds a port with connections in TIME_WAIT.
/// </summary>
[TestClass]
public sealed class PortBindingTests
{
    private static readonly Route[] Hello = [Route.Get("/hello", _ => Response.Text(200, "hello"))];

    /// <summary>A second listener on a TCP port in use fails to start, and says which listener and which port.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task SecondListener_OnAUsedPort_FailsNamingListenerAndPort()
    {
        await using var first = await TestServer.StartAsync(Hello, name: "first");

        var ex = await Should.ThrowAsync<SocketException>(async () => await TestServer.StartAsync(Hello, o => o with { Port = first.Port }, name: "second"));

        ex.SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
        ex.Message.ShouldBe($"listener 'second' could not bind 127.0.0.1:{first.Port}: address already in use");
        using var client = await ServedAsync(first.Port);
    }

    /// <summary>With <see cref="ListenerOptions.ReusePort"/> on both, two listeners share the port and both are running.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task TwoListeners_BothAskingForReusePort_ShareThePort()
    {
        await using var first = await TestServer.StartAsync(Hello, o => o with { ReusePort = true }, name: "first");
        await using var second = await TestServer.StartAsync(Hello, o => o with { Port = first.Port, ReusePort = true }, name: "second");

        second.Port.ShouldBe(first.Port);
        second.Listener.Status.ShouldBe(ListenerStatus.Accepting);
        using var client = await ServedAsync(first.Port);
    }

    /// <summary>Only one side asking for ReusePort is not enough: the port stays the first listener's.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task ReusePortOnTheSecondOnly_StillFails()
    {
        await using var first = await TestServer.StartAsync(Hello, name: "first");

        var ex = await Should.ThrowAsync<SocketException>(async () =>
            await TestServer.StartAsync(Hello, o => o with { Port = first.Port, ReusePort = true }, name: "second"));

        ex.SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
    }

    /// <summary>
    /// A restarted server rebinds its port while the server side of a closed connection is still in TIME_WAIT
    /// (SO_REUSEADDR semantics, without sharing the port).
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task RestartedListener_RebindsAPortWithConnectionsInTimeWait()
    {
        var first = await TestServer.StartAsync(Hello);
        var port = first.Port;
        using (var client = first.Connect())
        {
            // The server closes first, so its side of the connection goes to TIME_WAIT.
            await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            (await client.ReadResponseAsync()).BodyText.ShouldBe("hello");
            (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        }

        await first.DisposeAsync();

        await using var second = await TestServer.StartAsync(Hello, o => o with { Port = port }, name: "restarted");
        using var again = await ServedAsync(port);
    }

    /// <summary>
    /// HTTP/3's UDP port is not shared silently either: when another socket holds it, the listener fails naming the
    /// UDP port.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task Http3_UdpPortInUse_FailsNamingListenerAndPort()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var ex = await Should.ThrowAsync<SocketException>(async () => await Http3EndToEndTests.StartAsync(Hello, o => o with { Port = port }));

        ex.SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
        ex.Message.ShouldBe($"listener 'h3e2e' could not bind UDP 127.0.0.1:{port}: address already in use");
    }

    /// <summary>Two HTTP/3 listeners that both ask for ReusePort share the TCP and the UDP port.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task Http3_TwoListenersWithReusePort_ShareBothPorts()
    {
        await using var first = await Http3EndToEndTests.StartAsync(Hello, o => o with { ReusePort = true });
        await using var second = await Http3EndToEndTests.StartAsync(Hello, o => o with { Port = first.Port, ReusePort = true });

        second.Http3Port.ShouldBe(first.Http3Port);
        await using var client = await OurH3Client.ConnectAsync(first.Http3Port);
        (await client.SendRequestAsync("GET", "/hello")).Status.ShouldBe(200);
    }

    private static async Task<RawClient> ServedAsync(int port)
    {
        var client = RawClient.Connect(port);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello");
        return client;
    }
}
