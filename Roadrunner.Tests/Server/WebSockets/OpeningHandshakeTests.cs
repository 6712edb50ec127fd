using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// The opening handshake over HTTP/1.1 (RFC 6455 §4.2), on a real socket: each faulty request gets its exact answer,
/// a good one gets 101 with the §1.3 accept value, and the subprotocol and permessage-deflate are negotiated.
/// </summary>
[TestClass]
public sealed class OpeningHandshakeTests
{
    private static Task<TestServer> StartAsync(WebSocketResponse response) =>
        TestServer.StartAsync(
        [
            Route.Get("/ws", _ => response),
            Route.Map("/any", _ => response),
            Route.Get("/hello", _ => Response.Text(200, "hello")),
        ]);

    private static async Task<RawResponse> ExchangeAsync(TestServer server, string request)
    {
        using var client = server.Connect();
        await client.SendAsync(request);
        return await client.ReadResponseAsync();
    }

    private static string Without(string request, string fieldName) =>
        string.Join("\r\n", request.Split("\r\n").Where(l => !l.StartsWith(fieldName + ":", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// RFC 6455 §1.3: for the key <c>dGhlIHNhbXBsZSBub25jZQ==</c> "the server would ... return ...
    /// s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", with 101, Upgrade and Connection (§4.2.2 step 5); nothing was offered, so no
    /// subprotocol or extension is answered.
    /// </summary>
    [TestMethod]
    public async Task GoodRequest_Is101_WithTheSection1_3AcceptValue()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        ws.Handshake.StatusLine.ShouldBe("HTTP/1.1 101 Switching Protocols");
        ws.Handshake.Header("upgrade").ShouldBe("websocket");
        ws.Handshake.Header("connection").ShouldBe("Upgrade");
        ws.Handshake.Header("sec-websocket-accept").ShouldBe(RawWebSocket.SampleAccept);
        ws.Handshake.Header("sec-websocket-protocol").ShouldBeNull();
        ws.Handshake.Header("sec-websocket-extensions").ShouldBeNull();
        ws.Handshake.Header("content-length").ShouldBeNull();
    }

    /// <summary>RFC 6455 §4.2.1 item 5: "A |Sec-WebSocket-Key| header field" is required; without it, 400.</summary>
    [TestMethod]
    public async Task MissingKey_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        var response = await ExchangeAsync(server, Without(RawWebSocket.UpgradeRequest("/ws"), "Sec-WebSocket-Key"));

        response.Status.ShouldBe(400);
        response.BodyText.ShouldContain("Sec-WebSocket-Key");
        response.Header("sec-websocket-accept").ShouldBeNull();
    }

    /// <summary>RFC 6455 §4.2.1 item 5: the key "when decoded, is 16 bytes in length"; 15 bytes is 400.</summary>
    [TestMethod]
    public async Task KeyOf15Bytes_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));
        var request = RawWebSocket.UpgradeRequest("/ws").Replace(RawWebSocket.SampleKey, Convert.ToBase64String(new byte[15]), StringComparison.Ordinal);

        (await ExchangeAsync(server, request)).Status.ShouldBe(400);
    }

    /// <summary>
    /// RFC 6455 §4.2.2 step 4: another version gets "an appropriate HTTP error code (such as 426 Upgrade Required) and a
    /// |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding"; RFC 9110
    /// §15.5.22: a 426 carries Upgrade. The answer is an ordinary one: the connection serves the next request.
    /// </summary>
    [TestMethod]
    public async Task Version12_Is426_WithSecWebSocketVersion13()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));
        using var client = server.Connect();

        await client.SendAsync(RawWebSocket.UpgradeRequest("/ws").Replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 12", StringComparison.Ordinal));
        var response = await client.ReadResponseAsync();

        response.Status.ShouldBe(426);
        response.Header("sec-websocket-version").ShouldBe("13");
        response.Header("upgrade").ShouldBe("websocket");
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello");
    }

    /// <summary>RFC 6455 §4.2.1 item 3: "An |Upgrade| header field containing the value "websocket""; a plain GET is 400.</summary>
    [TestMethod]
    public async Task PlainGet_WithoutUpgrade_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        var response = await ExchangeAsync(server, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n");

        response.Status.ShouldBe(400);
        response.BodyText.ShouldContain("Upgrade");
    }

    /// <summary>RFC 6455 §4.2.1 item 4: Connection must include "Upgrade"; without it, 400.</summary>
    [TestMethod]
    public async Task ConnectionWithoutUpgradeToken_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));
        var request = RawWebSocket.UpgradeRequest("/ws").Replace("Connection: Upgrade", "Connection: keep-alive", StringComparison.Ordinal);

        (await ExchangeAsync(server, request)).Status.ShouldBe(400);
    }

    /// <summary>A WebSocket route made with <c>Route.Get</c> answers POST with 405 and <c>Allow</c>, before any handshake check.</summary>
    [TestMethod]
    public async Task Post_ToAGetRoute_Is405()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        var response = await ExchangeAsync(server, RawWebSocket.UpgradeRequest("/ws").Replace("GET ", "POST ", StringComparison.Ordinal));

        response.Status.ShouldBe(405);
        response.Header("allow").ShouldNotBeNull().ShouldContain("GET");
    }

    /// <summary>RFC 6455 §4.2.1 item 1: "An HTTP/1.1 or higher GET request"; a POST to a route of any method is 400.</summary>
    [TestMethod]
    public async Task Post_ToAnAnyMethodRoute_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        var response = await ExchangeAsync(server, RawWebSocket.UpgradeRequest("/any").Replace("GET ", "POST ", StringComparison.Ordinal));

        response.Status.ShouldBe(400);
        response.BodyText.ShouldContain("GET");
    }

    /// <summary>RFC 6455 §4.2.1 item 1: HTTP/1.1 or higher; an HTTP/1.0 upgrade is 400.</summary>
    [TestMethod]
    public async Task Http10_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));

        var response = await ExchangeAsync(server, RawWebSocket.UpgradeRequest("/ws").Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal));

        response.Status.ShouldBe(400);
    }

    /// <summary>An upgrade request with content is refused: the bytes after its head could not be both body and frames.</summary>
    [TestMethod]
    public async Task RequestWithContent_Is400()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));
        var request = RawWebSocket.UpgradeRequest("/ws", "Content-Length: 5") + "hello";

        var response = await ExchangeAsync(server, request);

        response.Status.ShouldBe(400);
        response.BodyText.ShouldContain("content");
    }

    /// <summary>
    /// RFC 6455 §4.2.2 step 5.5: the server picks one of the client's subprotocols; with a list, the first of the
    /// server's (its order of preference) that the client offered.
    /// </summary>
    [TestMethod]
    public async Task Subprotocol_FirstOfTheServersListThatTheClientOffered()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler(), new WebSocketOptions { Subprotocols = ["v3", "v2", "v1"] }));

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/ws", "Sec-WebSocket-Protocol: v1, v2");

        ws.Handshake.Header("sec-websocket-protocol").ShouldBe("v2");
    }

    /// <summary>A selection callback sees the client's offer in order; its choice is answered and reaches the context.</summary>
    [TestMethod]
    public async Task Subprotocol_CallbackChoosesFromTheOffer()
    {
        IReadOnlyList<string>? seen = null;
        var handler = new RecordingHandler();
        await using var server = await StartAsync(Response.WebSocket(handler, selectSubprotocol: offered =>
        {
            seen = offered;
            return offered.LastOrDefault();
        }));

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/ws", "Sec-WebSocket-Protocol: chat, superchat");

        seen.ShouldBe(["chat", "superchat"]);
        ws.Handshake.Header("sec-websocket-protocol").ShouldBe("superchat");
        (await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10))).Subprotocol.ShouldBe("superchat");
    }

    /// <summary>RFC 6455 §4.2.2: the server's choice must be one the client offered; a callback answering another is not heeded.</summary>
    [TestMethod]
    public async Task Subprotocol_ChoiceNotOffered_IsNotAnswered()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler(), selectSubprotocol: _ => "other"));

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/ws", "Sec-WebSocket-Protocol: chat");

        ws.Handshake.Header("sec-websocket-protocol").ShouldBeNull();
    }

    /// <summary>RFC 7692 §7.1: with permessage-deflate enabled an offer is accepted and answered; the context says so.</summary>
    [TestMethod]
    public async Task PerMessageDeflate_OfferAccepted_WhenEnabled()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(Response.WebSocket(handler, new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default }));

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/ws", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");

        ws.Handshake.Header("sec-websocket-extensions").ShouldNotBeNull().ShouldStartWith("permessage-deflate");
        (await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10))).IsCompressed.ShouldBeTrue();
    }

    /// <summary>RFC 7692 §7.1: without permessage-deflate in the options, the offer is declined (no extension answered).</summary>
    [TestMethod]
    public async Task PerMessageDeflate_OfferDeclined_ByDefault()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(Response.WebSocket(handler));

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/ws", "Sec-WebSocket-Extensions: permessage-deflate");

        ws.Handshake.Header("sec-websocket-extensions").ShouldBeNull();
        (await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10))).IsCompressed.ShouldBeFalse();
    }

    /// <summary>Fields the handler added to its WebSocket answer are sent with the 101, and Date too.</summary>
    [TestMethod]
    public async Task HandlerFields_AreSentWithThe101()
    {
        await using var server = await StartAsync((WebSocketResponse)Response.WebSocket(new RecordingHandler()).WithHeader("x-session", "42"));

        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        ws.Handshake.Header("x-session").ShouldBe("42");
        ws.Handshake.Header("date").ShouldNotBeNull();
    }

    /// <summary>A frame sent in the same write as the handshake (before the 101 was read) is not lost: it is echoed.</summary>
    [TestMethod]
    public async Task FrameSentBehindTheHandshake_IsRead()
    {
        await using var server = await StartAsync(Response.WebSocket(new RecordingHandler()));
        using var client = server.Connect();

        await client.SendAsync([.. System.Text.Encoding.ASCII.GetBytes(RawWebSocket.UpgradeRequest("/ws")), .. Wire.TextFrame("early")]);
        (await client.ReadResponseAsync()).Status.ShouldBe(101);
        var echo = Wire.Parse(await client.ReadExactlyAsync(7)).Single();

        echo.ToString().ShouldBe("Text early");
    }

    /// <summary>
    /// Over HTTP/2 there is no Upgrade (RFC 9113 §8.6): a plain GET to a WebSocket route answers 400 on its stream,
    /// naming the extended CONNECT it needs (RFC 8441), and the connection carries on.
    /// </summary>
    [TestMethod]
    public async Task PlainGetOverHttp2_Is400()
    {
        var response = Response.WebSocket(new RecordingHandler());
        await using var server = await TestServer.StartAsync(
            [Route.Get("/ws", _ => response), Route.Get("/hello", _ => Response.Text(200, "hello"))],
            o => o with { Protocols = [Roadrunner.Server.Protocol.Http2] });
        using var http = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var refused = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/ws"));
        using var hello = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/hello"));

        ((int)refused.StatusCode).ShouldBe(400);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("extended CONNECT");
        (await hello.Content.ReadAsStringAsync()).ShouldBe("hello");
    }

    /// <summary>The route's state and the request reach the handler through the context.</summary>
    [TestMethod]
    public async Task RouteState_AndRequest_ReachTheContext()
    {
        var handler = new RecordingHandler();
        var response = Response.WebSocket(handler);
        await using var server = await TestServer.StartAsync([Route.Map("/rooms/:room", _ => response, state: "the-db")]);

        using var ws = await RawWebSocket.ConnectAsync(server.Port, "/rooms/lobby");
        var context = await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10));

        context.Request.State.ShouldBe("the-db");
        context.Request.Bindings["room"].ShouldBe("lobby");
        context.Request.Path.ShouldBe("/rooms/lobby");
    }
}
