using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.1 (h2spec "6.1 DATA" and "generic/3.1").</summary>
[TestClass]
public sealed class Section6_1_DataTests
{
    /// <summary>RFC 9113 §6.1: "If a DATA frame is received whose Stream Identifier field is 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.1/1)</summary>
    [TestMethod]
    public void S6_1_DataOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Data(0, "test"u8.ToArray(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.DataOnStreamZero);
    }

    /// <summary>RFC 9113 §6.1: "If a DATA frame is received whose stream is not in the "open" or "half-closed (local)" state, the recipient MUST respond with a stream error (Section 5.4.2) of type STREAM_CLOSED." (h2spec 6.1/2)</summary>
    [TestMethod]
    public void S6_1_DataOnStreamNotOpen_IsStreamClosedError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED);
    }

    /// <summary>RFC 9113 §6.1: "If the length of the padding is the length of the frame payload or greater, the recipient MUST treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.1/3)</summary>
    [TestMethod]
    [DataRow(4, 5)]
    [DataRow(0, 1)]
    [DataRow(10, 200)]
    public void S6_1_PaddingAsLongAsPayload_IsConnectionProtocolError(int dataLength, int padLength)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);

        // Payload = Pad Length octet + data; the Pad Length claims at least the whole payload.
        server.Send(new FrameBuilder().Frame(FrameBuilder.DATA, FrameBuilder.PADDED | FrameBuilder.END_STREAM, 1, [(byte)padLength, .. new byte[dataLength]]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PaddingTooLong);
    }

    /// <summary>RFC 9113 §4.2: a PADDED DATA frame without room for the Pad Length field is too small: FRAME_SIZE_ERROR.</summary>
    [TestMethod]
    public void S6_1_PaddedWithoutPadLength_IsConnectionFrameSizeError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Frame(FrameBuilder.DATA, FrameBuilder.PADDED, 1));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooSmall);
    }

    /// <summary>RFC 9113 §6.1: padding is removed; the content reaches the application as sent (h2spec generic/3.1/1–3).</summary>
    [TestMethod]
    public void S6_1_DataWithAndWithoutPadding_IsDelivered()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(11));
        var events = server.Send(new FrameBuilder()
            .Data(1, "hello"u8.ToArray(), endStream: false, padLength: 7)
            .Data(1, " "u8.ToArray(), endStream: false)
            .Data(1, "world"u8.ToArray(), endStream: true, padLength: 0));
        events.Select(e => e.Text).ShouldBe(["hello", " ", "world"]);
        events.Select(e => e.EndStream).ShouldBe([false, false, true]);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedRemote);
    }

    /// <summary>RFC 9113 §6.1: an empty DATA frame with END_STREAM ends the request with no content.</summary>
    [TestMethod]
    public void S6_1_EmptyDataWithEndStream_EndsTheStream()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        var data = server.Send(new FrameBuilder().Data(1, [], endStream: true)).ShouldHaveSingleItem();
        data.Kind.ShouldBe(Http2EventKind.DataReceived);
        data.Data.ShouldBeEmpty();
        data.EndStream.ShouldBeTrue();
    }

    /// <summary>The frame codec: DATA with padding round-trips through the writer and the parser.</summary>
    [TestMethod]
    public void S6_1_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Roadrunner.Http2.Frames.Http2DataFrame.Write(buffer, 5, "abc"u8, endStream: true, padLength: 4);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().Data(5, "abc"u8.ToArray(), endStream: true, padLength: 4).ToArray());
        var header = Roadrunner.Http2.Frames.Http2FrameHeader.Read(buffer.WrittenSpan);
        Roadrunner.Http2.Frames.Http2DataFrame.TryRead(header, buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.Data.ToArray().ShouldBe("abc"u8.ToArray());
        frame.FlowControlledLength.ShouldBe(8);
        frame.EndStream.ShouldBeTrue();
    }
}
