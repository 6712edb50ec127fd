using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §3.4 (h2spec "3.5 HTTP/2 Connection Preface"): the client preface and the server's first SETTINGS.</summary>
[TestClass]
public sealed class Section3_5_PrefaceTests
{
    /// <summary>
    /// RFC 9113 §3.4: "The server connection preface consists of a potentially empty SETTINGS frame (Section 6.5) that
    /// MUST be the first frame the server sends in the HTTP/2 connection."
    /// </summary>
    [TestMethod]
    public void S3_5_ServerPreface_IsSettingsFirst()
    {
        using var server = new ServerHarness(handshake: false);
        var frames = server.ReadFrames();
        frames[0].Type.ShouldBe(Http2FrameType.SETTINGS);
        frames[0].HasFlag(Http2FrameFlags.ACK).ShouldBeFalse();
        frames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_CONCURRENT_STREAMS, 100));
        frames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_HEADER_LIST_SIZE, 16384));
        frames[0].Settings.ShouldNotContain(s => s.Parameter == Http2SettingsParameter.SETTINGS_ENABLE_PUSH);
        frames.Count.ShouldBe(1);
    }

    /// <summary>
    /// RFC 9113 §3.4: "The SETTINGS frames received from a peer as part of the connection preface MUST be acknowledged
    /// (see Section 6.5.3) after sending the connection preface." (h2spec 3.5/1)
    /// </summary>
    [TestMethod]
    public void S3_5_ClientPreface_IsAcknowledged()
    {
        using var server = new ServerHarness(handshake: false);
        server.Send(new FrameBuilder().Preface().Settings());
        var frames = server.ReadFrames();
        frames.Select(f => (f.Type, f.HasFlag(Http2FrameFlags.ACK))).ShouldBe([(Http2FrameType.SETTINGS, false), (Http2FrameType.SETTINGS, true)]);
        server.Events.ShouldContain(e => e.Kind == Http2EventKind.SettingsChanged);
    }

    /// <summary>RFC 9113 §3.4: "Clients and servers MUST treat an invalid connection preface as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 3.5/2)</summary>
    [TestMethod]
    public void S3_5_InvalidPreface_IsConnectionProtocolError()
    {
        using var server = new ServerHarness(handshake: false);
        server.Send(new FrameBuilder().Raw("INVALID CONNECTION PREFACE\r\n\r\n"u8.ToArray()));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PrefaceInvalid);
    }

    /// <summary>RFC 9113 §3.4: an HTTP/1.1 request is not the preface: PROTOCOL_ERROR at the first octet that differs.</summary>
    [TestMethod]
    public void S3_5_Http11Request_IsConnectionProtocolError()
    {
        using var server = new ServerHarness(handshake: false);
        server.Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PrefaceInvalid);
    }

    /// <summary>RFC 9113 §3.4: the preface may arrive in pieces; each octet is checked as it comes.</summary>
    [TestMethod]
    public void S3_5_PrefaceOneOctetAtATime_IsAccepted()
    {
        using var server = new ServerHarness(handshake: false);
        foreach (byte b in new FrameBuilder().Preface().Settings().ToArray()) server.Send([b]).ShouldNotContain(e => e.Kind == Http2EventKind.ConnectionClosed);
        server.Open.ShouldBeTrue();
        server.ReadFrames().Count(f => f.Type == Http2FrameType.SETTINGS && f.HasFlag(Http2FrameFlags.ACK)).ShouldBe(1);
    }

    /// <summary>RFC 9113 §3.4: the preface "MUST be followed by a SETTINGS frame"; anything else is an invalid preface (PROTOCOL_ERROR).</summary>
    [TestMethod]
    public void S3_5_FirstFrameNotSettings_IsConnectionProtocolError()
    {
        using var server = new ServerHarness(handshake: false);
        server.Send(new FrameBuilder().Preface().Ping(1));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.FirstFrameNotSettings);
    }

    /// <summary>RFC 9113 §3.4: a SETTINGS acknowledgment is not the peer's SETTINGS.</summary>
    [TestMethod]
    public void S3_5_FirstFrameSettingsAck_IsConnectionProtocolError()
    {
        using var server = new ServerHarness(handshake: false);
        server.Send(new FrameBuilder().Preface().SettingsAck());
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.FirstFrameNotSettings);
    }

    /// <summary>A cleartext listener can tell prior-knowledge HTTP/2 from HTTP/1.1 with the first octets.</summary>
    [TestMethod]
    public void S3_5_IsPossiblePrefix_MatchesPrefaceStarts()
    {
        Http2Preface.IsPossiblePrefix("PRI * HT"u8).ShouldBeTrue();
        Http2Preface.IsPossiblePrefix(new FrameBuilder().Preface().Settings().ToArray()).ShouldBeTrue();
        Http2Preface.IsPossiblePrefix("GET / HTTP/1.1\r\n"u8).ShouldBeFalse();
        Http2Preface.IsPossiblePrefix("PRI * HTTP/1.1"u8).ShouldBeFalse();
    }

    /// <summary>The client role writes the 24-octet preface, then SETTINGS with SETTINGS_ENABLE_PUSH 0.</summary>
    [TestMethod]
    public void S3_5_ClientRole_WritesPrefaceThenSettings()
    {
        using var client = new Http2Connection(Http2Role.Client, null, 0);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        client.WritePending(buffer);
        buffer.WrittenSpan[..24].SequenceEqual(Http2Preface.Bytes).ShouldBeTrue();
        var frames = ReceivedFrame.ParseAll(buffer.WrittenSpan[24..]);
        frames[0].Type.ShouldBe(Http2FrameType.SETTINGS);
        frames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_ENABLE_PUSH, 0));
    }
}
