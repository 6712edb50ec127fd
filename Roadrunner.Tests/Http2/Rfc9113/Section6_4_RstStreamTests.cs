using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.4 (h2spec "6.4 RST_STREAM" and "generic/3.4").</summary>
[TestClass]
public sealed class Section6_4_RstStreamTests
{
    /// <summary>RFC 9113 §6.4: "If a RST_STREAM frame is received with a stream identifier of 0x00, the recipient MUST treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.4/1)</summary>
    [TestMethod]
    public void S6_4_RstStreamOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().RstStream(0, (uint)Http2ErrorCode.CANCEL));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.RstStreamOnStreamZero);
    }

    /// <summary>RFC 9113 §6.4: "If a RST_STREAM frame identifying an idle stream is received, the recipient MUST treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.4/2)</summary>
    [TestMethod]
    public void S6_4_RstStreamOnIdleStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().RstStream(3, (uint)Http2ErrorCode.CANCEL));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.RstStreamOnIdleStream);
    }

    /// <summary>RFC 9113 §6.4: "A RST_STREAM frame with a length other than 4 octets MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR." (h2spec 6.4/3)</summary>
    [TestMethod]
    [DataRow(3)]
    [DataRow(5)]
    public void S6_4_RstStreamWithLengthOtherThanFour_IsConnectionFrameSizeError(int length)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Frame(FrameBuilder.RST_STREAM, 0, 1, new byte[length]));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.RstStreamLength);
    }

    /// <summary>RFC 9113 §6.4: RST_STREAM closes the stream; the application hears it and later sends on it are dropped (h2spec generic/3.4/1).</summary>
    [TestMethod]
    public void S6_4_RstStream_ClosesTheStream()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        var reset = server.Send(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL)).ShouldHaveSingleItem();
        reset.Kind.ShouldBe(Http2EventKind.StreamReset);
        reset.ErrorCode.ShouldBe(Http2ErrorCode.CANCEL);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);

        // RFC 9113 §6.4: "the receiver MUST NOT send additional frames for that stream".
        server.Connection.SendHeaders(1, 200, [], endStream: false);
        server.Connection.SendData(1, "x"u8, endStream: true).ShouldBe(1);
        server.ShouldWriteNothing();
    }

    /// <summary>RFC 9113 §6.4: RST_STREAM sent by the application; "RST_STREAM frames MUST NOT be sent for a stream in the "idle" state".</summary>
    [TestMethod]
    public void S6_4_ResetStream_WritesRstStream()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Connection.ResetStream(1, Http2ErrorCode.CANCEL);
        var rst = server.ReadFrames().ShouldHaveSingleItem();
        rst.ToString().ShouldBe("RST_STREAM stream 1 CANCEL");
        server.Connection.ResetStream(1, Http2ErrorCode.CANCEL);
        server.ReadFrames().ShouldBeEmpty();
        Should.Throw<InvalidOperationException>(() => server.Connection.ResetStream(3, Http2ErrorCode.CANCEL));
    }

    /// <summary>The frame codec: RST_STREAM round-trips.</summary>
    [TestMethod]
    public void S6_4_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2RstStreamFrame.Write(buffer, 9, Http2ErrorCode.REFUSED_STREAM);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().RstStream(9, 7).ToArray());
    }
}
