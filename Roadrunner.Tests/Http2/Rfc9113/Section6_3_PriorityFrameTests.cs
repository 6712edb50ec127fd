using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.3 (h2spec "6.3 PRIORITY").</summary>
[TestClass]
public sealed class Section6_3_PriorityFrameTests
{
    /// <summary>RFC 9113 §6.3: "If a PRIORITY frame is received with a stream identifier of 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.3/1)</summary>
    [TestMethod]
    public void S6_3_PriorityOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Priority(0, 1));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityOnStreamZero);
    }

    /// <summary>RFC 9113 §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated as a stream error (Section 5.4.2) of type FRAME_SIZE_ERROR." (h2spec 6.3/2)</summary>
    [TestMethod]
    [DataRow(4)]
    [DataRow(6)]
    public void S6_3_PriorityWithLengthOtherThanFive_IsStreamFrameSizeError(int length)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Frame(FrameBuilder.PRIORITY, 0, 1, new byte[length]));
        server.ShouldResetStream(1, Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.PriorityLength);
    }

    /// <summary>The frame codec: PRIORITY round-trips.</summary>
    [TestMethod]
    public void S6_3_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2PriorityFrame.Write(buffer, 5, new Http2Priority(true, 3, 9));
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().Priority(5, 3, 9, exclusive: true).ToArray());
        Http2PriorityFrame.TryRead(Http2FrameHeader.Read(buffer.WrittenSpan), buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.Priority.ShouldBe(new Http2Priority(true, 3, 9));
    }
}
