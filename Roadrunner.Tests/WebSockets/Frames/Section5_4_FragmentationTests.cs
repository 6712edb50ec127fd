using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Frames;

/// <summary>RFC 6455 §5.4 fragmentation (Autobahn 5.x).</summary>
[TestClass]
public sealed class Section5_4_FragmentationTests
{
    private static readonly int[] Chunks = [int.MaxValue, 1, 3];

    /// <summary>
    /// §5.5: control frames "MUST NOT be fragmented". Autobahn 5.1 (Ping) and 5.2 (Pong) in two fragments: 1002.
    /// </summary>
    [TestMethod]
    [DataRow(Ping)]
    [DataRow(Pong)]
    public void S5_4_FragmentedControlFrame_Closes1002(int opcode)
    {
        using var server = new SessionDriver();
        server.Feed(Concat(Frame(opcode, "frag"u8, fin: false), Frame(Continuation, "ment"u8)));
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// §5.4: "A fragmented message consists of a single frame with the FIN bit clear and an opcode other than 0,
    /// followed by zero or more frames with the FIN bit clear and the opcode set to 0, and terminated by a single
    /// frame with the FIN bit set and an opcode of 0." Autobahn 5.3–5.5: two fragments, fed whole, chopped and byte
    /// by byte, are one message.
    /// </summary>
    [TestMethod]
    public void S5_4_TwoFragments_AreOneMessage()
    {
        foreach (int chunk in Chunks)
        {
            using var server = new SessionDriver { Echo = true };
            server.Feed(Concat(Frame(Text, "frag"u8, fin: false), Frame(Continuation, "ment1"u8)), chunk)
                .Select(e => e.ToString()).ShouldBe(["Message Text fragment1"]);
            server.TakeDescribed().ShouldBe(["Text fragment1"]);
        }
    }

    /// <summary>
    /// §5.4: "Control frames (see Section 5.5) MAY be injected in the middle of a fragmented message." Autobahn
    /// 5.6–5.8: a Ping between two fragments is answered first, then the message is echoed.
    /// </summary>
    [TestMethod]
    public void S5_4_PingBetweenFragments_IsAnsweredFirst()
    {
        foreach (int chunk in Chunks)
        {
            using var server = new SessionDriver { Echo = true };
            server.Feed(Concat(Frame(Text, "frag"u8, fin: false), Frame(Ping, "ping"u8), Frame(Continuation, "ment"u8)), chunk);
            server.TakeDescribed().ShouldBe(["Pong 70696E67", "Text fragment"]);
        }
    }

    /// <summary>
    /// §5.4: a continuation frame is only valid after a frame with FIN clear. Autobahn 5.9–5.14: a continuation with
    /// nothing to continue (FIN set or clear), fed whole or chopped, then a text message: Close 1002, no echo.
    /// </summary>
    [TestMethod]
    public void S5_4_ContinuationWithoutMessage_Closes1002()
    {
        foreach (bool fin in new[] { true, false })
        {
            foreach (int chunk in Chunks)
            {
                using var server = new SessionDriver { Echo = true };
                server.Feed(Concat(Frame(Continuation, "non-continuation payload"u8, fin: fin), TextFrame("Hello, world!")), chunk);
                server.TakeDescribed().ShouldBe(["Close 1002"]);
            }
        }
    }

    /// <summary>
    /// Autobahn 5.15: a message in two fragments, then a continuation with nothing to continue: the message is
    /// echoed, then Close 1002.
    /// </summary>
    [TestMethod]
    public void S5_4_ContinuationAfterFinishedMessage_Closes1002()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(Concat(Frame(Text, "fragment1"u8, fin: false), Frame(Continuation, "fragment2"u8),
            Frame(Continuation, "fragment3"u8, fin: false), Frame(Continuation, "fragment4"u8)));
        server.TakeDescribed().ShouldBe(["Text fragment1fragment2", "Close 1002"]);
    }

    /// <summary>Autobahn 5.16–5.17: a stray continuation (FIN clear or set), then a valid message, repeated: 1002 at the first.</summary>
    [TestMethod]
    public void S5_4_StrayContinuationsAroundMessage_Closes1002()
    {
        foreach (bool fin in new[] { false, true })
        {
            using var server = new SessionDriver { Echo = true };
            var round = Concat(Frame(Continuation, "fragment1"u8, fin: fin), Frame(Text, "fragment2"u8, fin: false), Frame(Continuation, "fragment3"u8));
            server.Feed(Concat(round, round));
            server.TakeDescribed().ShouldBe(["Close 1002"]);
        }
    }

