using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Frames;

/// <summary>RFC 6455 §5.5 control frames: Ping and Pong (Autobahn 2.x).</summary>
[TestClass]
public sealed class Section5_5_ControlFramesTests
{
    /// <summary>
    /// §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response"; §5.5.3: "A Pong frame
    /// sent in response to a Ping frame must have identical "Application data" as found in the message body of the
    /// Ping frame being replied to." Autobahn 2.1–2.4 and 2.6: empty, text, binary and 125-byte payloads, whole and
    /// byte by byte.
    /// </summary>
    [TestMethod]
    [DataRow(0, int.MaxValue)]
    [DataRow(5, int.MaxValue)]
    [DataRow(125, int.MaxValue)]
    [DataRow(125, 1)]
    public void S5_5_2_Ping_AnsweredWithIdenticalPong(int size, int chunk)
    {
        var payload = Enumerable.Range(0, size).Select(i => (byte)(255 - i)).ToArray();
        using var server = new SessionDriver();
        server.Feed(Frame(Ping, payload), chunk).ShouldBeEmpty();
        var pong = server.TakeFrames().Single();
        pong.Opcode.ShouldBe(Pong);
        pong.Payload.ShouldBe(payload);
        pong.Fin.ShouldBeTrue();
    }

    /// <summary>
    /// §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
    /// Autobahn 2.5: a Ping with 126 bytes gets Close 1002 and no Pong.
    /// </summary>
    [TestMethod]
    [DataRow(Ping)]
    [DataRow(Pong)]
    [DataRow(Close)]
    public void S5_5_ControlFrameOver125Bytes_Closes1002(int opcode)
    {
        using var server = new SessionDriver();
        server.Feed(Frame(opcode, new byte[126]));
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// §5.5.3: "A Pong frame MAY be sent unsolicited. This serves as a unidirectional heartbeat. A response to an
    /// unsolicited Pong frame is not expected." Autobahn 2.7–2.9: unsolicited Pongs are ignored; a Ping after them
    /// gets its own Pong only.
    /// </summary>
    [TestMethod]
    public void S5_5_3_UnsolicitedPong_IsIgnored()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Pong, []), Frame(Pong, "unsolicited pong payload"u8), Frame(Ping, "ping payload"u8)).ShouldBeEmpty();
        server.TakeFrames().Select(f => (f.Opcode, f.Text)).ShouldBe([(Pong, "ping payload")]);
    }

    /// <summary>
    /// §5.5.3: "If an endpoint receives a Ping frame and has not yet sent Pong frame(s) in response to previous Ping
    /// frame(s), the endpoint MAY elect to send a Pong frame for only the most recently processed Ping frame." We
    /// answer every one: Autobahn 2.10–2.11, ten Pings whole and chopped, get ten Pongs in order.
    /// </summary>
    [TestMethod]
    [DataRow(int.MaxValue)]
    [DataRow(1)]
    public void S5_5_2_TenPings_TenPongsInOrder(int chunk)
    {
        using var server = new SessionDriver();
        server.Feed(Concat([.. Enumerable.Range(0, 10).Select(i => Frame(Ping, [(byte)i]))]), chunk);
        server.TakeFrames().Select(f => f.Payload.Single()).ShouldBe(Enumerable.Range(0, 10).Select(i => (byte)i));
    }

    /// <summary>With ControlFrameEvents, Pings (still answered) and Pongs are reported as events.</summary>
    [TestMethod]
    public void S5_5_ControlFrameEvents_ReportPingAndPong()
    {
        using var server = new SessionDriver(new WebSocketOptions { ControlFrameEvents = true });
        server.Feed(Frame(Ping, "a"u8), Frame(Pong, "bc"u8)).Select(e => e.ToString()).ShouldBe(["Ping 1", "Pong 2"]);
        server.TakeDescribed().ShouldBe(["Pong 61"]);
    }

    /// <summary>With AutoPong off the application answers Pings itself.</summary>
    [TestMethod]
    public void S5_5_AutoPongOff_SendsNothing()
    {
        using var server = new SessionDriver(new WebSocketOptions { AutoPong = false, ControlFrameEvents = true });
        server.Feed(Frame(Ping, "a"u8)).Select(e => e.ToString()).ShouldBe(["Ping 1"]);
        server.TakeBytes().ShouldBeEmpty();
    }

    /// <summary>Sending a control frame over 125 bytes is misuse and throws.</summary>
    [TestMethod]
    public void S5_5_SendingPingOver125Bytes_Throws()
    {
        using var server = new SessionDriver();
        Should.Throw<ArgumentException>(() => server.Session.SendPing(new byte[126]));
        server.Session.SendPing(new byte[125]).ShouldBeTrue();
    }
}
