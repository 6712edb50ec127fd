using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.9 (h2spec "6.9 WINDOW_UPDATE", "6.9.1 The Flow-Control Window", "6.9.2 Initial Flow-Control Window Size", "generic/3.9").</summary>
[TestClass]
public sealed class Section6_9_WindowUpdateTests
{
    private const ushort InitialWindowSize = 0x4;

    /// <summary>RFC 9113 §6.9: "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control window increment of 0 as a stream error ... errors on the connection flow-control window MUST be treated as a connection error (Section 5.4.1)." (h2spec 6.9/1)</summary>
    [TestMethod]
    public void S6_9_ZeroIncrementOnConnection_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().WindowUpdate(0, 0));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.WindowUpdateZero);
    }

    /// <summary>RFC 9113 §6.9: "... increment of 0 as a stream error (Section 5.4.2) of type PROTOCOL_ERROR" (h2spec 6.9/2).</summary>
    [TestMethod]
    public void S6_9_ZeroIncrementOnStream_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().WindowUpdate(1, 0));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.WindowUpdateZero);
    }

    /// <summary>RFC 9113 §6.9: "A WINDOW_UPDATE frame with a length other than 4 octets MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR." (h2spec 6.9/3)</summary>
    [TestMethod]
    [DataRow(0, 3)]
    [DataRow(0, 5)]
    [DataRow(1, 3)]
    public void S6_9_LengthOtherThanFour_IsConnectionFrameSizeError(int streamId, int length)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Frame(FrameBuilder.WINDOW_UPDATE, 0, streamId, new byte[length]));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.WindowUpdateLength);
    }

    /// <summary>RFC 9113 §6.9.1: "A sender MUST NOT send a flow-controlled frame with a length that exceeds the space available" — a window of 1 lets 1 octet out (h2spec 6.9.1/1).</summary>
    [TestMethod]
    public void S6_9_1_InitialWindowOfOne_SendsOneOctet()
    {
        using var server = new ServerHarness(null, true, (InitialWindowSize, 1u));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.ReadFrames();
        server.Connection.SendData(1, "hello"u8, endStream: true).ShouldBe(1);
        var data = server.ReadFrames().ShouldHaveSingleItem();
        data.Header.Length.ShouldBe(1);
        data.HasFlag(Http2FrameFlags.END_STREAM).ShouldBeFalse();
    }

    /// <summary>RFC 9113 §6.9.1: "If a sender receives a WINDOW_UPDATE that causes a flow-control window to exceed this maximum, it MUST terminate either the stream or the connection ... for the connection, a GOAWAY frame with an error code of FLOW_CONTROL_ERROR is sent." (h2spec 6.9.1/2)</summary>
    [TestMethod]
    public void S6_9_1_ConnectionWindowOverflow_IsConnectionFlowControlError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().WindowUpdate(0, 2147483647).WindowUpdate(0, 2147483647));
        server.ShouldGoAway(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.WindowOverflow);
    }

    /// <summary>RFC 9113 §6.9.1: "For streams, the sender sends a RST_STREAM with an error code of FLOW_CONTROL_ERROR" (h2spec 6.9.1/3).</summary>
    [TestMethod]
    public void S6_9_1_StreamWindowOverflow_IsStreamFlowControlError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().WindowUpdate(1, 2147483647).WindowUpdate(1, 2147483647));
        server.ShouldResetStream(1, Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.WindowOverflow);
    }

    /// <summary>
    /// RFC 9113 §6.9.2: "When the value of SETTINGS_INITIAL_WINDOW_SIZE changes, a receiver MUST adjust the size of all
    /// stream flow-control windows that it maintains by the difference between the new value and the old value."
    /// (h2spec 6.9.2/1: window 0, then 1)
    /// </summary>
    [TestMethod]
    public void S6_9_2_InitialWindowChange_AppliesToOpenStreams()
    {
        using var server = new ServerHarness(null, true, (InitialWindowSize, 0u));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.ReadFrames();
        server.Connection.SendData(1, "hello"u8, endStream: true).ShouldBe(0);
        server.Send(new FrameBuilder().Settings((InitialWindowSize, 1)));
        server.Events.ShouldContain(e => e.Kind == Http2EventKind.WindowAvailable && e.StreamId == 1);
        server.ReadFrames();
        server.Connection.SendData(1, "hello"u8, endStream: true).ShouldBe(1);
        server.ReadFrames().ShouldHaveSingleItem().Header.Length.ShouldBe(1);
    }

    /// <summary>RFC 9113 §6.9.2: "A change to SETTINGS_INITIAL_WINDOW_SIZE can cause the available space in a flow-control window to become negative" (h2spec 6.9.2/2).</summary>
    [TestMethod]
    public void S6_9_2_InitialWindowDecrease_CanMakeWindowNegative()
    {
        using var server = new ServerHarness(null, true, (InitialWindowSize, 3u));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.Connection.SendData(1, "abc"u8, endStream: false).ShouldBe(3);
        server.ReadFrames();
        server.Send(new FrameBuilder().Settings((InitialWindowSize, 2)));
        server.ReadFrames();
        server.Connection.GetSendCapacity(1).ShouldBe(0);
        server.Send(new FrameBuilder().WindowUpdate(1, 2));
        server.Connection.GetSendCapacity(1).ShouldBe(1);
        server.Connection.SendData(1, "xyz"u8, endStream: true).ShouldBe(1);
    }

    /// <summary>RFC 9113 §6.9.2: "An endpoint MUST treat a change to SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control window to exceed the maximum size as a connection error (Section 5.4.1) of type FLOW_CONTROL_ERROR." (h2spec 6.9.2/3)</summary>
    [TestMethod]
    public void S6_9_2_InitialWindowChangeOverflowingAStream_IsConnectionFlowControlError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().WindowUpdate(1, 2147483647 - 65535));
        server.Send(new FrameBuilder().Settings((InitialWindowSize, 65536)));
        server.ShouldGoAway(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.InitialWindowOverflow);
    }

    /// <summary>WINDOW_UPDATE on the connection and on a stream is accepted (h2spec generic/3.9/1–2).</summary>
    [TestMethod]
    public void S6_9_WindowUpdates_AreAccepted()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().WindowUpdate(0, 1).WindowUpdate(1, 1));
        server.ShouldWriteNothing();
    }

    /// <summary>The frame codec: WINDOW_UPDATE round-trips, reserved bit cleared.</summary>
    [TestMethod]
    public void S6_9_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2WindowUpdateFrame.Write(buffer, 3, 1000);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().WindowUpdate(3, 1000).ToArray());
        var bytes = new FrameBuilder().Frame(FrameBuilder.WINDOW_UPDATE, 0, 3, 0x80, 0, 0, 5).ToArray();
        Http2WindowUpdateFrame.TryRead(Http2FrameHeader.Read(bytes), bytes.AsSpan(9), out var frame).IsNone.ShouldBeTrue();
        frame.Increment.ShouldBe(5);
    }
}
