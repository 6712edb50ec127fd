using Roadrunner.Http2.Frames;
using Roadrunner.Http3;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// WebSockets over HTTP/3 (RFC 9220) with our client: SETTINGS_ENABLE_CONNECT_PROTOCOL announced, the extended CONNECT
/// answered 200, WebSocket frames carried in the stream's DATA both ways, the close handshake ending both halves of
/// the stream, a reset as the abnormal close, and refusals the same as over HTTP/2.
/// </summary>
[TestClass]
public sealed class Http3WebSocketTests
{
    private static readonly (string, string)[] Connect = [(":protocol", "websocket"), ("sec-websocket-version", "13")];

    private static ValueTask<Roadrunner.Server.Listening.Listener> StartAsync(RecordingHandler handler, Roadrunner.WebSockets.WebSocketOptions? options = null) =>
        Http3EndToEndTests.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))]);

    private static async Task<(OurH3Stream Stream, FrameReader Reader)> OpenAsync(OurH3Client client)
    {
        var stream = await client.OpenRequestAsync("CONNECT", "/ws", Connect);
        await client.WaitForHeadersAsync(stream);
        stream.Status.ShouldBe(200);
        stream.Finished.ShouldBeFalse();
        return (stream, new FrameReader(client, stream));
    }

    /// <summary>RFC 9220 §3: the server announces SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task Settings_AnnounceExtendedConnect()
    {
        await using var listener = await StartAsync(new RecordingHandler());
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        client.PeerSettings.EnableConnectProtocol.ShouldBeTrue();
    }

    /// <summary>
    /// Text and binary messages echo, a ping is answered with a pong carrying its payload, and the client's Close is
    /// echoed before the server ends its half of the stream with FIN (RFC 9220 §3, RFC 6455 §5.5).
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task Echo_TextBinaryPing_ThenCloseHandshakeEndsTheStream()
    {
        var handler = new RecordingHandler();
        await using var listener = await StartAsync(handler);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var (stream, reader) = await OpenAsync(client);
        client.Header(stream, "sec-websocket-accept").ShouldBeNull();

        await client.WriteAsync(stream, Wire.TextFrame("over h3"));
        var text = await reader.NextAsync();
        text.ToString().ShouldBe("Text over h3");
        text.Masked.ShouldBeFalse();

        var binary = new byte[70_000];
        new Random(5).NextBytes(binary);
        await client.WriteAsync(stream, Wire.BinaryFrame(binary));
        var echoed = await reader.NextAsync();
        echoed.Opcode.ShouldBe(Wire.Binary);
        echoed.Payload.ShouldBe(binary);

        await client.WriteAsync(stream, Wire.Frame(Wire.Ping, "are you there"u8));
        var pong = await reader.NextAsync();
        pong.Opcode.ShouldBe(Wire.Pong);
        pong.Text.ShouldBe("are you there");

        await client.WriteAsync(stream, Wire.CloseFrame(1000, "bye"));
        (await reader.NextAsync()).CloseCode.ShouldBe(1000);
        await client.WaitAsync(() => stream.Finished);
        await client.EndAsync(stream);
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.NormalClosure);
        stream.ResetCode.ShouldBeNull();
        client.Closed.ShouldBeNull();
    }

    /// <summary>
    /// Invalid UTF-8 in a text frame fails the WebSocket with 1007 as over HTTP/1.1 (RFC 6455 §8.1), and the server
    /// ends its half of the stream with FIN at once, without waiting for a Close reply (§7.1.7); the close timeout is
    /// far longer than the client's wait.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task InvalidUtf8_Close1007_StreamEndsWithoutWaiting()
    {
        var handler = new RecordingHandler();
        await using var listener = await StartAsync(handler, new() { CloseTimeout = TimeSpan.FromSeconds(30) });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var (stream, reader) = await OpenAsync(client);

        await client.WriteAsync(stream, Wire.Frame(Wire.Text, [0x68, 0xC0, 0xAF]));

        (await reader.NextAsync()).CloseCode.ShouldBe(1007);
        await client.WaitAsync(() => stream.Finished);
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.InvalidFramePayloadData);
    }

    /// <summary>A reset from the client is the abnormal end of the tunnel (RFC 9220 §3): the handler sees 1006.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task ClientReset_Handler1006()
    {
        var handler = new RecordingHandler();
        await using var listener = await StartAsync(handler);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var (stream, _) = await OpenAsync(client);
        await handler.Opened.WaitAsync(OurH3Client.Timeout);

        client.Reset(stream, Http3ErrorCode.H3_REQUEST_CANCELLED);

        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
    }

    /// <summary>A drain sends GOAWAY and closes the WebSocket with 1001 Going Away.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task Drain_Close1001()
    {
        var handler = new RecordingHandler();
        await using var listener = await StartAsync(handler);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var (stream, reader) = await OpenAsync(client);
        await handler.Opened.WaitAsync(OurH3Client.Timeout);

        var drain = listener.DrainAsync(TimeSpan.FromSeconds(10));

        (await reader.NextAsync()).CloseCode.ShouldBe(1001);
        await client.WriteAsync(stream, Wire.CloseFrame(1001), endStream: true);
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.GoingAway);
        await drain;
    }

    /// <summary>Another version is refused 426 with sec-websocket-version: 13, as over HTTP/2 (RFC 8441 §5 keeps RFC 6455's rules).</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task WrongVersion_426_SameAsHttp2()
    {
        await using var listener = await StartAsync(new RecordingHandler());
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var stream = await client.OpenRequestAsync("CONNECT", "/ws", [(":protocol", "websocket"), ("sec-websocket-version", "12")]);
        var response = await client.ReadResponseAsync(stream);
        var h2 = await Http2AnswerAsync(listener.Port, false, (":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"),
            (":path", "/ws"), (":authority", "localhost"), ("sec-websocket-version", "12"));

        response.Status.ShouldBe(426);
        response.Header("sec-websocket-version").ShouldBe("13");
        h2.Status.ShouldBe(response.Status);
        h2.Fields["sec-websocket-version"].ShouldBe("13");
        h2.Body.ToArray().ShouldBe(response.Body);
    }

    /// <summary>
    /// A CONNECT without :protocol is a plain tunnel request (RFC 9114 §4.4), not a WebSocket: it has no content
    /// (RFC 9110 §9.3.6), so it is answered at once, by the router, as over HTTP/1.1; the WebSocket handler never runs.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task ConnectWithoutProtocol_AnsweredAtOnce_NoWebSocket()
    {
        var handler = new RecordingHandler();
        await using var listener = await StartAsync(handler);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var stream = await client.OpenRequestAsync("CONNECT", "/ws", [("sec-websocket-version", "13")], authority: "localhost:443");
        var response = await client.ReadResponseAsync(stream);
        // Over HTTP/2 the stream stays open too (no END_STREAM): the answer must not wait for content.
        var h2 = await Http2AnswerAsync(listener.Port, false, (":method", "CONNECT"), (":authority", "localhost:443"), ("sec-websocket-version", "13"));

        response.Status.ShouldBe(404);
        h2.Status.ShouldBe(404);
        handler.Opened.IsCompleted.ShouldBeFalse();
        (await client.SendRequestAsync("GET", "/nothing")).Status.ShouldBe(404);
    }

    /// <summary>A plain GET to a WebSocket route is refused 400: HTTP/3 has no Upgrade, as over HTTP/2.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task PlainGet_400()
    {
        await using var listener = await StartAsync(new RecordingHandler());
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("GET", "/ws", [("sec-websocket-version", "13")]);
        var h2 = await Http2AnswerAsync(listener.Port, true, (":method", "GET"), (":scheme", "https"), (":path", "/ws"), (":authority", "localhost"),
            ("sec-websocket-version", "13"));

        response.Status.ShouldBe(400);
        response.Text.ShouldStartWith("RFC 9220 §3");
        h2.Status.ShouldBe(400);
    }

    private static async Task<H2Response> Http2AnswerAsync(int port, bool endStream, params (string, string)[] fields)
    {
        using var wire = await H2Wire.ConnectTlsAsync(port);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Literal(fields), endStream));
        return await wire.ReadResponseAsync(1);
    }

    /// <summary>WebSocket frames from the response content, one at a time.</summary>
    private sealed class FrameReader(OurH3Client client, OurH3Stream stream)
    {
        private readonly List<byte> _bytes = [];
        private readonly byte[] _buffer = new byte[16 * 1024];

        public async Task<WireFrame> NextAsync()
        {
            while (true)
            {
                if (TryParse(out var frame)) return frame;
                var n = await client.ReadAsync(stream, _buffer);
                if (n == 0) throw new EndOfStreamException("The stream ended before a whole frame.");
                _bytes.AddRange(_buffer.AsSpan(0, n));
            }
        }

        private bool TryParse(out WireFrame frame)
        {
            frame = null!;
            if (_bytes.Count < 2) return false;
            var bytes = _bytes.ToArray();
            long length = bytes[1] & 0x7F;
            var header = length == 126 ? 4 : length == 127 ? 10 : 2;
            if (bytes.Length < header) return false;
            if (length == 126) length = (bytes[2] << 8) | bytes[3];
            else if (length == 127) length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(2));
            var total = header + ((bytes[1] & 0x80) != 0 ? 4 : 0) + (int)length;
            if (bytes.Length < total) return false;
            frame = Wire.Parse(bytes.AsSpan(0, total)).Single();
            _bytes.RemoveRange(0, total);
            return true;
        }
    }
}
