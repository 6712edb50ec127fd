using Roadrunner.Http2;
using Roadrunner.Http2.Streams;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.1 (h2spec "5.1 Stream States" and "generic/2").</summary>
[TestClass]
public sealed class Section5_1_StreamStatesTests
{
    // ---- idle ----

    /// <summary>RFC 9113 §5.1 idle: "Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 5.1/1: DATA)</summary>
    [TestMethod]
    public void S5_1_DataOnIdleStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.DataOnIdleStream);
    }

    /// <summary>RFC 9113 §5.1 idle: any frame other than HEADERS or PRIORITY is PROTOCOL_ERROR (h2spec 5.1/2: RST_STREAM).</summary>
    [TestMethod]
    public void S5_1_RstStreamOnIdleStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().RstStream(1, 0x8));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.RstStreamOnIdleStream);
    }

    /// <summary>RFC 9113 §5.1 idle: any frame other than HEADERS or PRIORITY is PROTOCOL_ERROR (h2spec 5.1/3: WINDOW_UPDATE).</summary>
    [TestMethod]
    public void S5_1_WindowUpdateOnIdleStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().WindowUpdate(1, 100));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.WindowUpdateOnIdleStream);
    }

    /// <summary>RFC 9113 §5.1 idle, §6.10: a CONTINUATION without a preceding HEADERS is PROTOCOL_ERROR (h2spec 5.1/4).</summary>
    [TestMethod]
    public void S5_1_ContinuationOnIdleStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Continuation(1, HeaderBlock.Request(), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §5.1 idle: PRIORITY is allowed and changes nothing (h2spec generic/2/1).</summary>
    [TestMethod]
    public void S5_1_PriorityOnIdleStream_IsAccepted()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Priority(1, 0));
        server.ShouldWriteNothing();
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Idle);
        server.OpenStream(1).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    // ---- half-closed (remote) ----

    /// <summary>
    /// RFC 9113 §5.1 half-closed (remote): "If an endpoint receives additional frames, other than WINDOW_UPDATE,
    /// PRIORITY, or RST_STREAM, for a stream that is in this state, it MUST respond with a stream error (Section 5.4.2)
    /// of type STREAM_CLOSED." (h2spec 5.1/5: DATA)
    /// </summary>
    [TestMethod]
    public void S5_1_DataOnHalfClosedRemote_IsStreamClosedError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedRemote);
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED, Http2Errors.DataOnClosedStream);
    }

    /// <summary>RFC 9113 §5.1 half-closed (remote): other frames are a stream error STREAM_CLOSED (h2spec 5.1/6: HEADERS).</summary>
    [TestMethod]
    public void S5_1_HeadersOnHalfClosedRemote_IsStreamClosedError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Literal(("x-trailer", "1")), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED, Http2Errors.HeadersOnHalfClosedStream);
    }

    /// <summary>RFC 9113 §5.1, §6.10: a lone CONTINUATION on a half-closed (remote) stream is PROTOCOL_ERROR (h2spec 5.1/7).</summary>
    [TestMethod]
    public void S5_1_ContinuationOnHalfClosedRemote_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §5.1 half-closed (remote): WINDOW_UPDATE, PRIORITY and RST_STREAM are allowed (h2spec generic/2/2–4).</summary>
    [TestMethod]
    public void S5_1_WindowUpdatePriorityAndRstOnHalfClosedRemote_AreAccepted()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().WindowUpdate(1, 100).Priority(1, 0, 200));
        server.ShouldWriteNothing();
        server.Send(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.StreamReset);
        server.ShouldWriteNothing();
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
    }

    // ---- closed after the peer's RST_STREAM ----

    /// <summary>RFC 9113 §5.1 closed: "An endpoint that receives any frame other than PRIORITY after receiving a RST_STREAM MUST treat that as a stream error (Section 5.4.2) of type STREAM_CLOSED." (h2spec 5.1/8: DATA)</summary>
    [TestMethod]
    public void S5_1_DataAfterPeerReset_IsStreamClosedError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL).Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED, Http2Errors.FrameAfterReset);
    }

    /// <summary>RFC 9113 §5.1 closed: HEADERS after the peer's RST_STREAM is STREAM_CLOSED, here as a connection error (h2spec 5.1/9).</summary>
    [TestMethod]
    public void S5_1_HeadersAfterPeerReset_IsStreamClosedError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL).Headers(1, HeaderBlock.Request(), endStream: true));
        server.ShouldGoAway(Http2ErrorCode.STREAM_CLOSED, Http2Errors.HeadersOnClosedStream);
    }

    /// <summary>RFC 9113 §5.1 closed, §6.10: a lone CONTINUATION after the peer's RST_STREAM is PROTOCOL_ERROR (h2spec 5.1/10).</summary>
    [TestMethod]
    public void S5_1_ContinuationAfterPeerReset_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL).Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    // ---- closed after END_STREAM both ways ----

    /// <summary>RFC 9113 §6.1: "If a DATA frame is received whose stream is not in the "open" or "half-closed (local)" state, the recipient MUST respond with a stream error (Section 5.4.2) of type STREAM_CLOSED." (h2spec 5.1/11)</summary>
    [TestMethod]
    public void S5_1_DataOnClosedStream_IsStreamClosedError()
    {
        using var server = ClosedStream();
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED, Http2Errors.DataOnClosedStream);
    }

    /// <summary>RFC 9113 §5.1 closed: "An endpoint MAY treat receipt of any other type of frame on a closed stream as a connection error (Section 5.4.1) of type STREAM_CLOSED" (h2spec 5.1/12).</summary>
    [TestMethod]
    public void S5_1_HeadersOnClosedStream_IsConnectionStreamClosedError()
    {
        using var server = ClosedStream();
        server.OpenStream(1);
        server.ShouldGoAway(Http2ErrorCode.STREAM_CLOSED, Http2Errors.HeadersOnClosedStream);
    }

    /// <summary>RFC 9113 §5.1 closed, §6.10: a lone CONTINUATION on a closed stream is PROTOCOL_ERROR (h2spec 5.1/13).</summary>
    [TestMethod]
    public void S5_1_ContinuationOnClosedStream_IsConnectionProtocolError()
    {
        using var server = ClosedStream();
        server.Send(new FrameBuilder().Continuation(1, HeaderBlock.Literal(("x-a", "1")), endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
    }

    /// <summary>RFC 9113 §5.1 closed: "Endpoints MUST ignore WINDOW_UPDATE or RST_STREAM frames received in this state"; PRIORITY is allowed (h2spec generic/2/5).</summary>
    [TestMethod]
    public void S5_1_WindowUpdateRstAndPriorityOnClosedStream_AreIgnored()
    {
        using var server = ClosedStream();
        server.Send(new FrameBuilder().WindowUpdate(1, 10).RstStream(1, 0).Priority(1, 0));
        server.ShouldWriteNothing();
        server.Events.ShouldNotContain(e => e.Kind == Http2EventKind.StreamReset);
    }

    // ---- closed after our RST_STREAM ----

    /// <summary>
    /// RFC 9113 §5.1 closed: "An endpoint MUST ignore frames that it receives on closed streams after it has sent a
    /// RST_STREAM frame." §6.9: the DATA still counts against the connection window, so it is granted back.
    /// </summary>
    [TestMethod]
    public void S5_1_FramesAfterOurReset_AreIgnored()
    {
        using var server = new ServerHarness(new Http2Options { WindowRefillThreshold = 0.01 });
        server.OpenStream(1, endStream: false);
        server.Connection.ResetStream(1, Http2ErrorCode.CANCEL);
        server.ReadFrames().ShouldHaveSingleItem().ErrorCode.ShouldBe(Http2ErrorCode.CANCEL);

        var events = server.Send(new FrameBuilder()
            .Data(1, new byte[1000], endStream: false)
            .Headers(1, [.. HeaderBlock.Indexed("x-after", "reset")], endStream: true)
            .WindowUpdate(1, 5)
            .RstStream(1, 0));
        events.ShouldBeEmpty();
        var frames = server.ReadFrames();
        frames.ShouldHaveSingleItem().ToString().ShouldBe("WINDOW_UPDATE stream 0 +1000");

        // The ignored block still went through the decoder: its dynamic table entry is index 62 now.
        server.OpenStream(3, block: [.. HeaderBlock.Request(), .. HeaderBlock.IndexedReference(62)]).ShouldHaveSingleItem().Headers!["x-after"].ShouldBe("reset");
    }

    /// <summary>The §5.1 transitions as a table (Figure 2), push states left out.</summary>
    [TestMethod]
    [DataRow(Http2StreamState.Idle, (int)StreamTransition.ReceiveHeaders, Http2StreamState.Open)]
    [DataRow(Http2StreamState.Idle, (int)StreamTransition.SendHeaders, Http2StreamState.Open)]
    [DataRow(Http2StreamState.Open, (int)StreamTransition.ReceiveEndStream, Http2StreamState.HalfClosedRemote)]
    [DataRow(Http2StreamState.Open, (int)StreamTransition.SendEndStream, Http2StreamState.HalfClosedLocal)]
    [DataRow(Http2StreamState.Open, (int)StreamTransition.SendReset, Http2StreamState.Closed)]
    [DataRow(Http2StreamState.Open, (int)StreamTransition.ReceiveReset, Http2StreamState.Closed)]
    [DataRow(Http2StreamState.HalfClosedRemote, (int)StreamTransition.SendEndStream, Http2StreamState.Closed)]
    [DataRow(Http2StreamState.HalfClosedRemote, (int)StreamTransition.SendHeaders, Http2StreamState.HalfClosedRemote)]
    [DataRow(Http2StreamState.HalfClosedLocal, (int)StreamTransition.ReceiveEndStream, Http2StreamState.Closed)]
    [DataRow(Http2StreamState.HalfClosedLocal, (int)StreamTransition.ReceiveReset, Http2StreamState.Closed)]
    public void S5_1_StateTable_AllowedTransitions(Http2StreamState from, int transition, Http2StreamState to)
    {
        StreamStateTable.TryNext(from, (StreamTransition)transition, out var next).ShouldBeTrue();
        next.ShouldBe(to);
    }

    /// <summary>The §5.1 transitions the figure does not draw are refused.</summary>
    [TestMethod]
    [DataRow(Http2StreamState.Idle, (int)StreamTransition.ReceiveEndStream)]
    [DataRow(Http2StreamState.Idle, (int)StreamTransition.SendReset)]
    [DataRow(Http2StreamState.HalfClosedRemote, (int)StreamTransition.ReceiveHeaders)]
    [DataRow(Http2StreamState.HalfClosedRemote, (int)StreamTransition.ReceiveEndStream)]
    [DataRow(Http2StreamState.HalfClosedLocal, (int)StreamTransition.SendHeaders)]
    [DataRow(Http2StreamState.HalfClosedLocal, (int)StreamTransition.SendEndStream)]
    [DataRow(Http2StreamState.Closed, (int)StreamTransition.SendHeaders)]
    [DataRow(Http2StreamState.Closed, (int)StreamTransition.ReceiveHeaders)]
    public void S5_1_StateTable_RefusedTransitions(Http2StreamState from, int transition) =>
        StreamStateTable.TryNext(from, (StreamTransition)transition, out _).ShouldBeFalse();

    /// <summary>The application's view follows the stream through open, half-closed and closed.</summary>
    [TestMethod]
    public void S5_1_StreamState_FollowsTheExchange()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Open);
        server.Respond(1, endStream: true);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedLocal);
        server.Send(new FrameBuilder().Data(1, [], endStream: true));
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
        server.Connection.ActiveStreamCount.ShouldBe(0);
        server.Connection.GetStreamState(3).ShouldBe(Http2StreamState.Idle);
    }

    /// <summary>A server whose stream 1 went through a GET and its complete response.</summary>
    private static ServerHarness ClosedStream()
    {
        var server = new ServerHarness();
        server.OpenStream(1);
        server.Respond(1);
        server.ReadFrames();
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
        return server;
    }
}
