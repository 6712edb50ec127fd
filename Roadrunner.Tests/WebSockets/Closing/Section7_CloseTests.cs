using System.Text;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Session;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Closing;

/// <summary>RFC 6455 §5.5.1 Close frames and §7 closing the connection (Autobahn 7.x).</summary>
[TestClass]
public sealed class Section7_CloseTests
{
    /// <summary>
    /// §5.5.1: "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST
    /// send a Close frame in response. (When sending a Close frame in response, the endpoint typically echos the
    /// status code it received.)" Autobahn 7.1.1: a message is echoed, then the Close is echoed and the session
    /// closes ("After both sending and receiving a Close message ... MUST close the underlying TCP connection").
    /// </summary>
    [TestMethod]
    public void S5_5_1_Close_IsEchoedAndSessionCloses()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(TextFrame("Hello World!"), CloseFrame(1000)).Select(e => e.ToString())
            .ShouldBe(["Message Text Hello World!", "CloseReceived 1000", "Closed 1000"]);
        server.TakeDescribed().ShouldBe(["Text Hello World!", "Close 1000"]);
        server.Session.State.ShouldBe(WebSocketState.Closed);
        server.Session.TryReadEvent(out _).ShouldBeFalse();
    }

    /// <summary>
    /// §5.5.1: "The application MUST NOT send any more data frames after sending a Close frame", and nothing is read
    /// after a Close. Autobahn 7.1.2–7.1.4: a second Close, a Ping, a text message after the Close are ignored.
    /// </summary>
    [TestMethod]
    public void S5_5_1_FramesAfterClose_AreIgnored()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(CloseFrame(1000), CloseFrame(1000), Frame(Ping, "ping"u8), TextFrame("after"))
            .Select(e => e.ToString()).ShouldBe(["CloseReceived 1000", "Closed 1000"]);
        server.TakeDescribed().ShouldBe(["Close 1000"]);
        server.Feed(TextFrame("later")).ShouldBeEmpty();
        server.Session.SendText("x"u8).ShouldBeFalse();
        server.TakeBytes().ShouldBeEmpty();
    }

    /// <summary>Autobahn 7.1.6: a large message, then a Close, then a Ping: the message is echoed, the Close answered, the Ping ignored.</summary>
    [TestMethod]
    public void S7_1_LargeMessageThenCloseThenPing()
    {
        var text = new string('B', 256 * 1024);
        using var server = new SessionDriver { Echo = true };
        server.Feed(Concat(TextFrame(text), CloseFrame(1000), Frame(Ping, "ping"u8)), 4096);
        server.TakeDescribed().ShouldBe([$"Text {text.Length}", "Close 1000"]);
    }

    /// <summary>§5.5.1: "The Close frame MAY contain a body" — Autobahn 7.3.1: an empty Close is answered with an empty Close; the status reported is 1005.</summary>
    [TestMethod]
    public void S5_5_1_EmptyClose_EchoedEmpty()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Close, [])).Select(e => e.ToString()).ShouldBe(["CloseReceived 1005", "Closed 1005"]);
        server.TakeFrames().Single().Payload.ShouldBeEmpty();
    }

    /// <summary>
    /// §5.5.1: "If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer (in network
    /// byte order) representing a status code". Autobahn 7.3.2: a 1-byte body is a protocol error (1002).
    /// </summary>
    [TestMethod]
    public void S5_5_1_CloseWithOneBytePayload_Closes1002()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Close, [0x03])).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>Autobahn 7.3.3–7.3.5: a code alone, a code with a reason, and a code with a 123-byte reason are echoed with their reason.</summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("Hello World!")]
    [DataRow("*")]
    public void S5_5_1_CloseWithReason_EchoedWithReason(string reason)
    {
        if (reason == "*") reason = new string('*', 123);
        using var server = new SessionDriver();
        var events = server.Feed(CloseFrame(1000, reason));
        events[0].CloseReason.ShouldBe(reason);
        events[0].Text.ShouldBe(reason);
        var echo = server.TakeFrames().Single();
        echo.CloseCode.ShouldBe(1000);
        Encoding.UTF8.GetString(echo.Payload, 2, echo.Payload.Length - 2).ShouldBe(reason);
    }

    /// <summary>§5.5: "All control frames MUST have a payload length of 125 bytes or less". Autobahn 7.3.6: a 124-byte reason makes 126: 1002.</summary>
    [TestMethod]
    public void S5_5_CloseWith124ByteReason_Closes1002()
    {
        using var server = new SessionDriver();
        server.Feed(CloseFrame(1000, new string('*', 124))).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// §5.5.1: "Following the 2-byte integer, the body MAY contain UTF-8-encoded data with value /reason/"; §8.1:
    /// "When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a
    /// valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_." Autobahn 7.5.1: 1007.
    /// </summary>
    [TestMethod]
    public void S5_5_1_CloseReasonInvalidUtf8_Closes1007()
    {
        using var server = new SessionDriver();
        byte[] reason = [0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64];
        server.Feed(Frame(Close, CloseBody(1000, reason))).Select(e => e.ToString()).ShouldBe(["Closed 1007"]);
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>
    /// §7.4.1 defines 1000–1003 and 1007–1011; IANA registered 1012–1014; §7.4.2: "Status codes in the range
    /// 3000-3999 are reserved for use by libraries, frameworks, and applications", "4000-4999 are reserved for
    /// private use". Autobahn 7.7.x: each is accepted and echoed.
    /// </summary>
    [TestMethod]
    [DataRow(1000)]
    [DataRow(1001)]
    [DataRow(1002)]
    [DataRow(1003)]
    [DataRow(1007)]
    [DataRow(1008)]
    [DataRow(1009)]
    [DataRow(1010)]
    [DataRow(1011)]
    [DataRow(1012)]
    [DataRow(1013)]
    [DataRow(1014)]
    [DataRow(3000)]
    [DataRow(3999)]
    [DataRow(4000)]
    [DataRow(4999)]
    public void S7_4_ValidStatusCode_IsEchoed(int code)
    {
        using var server = new SessionDriver();
        server.Feed(CloseFrame(code)).Select(e => e.ToString()).ShouldBe([$"CloseReceived {code}", $"Closed {code}"]);
        server.TakeDescribed().ShouldBe([$"Close {code}"]);
    }

    /// <summary>
    /// §7.4.1: 1004 "Reserved"; 1005, 1006 and 1015 "MUST NOT be set as a status code in a Close control frame by an
    /// endpoint"; §7.4.2: "Status codes in the range 0-999 are not used", 1000–2999 are for the protocol and its
    /// extensions. Autobahn 7.9.x: each is a protocol error (1002).
    /// </summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(999)]
    [DataRow(1004)]
    [DataRow(1005)]
    [DataRow(1006)]
    [DataRow(1015)]
    [DataRow(1016)]
    [DataRow(1100)]
    [DataRow(2000)]
    [DataRow(2999)]
    [DataRow(5000)]
    [DataRow(65535)]
    public void S7_4_InvalidStatusCode_Closes1002(int code)
    {
        using var server = new SessionDriver();
        server.Feed(CloseFrame(code)).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// §7.1.2: "To _Start the WebSocket Closing Handshake_ with a status code ... an endpoint MUST send a Close
    /// control frame"; §7.1.3: once "a Close frame has been sent and received" the connection is closed. Data that
    /// arrives before the peer's Close is still delivered; the Closed status is the one in the peer's reply (§7.1.5).
    /// </summary>
    [TestMethod]
    public void S7_1_2_StartClose_WaitsForReply()
    {
        using var server = new SessionDriver { Now = 100 };
        server.Session.SendClose(WebSocketCloseCode.GoingAway, "restart", 100).ShouldBeTrue();
        server.Session.State.ShouldBe(WebSocketState.CloseSent);
        server.Session.NextDeadline.ShouldBe(5100);
        var close = server.TakeFrames().Single();
        close.CloseCode.ShouldBe(1001);
        close.Text[2..].ShouldBe("restart");

        server.Session.SendText("late"u8).ShouldBeFalse();
        server.Session.SendClose(WebSocketCloseCode.NormalClosure, null, 100).ShouldBeFalse();
        server.Feed(TextFrame("in flight"), Frame(Ping, "p"u8), CloseFrame(1001)).Select(e => e.ToString())
            .ShouldBe(["Message Text in flight", "CloseReceived 1001", "Closed 1001"]);
        server.TakeBytes().ShouldBeEmpty(); // no Pong and no second Close once ours is out
        server.Session.NextDeadline.ShouldBe(long.MaxValue);
    }

    /// <summary>
    /// §7.1.1: the endpoint waits for the peer's Close, but not forever; time comes in as a parameter, and when the
    /// deadline passes the session is Closed with 1006 (§7.1.5: no Close frame was received).
    /// </summary>
    [TestMethod]
    public void S7_1_1_CloseTimeout_ClosesWith1006()
    {
        using var server = new SessionDriver(new WebSocketOptions { CloseTimeout = TimeSpan.FromSeconds(2) });
        server.Session.SendClose(WebSocketCloseCode.NormalClosure, "", 1000);
        server.Session.NextDeadline.ShouldBe(3000);
        server.Session.OnTimeout(2999);
        server.Drain().ShouldBeEmpty();
        server.Session.OnTimeout(3000);
        server.Drain().Select(e => e.ToString()).ShouldBe(["Closed 1006"]);
        server.Session.State.ShouldBe(WebSocketState.Closed);
    }

    /// <summary>
    /// §7.1.7: "the endpoint SHOULD send a Close frame with an appropriate status code before proceeding to _Close
    /// the WebSocket Connection_", and "MUST NOT continue to attempt to process data (including a responding Close
    /// frame) from the remote endpoint". The session ends at once with the failure's status: no deadline is left to
    /// wait on, and whatever follows (data, a Ping, the peer's Close) is ignored.
    /// </summary>
    [TestMethod]
    public void S7_1_7_Failure_ClosesAtOnce_WithoutWaitingForThePeer()
    {
        using var server = new SessionDriver { Echo = true, Now = 10 };
        var closed = server.Feed(Frame(Binary, [1], rsv3: true)).Single();
        closed.ToString().ShouldBe("Closed 1002");
        closed.CloseReason.ShouldNotBeNullOrEmpty();
        server.TakeDescribed().ShouldBe(["Close 1002"]);
        server.Session.State.ShouldBe(WebSocketState.Closed);
        server.Session.NextDeadline.ShouldBe(long.MaxValue);
        server.Feed(BinaryFrame(new byte[70000]), Frame(Ping, "p"u8), CloseFrame(1002)).ShouldBeEmpty();
        server.TakeBytes().ShouldBeEmpty();
    }

    /// <summary>
    /// Autobahn 6.4.3/6.4.4 ("fail fast"): a text frame whose payload is still arriving fails as soon as the invalid
    /// sequence is seen; the rest of the frame is never needed.
    /// </summary>
    [TestMethod]
    public void S8_1_InvalidTextInsideAnUnfinishedFrame_ClosesAtOnce()
    {
        using var server = new SessionDriver();
        byte[] payload = [.. "κόσμε"u8, 0xF4, 0x90, 0x80, 0x80, .. "edited"u8];
        var frame = Frame(Text, payload);
        server.Feed(frame[..(6 + 11)]).ShouldBeEmpty();
        server.Feed(frame[(6 + 11)..(6 + 13)]).Select(e => e.ToString()).ShouldBe(["Closed 1007"]);
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>
    /// Failing the connection from the application's side (a resource limit, RFC 6455 §10.4): Close 1009 is written,
    /// the buffered message is dropped, and the session ends at once.
    /// </summary>
    [TestMethod]
    public void S7_1_7_FailConnection_SendsCloseAndEndsAtOnce()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Binary, new byte[300], fin: false), Frame(Continuation, new byte[100], fin: false)[..50]).ShouldBeEmpty();
        server.Session.BufferedBytes.ShouldBe(300 + 50 - 6); // the second header (2 + 4 mask) is consumed

        server.Session.FailConnection(WebSocketCloseCode.MessageTooBig, "full").ShouldBeTrue();

        server.Session.BufferedBytes.ShouldBe(0);
        server.Drain().Select(e => e.ToString()).ShouldBe(["Closed 1009"]);
        server.TakeDescribed().ShouldBe(["Close 1009"]);
        server.Session.FailConnection(WebSocketCloseCode.MessageTooBig, null).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => server.Session.FailConnection(WebSocketCloseCode.AbnormalClosure, null));
    }

    /// <summary>
    /// What the session holds counts the frame still arriving and the fragments assembled so far, and drops to 0 when
    /// the message is handed out.
    /// </summary>
    [TestMethod]
    public void BufferedBytes_CountsUnfinishedFramesAndMessages()
    {
        using var server = new SessionDriver();
        var first = Frame(Binary, new byte[200], fin: false);
        server.Feed(first[..100]).ShouldBeEmpty();
        server.Session.BufferedBytes.ShouldBe(100 - 8); // the header (2 + 2 length + 4 mask) is consumed
        server.Feed(first[100..]).ShouldBeEmpty();
        server.Session.BufferedBytes.ShouldBe(200);
        server.Feed(Frame(Continuation, new byte[50])).Single().Payload.Length.ShouldBe(250);
        server.Session.BufferedBytes.ShouldBe(0);
    }

    /// <summary>§7.1.5: "If _The WebSocket Connection is Closed_ and no Close control frame was received ... the close code is considered to be 1006."</summary>
    [TestMethod]
    public void S7_1_5_TransportClosed_Reports1006()
    {
        using var server = new SessionDriver();
        server.Session.OnTransportClosed();
        server.Drain().Select(e => e.ToString()).ShouldBe(["Closed 1006"]);
        server.Session.OnTransportClosed();
        server.Drain().ShouldBeEmpty();
    }

    /// <summary>Sending a code that may not travel (§7.4.1: 1005, 1006, 1015 "MUST NOT be set"), or a reason over 123 bytes, is misuse and throws.</summary>
    [TestMethod]
    public void S7_4_SendingInvalidClose_Throws()
    {
        using var server = new SessionDriver();
        Should.Throw<ArgumentOutOfRangeException>(() => server.Session.SendClose(WebSocketCloseCode.NoStatusReceived, null, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => server.Session.SendClose((WebSocketCloseCode)2000, null, 0));
        Should.Throw<ArgumentException>(() => server.Session.SendClose(WebSocketCloseCode.NormalClosure, new string('x', 124), 0));
        server.Session.SendClose((WebSocketCloseCode)4000, new string('x', 123), 0).ShouldBeTrue();
    }

    /// <summary>A protocol error after our own Close is out ends the session at once (there is no Close left to send).</summary>
    [TestMethod]
    public void S7_1_7_FailureAfterOwnClose_ClosesAtOnce()
    {
        using var server = new SessionDriver();
        server.Session.SendClose(WebSocketCloseCode.NormalClosure, null, 0);
        server.TakeBytes();
        server.Feed(Frame(3, [])).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.TakeBytes().ShouldBeEmpty();
    }
}
