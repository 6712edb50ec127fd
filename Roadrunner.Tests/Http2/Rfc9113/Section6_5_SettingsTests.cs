using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.5 (h2spec "6.5 SETTINGS", "6.5.2 Defined Settings Parameters", "6.5.3 Settings Synchronization", "generic/3.5").</summary>
[TestClass]
public sealed class Section6_5_SettingsTests
{
    private const ushort HeaderTableSize = 0x1, EnablePush = 0x2, MaxConcurrentStreams = 0x3, InitialWindowSize = 0x4, MaxFrameSize = 0x5, MaxHeaderListSize = 0x6;

    /// <summary>RFC 9113 §6.5: "Receipt of a SETTINGS frame with the ACK flag set and a length field value other than 0 MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR." (h2spec 6.5/1)</summary>
    [TestMethod]
    public void S6_5_SettingsAckWithPayload_IsConnectionFrameSizeError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.SETTINGS, FrameBuilder.ACK, 0, 0, 4, 0, 0, 0, 1));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.SettingsAckWithPayload);
    }

    /// <summary>RFC 9113 §6.5: "If an endpoint receives a SETTINGS frame whose Stream Identifier field is anything other than 0x00, the endpoint MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.5/2)</summary>
    [TestMethod]
    public void S6_5_SettingsOnNonZeroStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.SETTINGS, 0, 1, 0, 3, 0, 0, 0, 100));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsOnStream);
    }

    /// <summary>RFC 9113 §6.5: "A SETTINGS frame with a length other than a multiple of 6 octets MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR." (h2spec 6.5/3)</summary>
    [TestMethod]
    [DataRow(3)]
    [DataRow(7)]
    [DataRow(13)]
    public void S6_5_SettingsLengthNotMultipleOfSix_IsConnectionFrameSizeError(int length)
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.SETTINGS, 0, 0, new byte[length]));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.SettingsLength);
    }

    /// <summary>RFC 9113 §6.5.2 SETTINGS_ENABLE_PUSH: "Any value other than 0 or 1 MUST be treated as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.5.2/1)</summary>
    [TestMethod]
    public void S6_5_2_EnablePushOtherThanZeroOrOne_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((EnablePush, 2)));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsEnablePushInvalid);
    }

    /// <summary>RFC 9113 §6.5.2 SETTINGS_INITIAL_WINDOW_SIZE: "Values above the maximum flow-control window size of 2^31-1 MUST be treated as a connection error (Section 5.4.1) of type FLOW_CONTROL_ERROR." (h2spec 6.5.2/2)</summary>
    [TestMethod]
    public void S6_5_2_InitialWindowSizeAboveMaximum_IsConnectionFlowControlError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((InitialWindowSize, 2147483648)));
        server.ShouldGoAway(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.SettingsInitialWindowTooLarge);
    }

    /// <summary>RFC 9113 §6.5.2 SETTINGS_MAX_FRAME_SIZE: "Values outside this range MUST be treated as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.5.2/3–4)</summary>
    [TestMethod]
    [DataRow(16383u)]
    [DataRow(16777216u)]
    [DataRow(0u)]
    public void S6_5_2_MaxFrameSizeOutOfRange_IsConnectionProtocolError(uint value)
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((MaxFrameSize, value)));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsMaxFrameSizeInvalid);
    }

    /// <summary>RFC 9113 §6.5.2: every defined setting at a legal value is applied and acknowledged (h2spec generic/3.5/1–6).</summary>
    [TestMethod]
    public void S6_5_2_DefinedSettings_AreApplied()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((HeaderTableSize, 4096), (EnablePush, 0), (MaxConcurrentStreams, 10), (InitialWindowSize, 1000), (MaxFrameSize, 16777215), (MaxHeaderListSize, 8000)));
        var ack = server.ReadFrames().ShouldHaveSingleItem();
        ack.HasFlag(Http2FrameFlags.ACK).ShouldBeTrue();
        server.Connection.PeerSettings.ShouldBe(new Http2Settings(4096, false, 10, 1000, 16777215, 8000, false));
        server.Events.ShouldContain(e => e.Kind == Http2EventKind.SettingsChanged);
    }

    /// <summary>RFC 9113 §6.5.3: "The values in the SETTINGS frame MUST be processed in the order they appear": the last of several values applies (h2spec 6.5.3/1).</summary>
    [TestMethod]
    public void S6_5_3_RepeatedSetting_LastValueApplies()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((InitialWindowSize, 100), (InitialWindowSize, 1)));
        server.ReadFrames();
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.ReadFrames();
        server.Connection.SendData(1, "hello"u8, endStream: true).ShouldBe(1);
        var data = server.ReadFrames().ShouldHaveSingleItem();
        data.Type.ShouldBe(Http2FrameType.DATA);
        data.Header.Length.ShouldBe(1);
    }

    /// <summary>RFC 9113 §6.5.3: "Upon receiving and processing the SETTINGS frame, the recipient MUST immediately emit a SETTINGS frame with the ACK flag set." (h2spec 6.5.3/2)</summary>
    [TestMethod]
    public void S6_5_3_Settings_AreAcknowledged()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((MaxConcurrentStreams, 5)));
        var ack = server.ReadFrames().ShouldHaveSingleItem();
        ack.Type.ShouldBe(Http2FrameType.SETTINGS);
        ack.Header.Length.ShouldBe(0);
        ack.HasFlag(Http2FrameFlags.ACK).ShouldBeTrue();
    }

    /// <summary>RFC 9113 §6.5.3: the acknowledgment of our SETTINGS is reported, and stops the SETTINGS timer.</summary>
    [TestMethod]
    public void S6_5_3_OurSettingsAcknowledged_IsReported()
    {
        using var server = new ServerHarness(handshake: false);
        server.Connection.NextDeadline.ShouldBe(10_000);
        server.Send(new FrameBuilder().Preface().Settings().SettingsAck());
        server.Events.ShouldContain(e => e.Kind == Http2EventKind.SettingsAcknowledged);
        server.Connection.NextDeadline.ShouldBe(long.MaxValue);
    }

    /// <summary>
    /// RFC 9113 §6.5.3: "If the sender of a SETTINGS frame does not receive an acknowledgment within a reasonable
    /// amount of time, it MAY issue a connection error (Section 5.4.1) of type SETTINGS_TIMEOUT."
    /// </summary>
    [TestMethod]
    public void S6_5_3_SettingsNotAcknowledged_IsSettingsTimeout()
    {
        using var server = new ServerHarness(new Http2Options { SettingsTimeout = TimeSpan.FromSeconds(2) }, handshake: false);
        server.Send(new FrameBuilder().Preface().Settings());
        server.Connection.OnTimeout(1999);
        server.Connection.IsClosed.ShouldBeFalse();
        server.Connection.OnTimeout(2000);
        server.DrainEvents();
        server.ShouldGoAway(Http2ErrorCode.SETTINGS_TIMEOUT, Http2Errors.SettingsTimeout);
    }

    /// <summary>RFC 9113 §6.5.2: the client role refuses a server's SETTINGS_ENABLE_PUSH of 1: "A client MUST treat receipt of a SETTINGS frame with SETTINGS_ENABLE_PUSH set to 1 as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."</summary>
    [TestMethod]
    public void S6_5_2_ClientRole_EnablePushFromServer_IsConnectionProtocolError()
    {
        using var client = new Http2Connection(Http2Role.Client, null, 0);
        client.Receive(new FrameBuilder().Settings((EnablePush, 1)).ToArray(), 0).ShouldBeFalse();
        client.TryReadEvent(out var e).ShouldBeTrue();
        e.Kind.ShouldBe(Http2EventKind.ConnectionClosed);
        e.Reason.ShouldBe(Http2Errors.SettingsEnablePushFromServer);
    }

    /// <summary>The frame codec: SETTINGS round-trips, and each value is checked against its §6.5.2 range.</summary>
    [TestMethod]
    public void S6_5_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2SettingsFrame.Write(buffer, [new(Http2SettingsParameter.SETTINGS_MAX_FRAME_SIZE, 20000), new((Http2SettingsParameter)0x99, 7)]);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().Settings((MaxFrameSize, 20000), (0x99, 7)).ToArray());
        Http2SettingsFrame.TryRead(Http2FrameHeader.Read(buffer.WrittenSpan), buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.Count.ShouldBe(2);
        frame[1].ShouldBe(new Http2Setting((Http2SettingsParameter)0x99, 7));
        frame[1].Validate().IsNone.ShouldBeTrue();
        new Http2Setting(Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL, 2).Validate().Code.ShouldBe(Http2ErrorCode.PROTOCOL_ERROR);
    }
}
