using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// Bad frames over a real socket (RFC 6455 §5, §7.4.1, §8.1): the server fails the WebSocket with a Close carrying the
/// exact status and then closes the TCP connection at once, without waiting for the client's Close (§7.1.7: "_Fail the
/// WebSocket Connection_" sends a Close "before proceeding to _Close the WebSocket Connection_", which closes TCP), and
/// tells the handler the same status. The client sends nothing after the bad bytes; the close timeout is set far longer
/// than the wait for the TCP close, so a server that waited for a Close reply would fail the test.
/// </summary>
[TestClass]
public sealed class BadFrameTests
{
    /// <summary>How long the server may take to close TCP after failing; well under the close timeout below.</summary>
    private static readonly TimeSpan TcpCloseWait = TimeSpan.FromSeconds(3);

    private static async Task<(int? Sent, WebSocketCloseCode Handler)> SendAsync(byte[] bytes, WebSocketOptions? options = null)
    {
        var handler = new RecordingHandler();
        options = (options ?? new WebSocketOptions()) with { CloseTimeout = TimeSpan.FromSeconds(30) };
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        await ws.SendAsync(bytes);
        var close = await ws.ReadCloseAsync();
        (await ws.WaitForTcpCloseAsync(TcpCloseWait)).ShouldBeTrue("the server closes TCP after failing the WebSocket, without waiting for a Close reply");
        var (code, _) = await handler.WaitClosedAsync();
        return (close.CloseCode, code);
    }

    private static async Task ShouldFailWithAsync(byte[] bytes, WebSocketCloseCode expected, WebSocketOptions? options = null)
    {
        var (sent, handler) = await SendAsync(bytes, options);
        sent.ShouldBe((int)expected);
        handler.ShouldBe(expected);
    }