    /// <summary>
    /// §5.4: "The fragments of one message MUST NOT be interleaved between the fragments of another message unless
    /// an extension has been negotiated that can interpret the interleaving." Autobahn 5.18: two Text-opcode
    /// fragments: 1002.
    /// </summary>
    [TestMethod]
    public void S5_4_NewDataFrameDuringMessage_Closes1002()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(Concat(Frame(Text, "fragment1"u8, fin: false), Frame(Text, "fragment2"u8)));
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// Autobahn 5.19–5.20: a message in five fragments with Pings after the first and the fourth, fed whole and
    /// byte by byte: two Pongs in order, then the message.
    /// </summary>
    [TestMethod]
    public void S5_4_FiveFragmentsWithPings_PongsThenMessage()
    {
        foreach (int chunk in Chunks)
        {
            using var server = new SessionDriver { Echo = true };
            server.Feed(Concat(
                Frame(Text, "fragment1"u8, fin: false), Frame(Ping, "pongme 1!"u8),
                Frame(Continuation, "fragment2"u8, fin: false), Frame(Continuation, "fragment3"u8, fin: false),
                Frame(Continuation, "fragment4"u8, fin: false), Frame(Ping, "pongme 2!"u8),
                Frame(Continuation, "fragment5"u8)), chunk);
            var frames = server.TakeFrames();
            frames.Select(f => f.Opcode).ShouldBe([Pong, Pong, Text]);
            frames[0].Text.ShouldBe("pongme 1!");
            frames[1].Text.ShouldBe("pongme 2!");
            frames[2].Text.ShouldBe("fragment1fragment2fragment3fragment4fragment5");
        }
    }

    /// <summary>Without assembly each frame is its own event, with EndOfMessage on the last; empty fragments included.</summary>
    [TestMethod]
    public void S5_4_FragmentEvents_WhenNotAssembling()
    {
        using var server = new SessionDriver(new WebSocketOptions { AssembleMessages = false });
        server.Feed(Concat(Frame(Binary, [1, 2], fin: false), Frame(Continuation, [], fin: false), Frame(Continuation, [3])))
            .Select(e => e.ToString()).ShouldBe(["Fragment Binary 2 more", "Fragment Binary 0 more", "Fragment Binary 1"]);
    }

    /// <summary>
    /// §5.4: "An endpoint MUST be capable of handling control frames in the middle of a fragmented message." A
    /// Close in the middle ends the session (Autobahn 7.1.5): the unfinished message is dropped and the Close echoed.
    /// </summary>
    [TestMethod]
    public void S5_4_CloseInsideFragmentedMessage_IsEchoed()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(Concat(Frame(Text, "fragment1"u8, fin: false), CloseFrame(1000), Frame(Continuation, "fragment2"u8)))
            .Select(e => e.ToString()).ShouldBe(["CloseReceived 1000", "Closed 1000"]);
        server.TakeDescribed().ShouldBe(["Close 1000"]);
    }

    /// <summary>Sending: a fragmented message goes out as first frame, continuations, and a final continuation with FIN.</summary>
    [TestMethod]
    public void S5_4_SendingFragments_UsesContinuationOpcode()
    {
        using var server = new SessionDriver();
        server.Session.SendBinary([1], endOfMessage: false);
        server.Session.SendPing("p"u8); // §5.4: control frames may be injected
        server.Session.SendBinary([2], endOfMessage: false);
        server.Session.SendBinary([3]);
        server.TakeDescribed().ShouldBe(["Binary more 1", "Ping 70", "Continuation more 02", "Continuation 03"]);
    }

    /// <summary>Misuse: starting a text message while a binary one is unfinished throws.</summary>
    [TestMethod]
    public void S5_4_InterleavingOwnMessages_Throws()
    {
        using var server = new SessionDriver();
        server.Session.SendBinary([1], endOfMessage: false);
        Should.Throw<InvalidOperationException>(() => server.Session.SendText("x"u8));
    }
}
