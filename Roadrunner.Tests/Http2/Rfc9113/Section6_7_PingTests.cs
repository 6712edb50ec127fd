using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.7 (h2spec "6.7 PING" and "generic/3.7").</summary>
[TestClass]
public sealed class Section6_7_PingTests
{
    /// <summary>RFC 9113 §6.7: "Receivers of a PING frame that does not include an ACK flag MUST send a PING frame with the ACK flag set in response, with an identical frame payload." (h2spec 6.7/1)</summary>
    [TestMethod]
    public void S6_7_Ping_IsAcknowledgedWithSamePayload()
    {
        using var server = new ServerHarness();
        var events = server.Send(new FrameBuilder().Ping(0xDEADBEEFCAFEBABE));
        events.ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.PingReceived);
        events[0].Data.ShouldBe(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xBA, 0xBE });
        var ack = server.ReadFrames().ShouldHaveSingleItem();
        ack.Type.ShouldBe(Http2FrameType.PING);
        ack.Header.Flags.ShouldBe(Http2FrameFlags.ACK);
        ack.PingData.ShouldBe(0xDEADBEEFCAFEBABE);
    }

    /// <summary>RFC 9113 §6.7: "An endpoint MUST NOT respond to PING frames containing this flag." (h2spec 6.7/2)</summary>
    [TestMethod]
    public void S6_7_PingAck_IsNotAnswered()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Ping(42, ack: true)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.PingAcknowledged);
        server.ShouldWriteNothing();
    }

    /// <summary>RFC 9113 §6.7: "If a PING frame is received with a Stream Identifier field value other than 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.7/3)</summary>
    [TestMethod]
    public void S6_7_PingOnStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0, 1, new byte[8]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PingOnStream);
    }

    /// <summary>RFC 9113 §6.7: "Receipt of a PING frame with a length field value other than 8 MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR." (h2spec 6.7/4)</summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(6)]
    [DataRow(9)]
    public void S6_7_PingLengthOtherThanEight_IsConnectionFrameSizeError(int length)
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0, 0, new byte[length]));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.PingLength);
    }

    /// <summary>The application's own PING comes back acknowledged.</summary>
    [TestMethod]
    public void S6_7_SendPing_AcknowledgmentIsReported()
    {
        using var server = new ServerHarness();
        server.Connection.SendPing(77);
        server.ReadFrames().ShouldHaveSingleItem().PingData.ShouldBe(77UL);
        server.Send(new FrameBuilder().Ping(77, ack: true)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.PingAcknowledged);
    }
}