    /// <summary>RFC 6455 §5.1: "The server MUST close the connection upon receiving a frame that is not masked" — 1002.</summary>
    [TestMethod]
    public Task UnmaskedClientFrame_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Text, "hello"u8, masked: false), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_" — 1002.</summary>
    [TestMethod]
    public Task ReservedOpcode_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(0x3, "x"u8), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.5: "All control frames ... MUST NOT be fragmented" — a Ping without FIN is 1002.</summary>
    [TestMethod]
    public Task FragmentedControlFrame_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Ping, "p"u8, fin: false), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less" — 126 is 1002.</summary>
    [TestMethod]
    public Task ControlFrameOver125Bytes_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Ping, new byte[126]), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.4: a continuation frame with no message under way is 1002.</summary>
    [TestMethod]
    public Task ContinuationWithoutMessage_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Continuation, "x"u8), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §8.1: text that is not UTF-8 fails the connection with 1007 (§7.4.1: "not consistent with the type").</summary>
    [TestMethod]
    public Task InvalidUtf8Text_Is1007() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Text, [0x68, 0xC0, 0xAF]), WebSocketCloseCode.InvalidFramePayloadData);

    /// <summary>RFC 6455 §8.1: a text message may not end inside a UTF-8 sequence, even across fragments — 1007.</summary>
    [TestMethod]
    public Task TextEndingInsideASequence_Is1007() =>
        ShouldFailWithAsync(
            Wire.Concat(Wire.Frame(Wire.Text, "ok "u8, fin: false), Wire.Frame(Wire.Continuation, [0xE2, 0x82])),
            WebSocketCloseCode.InvalidFramePayloadData);

    /// <summary>RFC 6455 §7.4.1 1009: a message over <c>MaxMessageSize</c>, counted across its fragments, is refused.</summary>
    [TestMethod]
    public Task MessageOverTheLimit_Is1009() =>
        ShouldFailWithAsync(
            Wire.Concat(Wire.Frame(Wire.Binary, new byte[600], fin: false), Wire.Frame(Wire.Continuation, new byte[600])),
            WebSocketCloseCode.MessageTooBig,
            new WebSocketOptions { MaxMessageSize = 1000 });

    /// <summary>RFC 6455 §7.4.1 1009: a frame over <c>MaxFrameSize</c> is refused as soon as its header arrives.</summary>
    [TestMethod]
    public Task FrameOverTheLimit_Is1009() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Binary, new byte[2000]), WebSocketCloseCode.MessageTooBig, new WebSocketOptions { MaxFrameSize = 1000 });

    /// <summary>RFC 6455 §5.2: RSV1 "MUST be 0 unless an extension is negotiated" — without permessage-deflate, 1002.</summary>
    [TestMethod]
    public Task Rsv1WithoutDeflate_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Text, "hi"u8, rsv1: true), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §7.4: 1005 "MUST NOT be set as a status code in a Close control frame" — a Close carrying it is 1002.</summary>
    [TestMethod]
    public Task CloseWithCode1005_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Close, Wire.CloseBody(1005)), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §7.4.2: codes below 1000 are not used — a Close with 999 is 1002.</summary>
    [TestMethod]
    public Task CloseWithCode999_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Close, Wire.CloseBody(999)), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.5.1: a Close body of one byte cannot hold a status code — 1002.</summary>
    [TestMethod]
    public Task CloseWithOneByteBody_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Close, [0x03]), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.5.1: the Close reason is UTF-8; invalid bytes are 1007.</summary>
    [TestMethod]
    public Task CloseWithInvalidUtf8Reason_Is1007() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Close, Wire.CloseBody(1000, [0xFF])), WebSocketCloseCode.InvalidFramePayloadData);

    /// <summary>RFC 6455 §5.2: RSV2 "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values" — 1002.</summary>
    [TestMethod]
    public Task Rsv2_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Binary, "x"u8, rsv2: true), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.2: RSV3 likewise — 1002.</summary>
    [TestMethod]
    public Task Rsv3_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Text, "x"u8, rsv3: true), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.2: opcodes 0xB-0xF are "reserved for further control frames" — a reserved control opcode is 1002.</summary>
    [TestMethod]
    public Task ReservedControlOpcode_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(0xB, []), WebSocketCloseCode.ProtocolError);

    /// <summary>
    /// RFC 6455 §8.1, Autobahn 6.4.1/6.4.2: invalid UTF-8 in a middle fragment of a text message fails the connection
    /// when that fragment arrives; the message is never finished and the server does not wait for its end.
    /// </summary>
    [TestMethod]
    public Task InvalidUtf8InAFragment_Is1007_BeforeTheMessageEnds() =>
        ShouldFailWithAsync(
            Wire.Concat(Wire.Frame(Wire.Text, "κόσμε"u8, fin: false), Wire.Frame(Wire.Continuation, [0xF4, 0x90, 0x80, 0x80], fin: false)),
            WebSocketCloseCode.InvalidFramePayloadData);

    /// <summary>
    /// RFC 6455 §8.1, Autobahn 6.4.3/6.4.4 ("fail fast"): a text frame whose payload arrives in pieces fails as soon as
    /// the invalid sequence is seen, not when the frame is complete. Only the header and the first bytes of a 64-byte
    /// payload are sent; the rest never comes.
    /// </summary>
    [TestMethod]
    public Task InvalidUtf8InsideAnUnfinishedFrame_Is1007_AtOnce()
    {
        byte[] payload = [.. "κόσμε"u8, 0xF4, 0x90, 0x80, 0x80, .. new byte[64 - 15]];
        var frame = Wire.Frame(Wire.Text, payload);
        // Header (2 + 4 mask bytes) and the valid text, then the first invalid byte pair: F4 90 is above U+10FFFF.
        return ShouldFailWithAsync(frame.AsSpan(0, 6 + 13).ToArray(), WebSocketCloseCode.InvalidFramePayloadData);
    }

    /// <summary>RFC 6455 §5.5.1: a malformed Close from the client is answered with 1002 and the connection closes; no second Close is awaited.</summary>
    [TestMethod]
    public Task CloseWithCode1004_Is1002() =>
        ShouldFailWithAsync(Wire.Frame(Wire.Close, Wire.CloseBody(1004)), WebSocketCloseCode.ProtocolError);

    /// <summary>RFC 6455 §5.2: a 64-bit length with the most significant bit set cannot be framed — 1002.</summary>
    [TestMethod]
    public Task LengthWithTopBitSet_Is1002() =>
        ShouldFailWithAsync([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0x37, 0xfa, 0x21, 0x3d], WebSocketCloseCode.ProtocolError);
}
