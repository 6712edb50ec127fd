using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http2;

/// <summary>
/// The h2spec case areas through the whole server, over h2c and over TLS: one representative bad input per area,
/// sent as raw frames on a real socket after the handshake, with the exact frame and error code that must come
/// back. (Every rule is covered case by case against the codec in <c>Http2/Rfc9113</c>; these prove the server
/// passes the codec's answers to the wire unchanged.)
/// </summary>
[TestClass]
public sealed class Http2WireConformanceTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static readonly Route[] Routes = [Route.Map("/", new Roadrunner.Server.Handlers.DelegateHandler(_ => Response.Text(200, "ok")))];

    private static readonly Dictionary<string, (FrameBuilder Frames, Http2ErrorCode Code, bool StreamError)> Cases = new()
    {
        // §4.1 frame format: a frame of an unknown type is ignored; shown by a PING answered after it (see Unknown test).
        // §4.2 frame size: DATA over SETTINGS_MAX_FRAME_SIZE.
        ["4.2 DATA over max frame size"] = (new FrameBuilder().Headers(1, HeaderBlock.Post(16385), endStream: false).Data(1, new byte[16385], endStream: true), Http2ErrorCode.FRAME_SIZE_ERROR, false),
        // §4.3 header compression: an index the tables do not have.
        ["4.3 bad HPACK index"] = (new FrameBuilder().Headers(1, [0xFF, 0x7F], endStream: true), Http2ErrorCode.COMPRESSION_ERROR, false),
        // §5.1 stream states: DATA on an idle stream.
        ["5.1 DATA on idle stream"] = (new FrameBuilder().Data(1, [1], endStream: false), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §5.1.1 stream identifiers: a client stream with an even number.
        ["5.1.1 even stream id"] = (new FrameBuilder().Headers(2, HeaderBlock.Request(), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §5.3.1 a stream cannot depend on itself.
        ["5.3.1 self dependency"] = (new FrameBuilder().Priority(1, 1), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §6.1 DATA on stream 0.
        ["6.1 DATA on stream 0"] = (new FrameBuilder().Data(0, [1], endStream: false), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.2 HEADERS on stream 0.
        ["6.2 HEADERS on stream 0"] = (new FrameBuilder().Headers(0, HeaderBlock.Request(), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.3 PRIORITY with a length other than 5.
        ["6.3 PRIORITY length 4"] = (new FrameBuilder().Frame(FrameBuilder.PRIORITY, 0, 1, 0, 0, 0, 0), Http2ErrorCode.FRAME_SIZE_ERROR, true),
        // §6.4 RST_STREAM on an idle stream.
        ["6.4 RST_STREAM on idle stream"] = (new FrameBuilder().RstStream(1, 8), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.5 SETTINGS ACK with a payload.
        ["6.5 SETTINGS ACK with payload"] = (new FrameBuilder().Frame(FrameBuilder.SETTINGS, FrameBuilder.ACK, 0, 0, 0, 0, 0, 0, 0), Http2ErrorCode.FRAME_SIZE_ERROR, false),
        // §6.5.2 SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1.
        ["6.5.2 initial window too large"] = (new FrameBuilder().Settings((0x4, 0x80000000)), Http2ErrorCode.FLOW_CONTROL_ERROR, false),
        // §6.6 PUSH_PROMISE from a client.
        ["6.6 PUSH_PROMISE from client"] = (new FrameBuilder().PushPromise(1, 2, HeaderBlock.Request()), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.7 PING on a stream.
        ["6.7 PING on a stream"] = (new FrameBuilder().Frame(FrameBuilder.PING, 0, 1, new byte[8]), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.8 GOAWAY on a stream.
        ["6.8 GOAWAY on a stream"] = (new FrameBuilder().Frame(FrameBuilder.GOAWAY, 0, 1, new byte[8]), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.9 WINDOW_UPDATE with a zero increment on the connection.
        ["6.9 zero increment"] = (new FrameBuilder().WindowUpdate(0, 0), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §6.9.1 a window pushed past 2^31-1.
        ["6.9.1 window overflow"] = (new FrameBuilder().WindowUpdate(0, 0x7FFFFFFF), Http2ErrorCode.FLOW_CONTROL_ERROR, false),
        // §6.10 CONTINUATION without a HEADERS before it.
        ["6.10 stray CONTINUATION"] = (new FrameBuilder().Continuation(1, HeaderBlock.Request(), endHeaders: true), Http2ErrorCode.PROTOCOL_ERROR, false),
        // §8.1.1 content-length that disagrees with the DATA.
        ["8.1.1 content-length mismatch"] = (new FrameBuilder().Headers(1, HeaderBlock.Post(3), endStream: false).Data(1, [1, 2], endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §8.2.1 an uppercase field name.
        ["8.2.1 uppercase name"] = (new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/", ("X-Upper", "1")), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §8.2.2 a connection-specific field.
        ["8.2.2 connection field"] = (new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/", ("connection", "keep-alive")), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §8.2.2 te other than trailers.
        ["8.2.2 te gzip"] = (new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/", ("te", "gzip")), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §8.3.1 a request without :method.
        ["8.3.1 no :method"] = (new FrameBuilder().Headers(1, HeaderBlock.Literal((":scheme", "http"), (":path", "/"), (":authority", "x")), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
        // §8.3 a pseudo-header after a regular field.
        ["8.3 pseudo after regular"] = (new FrameBuilder().Headers(1, HeaderBlock.Literal((":method", "GET"), ("x-a", "1"), (":scheme", "http"), (":path", "/")), endStream: true), Http2ErrorCode.PROTOCOL_ERROR, true),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.SelectMany(name => new[] { new object[] { name, false }, [name, true] });

    /// <summary>Each case's bad frames get the exact GOAWAY (connection error) or RST_STREAM (stream error) code.</summary>
    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public async Task BadFrames_ExactAnswer(string name, bool tls)
    {
        var (frames, code, streamError) = Cases[name];
        await using var server = await TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http2], Tls = tls ? Tls : null });
        using var wire = tls ? await H2Wire.ConnectTlsAsync(server.Port) : await H2Wire.ConnectAsync(server.Port);
        await wire.ExpectAsync(Http2FrameType.SETTINGS);

        await wire.SendAsync(frames);

        if (streamError)
        {
            (await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1)).ErrorCode.ShouldBe(code);
            // The connection lives on: a request on the next stream is answered.
            await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request(), endStream: true));
            (await wire.ReadResponseAsync(3)).Status.ShouldBe(200);
        }
        else
        {
            var received = await wire.ReadUntilClosedAsync();
            received.ShouldContain(f => f.Type == Http2FrameType.GOAWAY, $"a GOAWAY for {name}");
            received.Last(f => f.Type == Http2FrameType.GOAWAY).ErrorCode.ShouldBe(code);
        }
    }

    /// <summary>§3.4: a client preface that is wrong gets GOAWAY PROTOCOL_ERROR over TLS too.</summary>
    [TestMethod]
    public async Task BadPreface_Tls_GoAwayProtocolError()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http1, Protocol.Http2], Tls = Tls });
        using var wire = await H2Wire.ConnectTlsAsync(server.Port, preface: false);
        await wire.SendAsync("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n"u8.ToArray());

        var received = await wire.ReadUntilClosedAsync();

        received.Last(f => f.Type == Http2FrameType.GOAWAY).ErrorCode.ShouldBe(Http2ErrorCode.PROTOCOL_ERROR);
    }

    /// <summary>§4.1 / §5.5: frames of unknown types and unknown settings are ignored; a PING after them is answered.</summary>
    [TestMethod]
    public async Task UnknownFrameAndSetting_Ignored()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http2] });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Frame(0xEE, 0xFF, 0, 1, 2, 3).Settings((0x99, 7)).Ping(77));

        (await wire.ExpectAsync(f => f.Type == Http2FrameType.PING && f.HasFlag(FrameBuilder.ACK), "the PING acknowledgment")).PingData.ShouldBe(77UL);
    }
}
