using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.10 (h2spec "6.10 CONTINUATION" and "generic/3.10").</summary>
[TestClass]
public sealed class Section6_10_ContinuationTests
{
    /// <summary>RFC 9113 §6.10: "Any number of CONTINUATION frames can be sent, as long as the preceding frame is on the same stream and is a HEADERS, PUSH_PROMISE, or CONTINUATION frame without the END_HEADERS flag set." (h2spec 6.10/1)</summary>
    [TestMethod]
    public void S6_10_MultipleContinuations_AreServed()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request("GET", "/", ("x-1", "a"), ("x-2", "b"), ("x-3", "c"));
        var builder = new FrameBuilder().Headers(1, block[..1], endStream: true, endHeaders: false);
        for (int i = 1; i < block.Length - 1; i++) builder.Continuation(1, block[i..(i + 1)], endHeaders: false);
        builder.Continuation(1, block[^1..], endHeaders: true);
        var request = server.Send(builder).ShouldHaveSingleItem();
        request.Headers!["x-3"].ShouldBe("c");
    }

    /// <summary>RFC 9113 §6.10: a CONTINUATION "MUST be preceded by a HEADERS, PUSH_PROMISE or CONTINUATION frame without the END_HEADERS flag set. A recipient that observes violation of this rule MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.10/2: another frame follows)</summary>
    [TestMethod]
    public void S6_10_ContinuationFollowedByOtherFrame_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block[..4], endStream: true, endHeaders: false).Continuation(1, block[4..8], endHeaders: false).Data(1, "x"u8.ToArray(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>RFC 9113 §6.10: "If a CONTINUATION frame is received with a Stream Identifier field of 0x00, the recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.10/3)</summary>
    [TestMethod]
    public void S6_10_ContinuationOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block[..4], endStream: true, endHeaders: false).Continuation(0, block[4..], endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR);
    }

    /// <summary>RFC 9113 §6.10: CONTINUATION after a HEADERS with END_HEADERS (h2spec 6.10/4).</summary>
    [TestMethod]
    public void S6_10_ContinuationAfterEndHeaders_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true).Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §6.10: CONTINUATION after a CONTINUATION with END_HEADERS (h2spec 6.10/5).</summary>
    [TestMethod]
    public void S6_10_ContinuationAfterEndingContinuation_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block[..4], endStream: true, endHeaders: false).Continuation(1, block[4..], endHeaders: true).Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §6.10: CONTINUATION after a DATA frame (h2spec 6.10/6).</summary>
    [TestMethod]
    public void S6_10_ContinuationAfterData_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, "x"u8.ToArray(), endStream: false).Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §4.3: a field block larger than the peer's frame size goes out as HEADERS and CONTINUATION frames.</summary>
    [TestMethod]
    public void S6_10_LargeResponseBlock_IsSplitIntoContinuations()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Connection.SendHeaders(1, 200, [new("x-big", new string('v', 40000))], endStream: true);
        var frames = server.ReadFrames();
        frames.Select(f => f.Type).ShouldBe([Http2FrameType.HEADERS, Http2FrameType.CONTINUATION, Http2FrameType.CONTINUATION]);
        frames.Select(f => f.HasFlag(Http2FrameFlags.END_HEADERS)).ShouldBe([false, false, true]);
        frames[0].HasFlag(Http2FrameFlags.END_STREAM).ShouldBeTrue();
        frames.ShouldAllBe(f => f.Header.Length <= 16384);
    }

    /// <summary>The frame codec: CONTINUATION round-trips.</summary>
    [TestMethod]
    public void S6_10_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2ContinuationFrame.Write(buffer, 1, [5, 6], endHeaders: true);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().Continuation(1, [5, 6], endHeaders: true).ToArray());
    }
}
