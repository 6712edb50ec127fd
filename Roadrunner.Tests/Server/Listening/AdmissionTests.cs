using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Listening;

/// <summary>
/// Admission at max_clients: an idle connection is reclaimed to admit a new one, and over the high-water mark a client
/// that has not sent a whole request head gets less time to do it.
/// </summary>
[TestClass]
public sealed class AdmissionTests
{
    private static readonly Route Hello = Route.Get("/hello", _ => Response.Text(200, "hello"));

    /// <summary>
    /// On a TLS port, clients that open TCP and never finish a handshake fill max_clients 2: over the high-water mark
    /// their handshakes are cut after the shortened request timeout (a quarter of 20 s), long before the 20 s.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task OverTheHighWaterMark_StalledTlsHandshakes_AreCutSooner()
    {
        await using var server = await TestServer.StartAsync([Hello], o => o with
        {
            MaxClients = 2,
            RequestTimeout = TimeSpan.FromSeconds(20),
            Tls = TlsOptions.SelfSigned("localhost"),
        });
        using var a = server.Connect();
        using var b = server.Connect();

        (await a.WaitForCloseAsync(TimeSpan.FromSeconds(12))).ShouldBeTrue("the stalled handshake is cut");
        (await b.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue("the stalled handshake is cut");
        server.Listener.Info().ShortenedHeadTimeouts.ShouldBe(2);
    }

    private static async Task<RawClient> ServedAsync(TestServer server)
    {
        var client = server.Connect();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello");
        return client;
    }

    /// <summary>
    /// Four idle keep-alive HTTP/1.1 connections fill max_clients 4: a fifth client is served, the one idle longest is
    /// closed to make room and counted reclaimed, the three others still work.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task AtMaxClients_TheLongestIdleHttp1Connection_IsReclaimedForANewOne()
    {
        using var telemetry = new TelemetryRecorder("admission-reclaim-h1");
        await using var server = await TestServer.StartAsync([Hello], o => o with { MaxClients = 4 }, telemetry.ListenerName);
        var idle = new List<RawClient>();
        try
        {
            for (var i = 0; i < 4; i++) idle.Add(await ServedAsync(server));
            (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 4)).ShouldBeTrue();

            using var fresh = await ServedAsync(server);

            (await idle[0].WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue("the longest-idle connection is closed");
            server.Listener.Info().Reclaimed.ShouldBe(1);
            server.Listener.Info().Rejected.ShouldBe(0);
            telemetry.Sum("roadrunner.connections.reclaimed").ShouldBe(1);
            (await Eventually.TrueAsync(() => telemetry.Of("roadrunner.connections.closed").Any(m => (string?)m.Tag("reason") == "reclaimed"))).ShouldBeTrue();
            for (var i = 1; i < 4; i++)
            {
                await idle[i].SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                (await idle[i].ReadResponseAsync()).BodyText.ShouldBe("hello");
            }
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
        }
    }

    /// <summary>An HTTP/2 connection with no stream open is idle too: at max_clients it makes room for a new client.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task AtMaxClients_AnIdleHttp2Connection_IsReclaimedForANewOne()
    {
        await using var server = await TestServer.StartAsync([Hello], o => o with { MaxClients = 2, Protocols = [Protocol.Http2] });
        using var first = await H2Wire.ConnectAsync(server.Port);
        await first.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await first.ReadResponseAsync(1)).BodyText.ShouldBe("hello");
        using var second = await H2Wire.ConnectAsync(server.Port);
        await second.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await second.ReadResponseAsync(1)).BodyText.ShouldBe("hello");

        using var fresh = await H2Wire.ConnectAsync(server.Port);
        await fresh.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await fresh.ReadResponseAsync(1)).BodyText.ShouldBe("hello");

        await first.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
        server.Listener.Info().Reclaimed.ShouldBe(1);
    }

    /// <summary>
    /// At max_clients with no idle connection (all still reading a head), a new connection is refused as before: only
    /// idle ones are reclaimed.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task AtMaxClients_NoIdleConnection_TheNewOneIsRejected()
    {
        await using var server = await TestServer.StartAsync([Hello], o => o with { MaxClients = 2 });
        using var a = server.Connect();
        using var b = server.Connect();
        await a.SendAsync("GET /hello HTTP/1.1\r\n");
        await b.SendAsync("GET /hello HTTP/1.1\r\n");
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 2)).ShouldBeTrue();

        using var c = server.Connect();

        (await c.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        server.Listener.Info().Rejected.ShouldBe(1);
        server.Listener.Info().Reclaimed.ShouldBe(0);
        await a.SendAsync("Host: x\r\n\r\n");
        (await a.ReadResponseAsync()).BodyText.ShouldBe("hello");
    }

    /// <summary>
    /// Four slowloris clients (a head started, never finished) fill max_clients 4, over the high-water mark: each is
    /// answered 408 and closed after the shortened request timeout (a quarter of 20 s), long before the 20 s.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task OverTheHighWaterMark_IncompleteHeads_GetAShorterRequestTimeout()
    {
        using var telemetry = new TelemetryRecorder("admission-slowloris");
        await using var server = await TestServer.StartAsync([Hello], o => o with
        {
            MaxClients = 4,
            RequestTimeout = TimeSpan.FromSeconds(20),
            MinBytesPerSecond = 0,
        }, telemetry.ListenerName);
        var slow = new List<RawClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = server.Connect();
                slow.Add(client);
                await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n");
            }

            foreach (var client in slow)
            {
                var response = await client.ReadResponseAsync(timeout: TimeSpan.FromSeconds(12));
                response.Status.ShouldBe(408);
                (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
            }

            server.Listener.Info().ShortenedHeadTimeouts.ShouldBe(4);
            telemetry.Sum("roadrunner.connections.head_timeouts_shortened").ShouldBe(4);
        }
        finally
        {
            foreach (var client in slow) client.Dispose();
        }
    }
}
