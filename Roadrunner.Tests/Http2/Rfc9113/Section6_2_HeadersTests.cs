using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.2 (h2spec "6.2 HEADERS" and "generic/3.2").</summary>
[TestClass]
public sealed class Section6_2_HeadersTests
{
    /// <summary>
    /// RFC 9113 §6.2: "A HEADERS frame without the END_HEADERS flag set MUST be followed by a CONTINUATION frame for
    /// the same stream. A receiver MUST treat the receipt of any other type of frame or a frame on a different stream
    /// as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.2/1: PRIORITY)
    /// </summary>
    [TestMethod]
    public void S6_2_HeadersThenPriority_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true, endHeaders: false).Priority(1, 0));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>RFC 9113 §6.2: "... or a frame on a different stream" (h2spec 6.2/2).</summary>
    [TestMethod]
    public void S6_2_HeadersThenHeadersOnAnotherStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true, endHeaders: false).Headers(3, HeaderBlock.Request(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>RFC 9113 §6.2: "If a HEADERS frame is received whose Stream Identifier field is 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.2/3)</summary>
    [TestMethod]
    public void S6_2_HeadersOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(0, HeaderBlock.Request(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeadersOnStreamZero);
    }

    /// <summary>RFC 9113 §6.2: "Padding that exceeds the size remaining for the header block fragment MUST be treated as a PROTOCOL_ERROR." (h2spec 6.2/4)</summary>
    [TestMethod]
    public void S6_2_PaddingTooLong_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Frame(FrameBuilder.HEADERS, FrameBuilder.PADDED | FrameBuilder.END_HEADERS | FrameBuilder.END_STREAM, 1, [(byte)(block.Length + 1), .. block]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PaddingTooLong);
    }

    /// <summary>RFC 9113 §6.2: with PRIORITY the padding may not eat into the priority fields either.</summary>
    [TestMethod]
    public void S6_2_PaddingOverPriorityFields_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.HEADERS, FrameBuilder.PADDED | FrameBuilder.PRIORITY_FLAG | FrameBuilder.END_HEADERS, 1, [3, 0, 0, 0, 0, 15, 1, 2]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PaddingTooLong);
    }

    /// <summary>RFC 9113 §4.2: a HEADERS frame with PRIORITY and fewer than 5 octets is too small: FRAME_SIZE_ERROR.</summary>
    [TestMethod]
    public void S6_2_PriorityFlagWithoutPriorityFields_IsConnectionFrameSizeError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.HEADERS, FrameBuilder.PRIORITY_FLAG | FrameBuilder.END_HEADERS, 1, 0, 0, 0));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooSmall);
    }

    /// <summary>RFC 9113 §6.2: padded HEADERS, with and without priority, are served (h2spec generic/3.2/1–3).</summary>
    [TestMethod]
    public void S6_2_PaddedHeaders_AreServed()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/a"), endStream: true, padLength: 10)).ShouldHaveSingleItem().Headers!.Path.ShouldBe("/a");
        server.Send(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/b"), endStream: true, padLength: 0, priority: (false, 1, 7))).ShouldHaveSingleItem().Headers!.Path.ShouldBe("/b");
    }

    /// <summary>The frame codec: HEADERS with padding and priority round-trips.</summary>
    [TestMethod]
    public void S6_2_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2HeadersFrame.Write(buffer, 3, [1, 2, 3], endStream: true, endHeaders: false, new Http2Priority(true, 1, 200), padLength: 2);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().Headers(3, [1, 2, 3], endStream: true, endHeaders: false, padLength: 2, priority: (true, 1, 200)).ToArray());
        Http2HeadersFrame.TryRead(Http2FrameHeader.Read(buffer.WrittenSpan), buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.Fragment.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
        frame.Priority.ShouldBe(new Http2Priority(true, 1, 200));
        frame.EndStream.ShouldBeTrue();
        frame.EndHeaders.ShouldBeFalse();
    }
}
