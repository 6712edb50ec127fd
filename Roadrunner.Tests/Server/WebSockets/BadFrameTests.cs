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
/// exact status, completes the close handshake, closes the TCP connection, and tells the handler the same status.
/// </summary>
[TestClass]
public sealed class BadFrameTests
{
    private static async Task<(int? Sent, WebSocketCloseCode Handler)> SendAsync(byte[] bytes, WebSocketOptions? options = null)
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        await ws.SendAsync(bytes);
        var close = await ws.ReadCloseAsync();
        // §7.1.7: the server sent its Close; the client answers it and the server closes the TCP connection first.
        await ws.SendAsync(Wire.CloseFrame(close.CloseCode ?? 1000));
        (await ws.WaitForTcpCloseAsync()).ShouldBeTrue();
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
}
