using System.Net;
using System.Net.WebSockets;
using System.Text;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441): SETTINGS_ENABLE_CONNECT_PROTOCOL announced, the extended CONNECT answered 200,
/// WebSocket frames carried in the stream's DATA, the close handshake ending both halves of the stream, RST_STREAM
/// as the abnormal close, and interop with <see cref="ClientWebSocket"/> over HTTP/2.
/// </summary>
[TestClass]
public sealed class Http2WebSocketTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static Task<TestServer> StartAsync(RecordingHandler handler, TlsOptions? tls = null, Roadrunner.WebSockets.WebSocketOptions? options = null) =>
        TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))], o => o with { Protocols = [Protocol.Http1, Protocol.Http2], Tls = tls });

    private static byte[] ConnectBlock(string path = "/ws", params (string, string)[] extra) =>
        HeaderBlock.Literal([(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
            ("sec-websocket-version", "13"), .. extra]);

    private static async Task<H2Wire> OpenAsync(int port)
    {
        var wire = await H2Wire.ConnectAsync(port);
        await wire.SendAsync(new FrameBuilder().Headers(1, ConnectBlock(), endStream: false));
        var headers = await wire.ExpectAsync(Http2FrameType.HEADERS, 1);
        wire.FieldsOf(headers)[":status"].ShouldBe("200");
        headers.HasFlag(FrameBuilder.END_STREAM).ShouldBeFalse();
        return wire;
    }

    private static async Task<List<WireFrame>> ReadWebSocketFramesAsync(H2Wire wire, int count)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var data = await wire.ExpectAsync(Http2FrameType.DATA, 1);
            bytes.AddRange(data.Payload);
            var frames = Wire.Parse([.. bytes]);
            if (frames.Count >= count) return frames;
        }
    }

    /// <summary>RFC 8441 §3: the server announces SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.</summary>
    [TestMethod]
    public async Task Settings_AnnounceExtendedConnect()
    {
        await using var server = await StartAsync(new RecordingHandler());
        using var wire = await H2Wire.ConnectAsync(server.Port);

        var settings = await wire.ExpectAsync(Http2FrameType.SETTINGS);

        settings.Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1));
    }

    /// <summary>
    /// The extended CONNECT is answered 200 without END_STREAM; a masked text frame in DATA is echoed unmasked in
    /// DATA; the client's Close is echoed and the server ends its half of the stream (RFC 8441 §5).
    /// </summary>
    [TestMethod]
    public async Task RawFrames_Echo_ThenCloseEndsTheStream()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var wire = await OpenAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Data(1, Wire.TextFrame("over h2"), endStream: false));
        var echo = (await ReadWebSocketFramesAsync(wire, 1)).Single();
        echo.ToString().ShouldBe("Text over h2");
        echo.Masked.ShouldBeFalse();

        await wire.SendAsync(new FrameBuilder().Data(1, Wire.CloseFrame(1000, "bye"), endStream: false));
        var close = await wire.ExpectAsync(Http2FrameType.DATA, 1);
        Wire.Parse(close.Payload).Single().CloseCode.ShouldBe(1000);
        await wire.ExpectAsync(f => f.StreamId == 1 && f.HasFlag(FrameBuilder.END_STREAM), "END_STREAM after the close handshake");
        (await handler.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe(RoadrunnerCloseCode.NormalClosure);
    }

    /// <summary>
    /// A tunnel is not a request body: more bytes than max_content_length over the WebSocket's life are fine, since
    /// each message is bounded by the WebSocket limits instead.
    /// </summary>
    [TestMethod]
    public async Task TunnelCarriesMoreThanMaxContentLength()
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler))],
            o => o with { Protocols = [Protocol.Http2], MaxContentLength = 100 });
        using var wire = await OpenAsync(server.Port);

        var text = new string('x', 80);
        await wire.SendAsync(new FrameBuilder().Data(1, Wire.TextFrame(text), endStream: false).Data(1, Wire.TextFrame(text), endStream: false));

        var echoes = await ReadWebSocketFramesAsync(wire, 2);
        echoes.Select(f => f.Text).ShouldBe([text, text]);
    }

    /// <summary>
    /// Bad frames inside DATA get the same close codes as over HTTP/1.1: an unmasked client frame is 1002, and the
    /// server ends the stream at once (END_STREAM, then RST_STREAM NO_ERROR for the client's unfinished half) without
    /// waiting for a Close reply (RFC 6455 §7.1.7); the close timeout is far longer than the wait.
    /// </summary>
    [TestMethod]
    public async Task UnmaskedFrame_Close1002_StreamEndsWithoutWaiting()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, options: new() { CloseTimeout = TimeSpan.FromSeconds(30) });
        using var wire = await OpenAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Data(1, Wire.Frame(Wire.Text, "x"u8, masked: false), endStream: false));

        (await ReadWebSocketFramesAsync(wire, 1)).Single().CloseCode.ShouldBe(1002);
        await wire.ExpectAsync(f => f.StreamId == 1 && f.HasFlag(FrameBuilder.END_STREAM), "END_STREAM after failing the WebSocket", TimeSpan.FromSeconds(3));
        (await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1, TimeSpan.FromSeconds(3))).ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        (await handler.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe(RoadrunnerCloseCode.ProtocolError);
    }

    /// <summary>RST_STREAM from the client is the abnormal end of the tunnel: the handler sees 1006.</summary>
    [TestMethod]
    public async Task ClientReset_Handler1006()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var wire = await OpenAsync(server.Port);
        await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10));

        await wire.SendAsync(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL));

        (await handler.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
    }

    /// <summary>A drain reaches a WebSocket on an HTTP/2 stream: Close 1001 in DATA, next to the GOAWAY.</summary>
    [TestMethod]
    public async Task Drain_Close1001()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var wire = await OpenAsync(server.Port);
        await handler.Opened.WaitAsync(TimeSpan.FromSeconds(10));

        _ = server.Listener.DrainAsync(TimeSpan.FromSeconds(5));

        (await ReadWebSocketFramesAsync(wire, 1)).Single().CloseCode.ShouldBe(1001);
        wire.Received.ShouldContain(f => f.Type == Http2FrameType.GOAWAY);
    }

    /// <summary>Without SETTINGS_ENABLE_CONNECT_PROTOCOL, :protocol makes the request malformed: RST_STREAM PROTOCOL_ERROR (RFC 8441 §4).</summary>
    [TestMethod]
    public async Task ProtocolWithoutTheSetting_StreamProtocolError()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(new RecordingHandler()))],
            o => o with { Protocols = [Protocol.Http2], Http2 = Http2Options.Default });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, ConnectBlock(), endStream: false));

        (await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1)).ErrorCode.ShouldBe(Http2ErrorCode.PROTOCOL_ERROR);
    }

    /// <summary>An extended CONNECT with another version is refused 426 with sec-websocket-version: 13 (RFC 8441 §5 keeps RFC 6455's rules).</summary>
    [TestMethod]
    public async Task WrongVersion_426()
    {
        await using var server = await StartAsync(new RecordingHandler());
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Literal((":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"),
            (":path", "/ws"), (":authority", "localhost"), ("sec-websocket-version", "12")), endStream: false));
        var response = await wire.ReadResponseAsync(1);

        response.Status.ShouldBe(426);
        response.Fields["sec-websocket-version"].ShouldBe("13");
    }

    /// <summary><see cref="ClientWebSocket"/> over HTTP/2 with TLS (RFC 8441 as .NET implements it): text and binary echo, then a clean close.</summary>
    [TestMethod]
    public async Task ClientWebSocket_OverHttp2Tls_Echo()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, Tls);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        using var ws = new ClientWebSocket();
        ws.Options.HttpVersion = HttpVersion.Version20;
        ws.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        ws.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(ClientSockets.Timeout);

        await ws.ConnectAsync(new Uri($"wss://localhost:{server.Port}/ws"), invoker, cts.Token);
        ws.HttpStatusCode.ShouldBe(HttpStatusCode.OK);

        await ws.SendAsync("hello over h2"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
        var (type, payload) = await ws.ReceiveMessageAsync();
        type.ShouldBe(WebSocketMessageType.Text);
        Encoding.UTF8.GetString(payload).ShouldBe("hello over h2");

        var big = new byte[200_000];
        new Random(1).NextBytes(big);
        await ws.SendAsync(big, WebSocketMessageType.Binary, true, cts.Token);
        (await ws.ReceiveMessageAsync()).Payload.ShouldBe(big);

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
        ws.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        (await handler.Closed.WaitAsync(TimeSpan.FromSeconds(10))).Code.ShouldBe(RoadrunnerCloseCode.NormalClosure);
    }
}
