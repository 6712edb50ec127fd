using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2;

/// <summary>
/// RFC 7540 §3.2, the HTTP/1.1 Upgrade to h2c: HTTP2-Settings stands for the client's first SETTINGS (applied,
/// not acknowledged), and the upgraded request is stream 1, half-closed (remote).
/// </summary>
[TestClass]
public sealed class UpgradeTests
{
    private static byte[] Setting(ushort id, uint value)
    {
        var bytes = new byte[6];
        new Http2Setting((Http2SettingsParameter)id, value).Write(bytes);
        return bytes;
    }

    /// <summary>Stream 1 is half-closed (remote) and takes the response; the settings apply; no SETTINGS ACK is sent for them.</summary>
    [TestMethod]
    public void AcceptUpgrade_OpensStream1_AppliesTheSettings()
    {
        using var harness = new ServerHarness(handshake: false);
        var connection = harness.Connection;

        connection.TryAcceptUpgrade(Setting(0x4, 1 << 20)).ShouldBeTrue();

        connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedRemote);
        connection.PeerSettings.InitialWindowSize.ShouldBe(1 << 20);
        harness.ReadFrames().ShouldNotContain(f => f.Type == Http2FrameType.SETTINGS && f.HasFlag(FrameBuilder.ACK));

        harness.Send(new FrameBuilder().Preface().Settings());
        connection.SendHeaders(1, 200, [], endStream: true);
        var frames = harness.ReadFrames();
        frames.ShouldContain(f => f.Type == Http2FrameType.HEADERS && f.StreamId == 1 && f.HasFlag(FrameBuilder.END_STREAM));
        connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
    }

    /// <summary>
    /// Stream 1 is taken: HEADERS on it hit a half-closed (remote) stream, a stream error STREAM_CLOSED (RFC 9113
    /// §5.1); the client's next stream, 3, opens normally.
    /// </summary>
    [TestMethod]
    public void AcceptUpgrade_ClientStreamsContinueAt3()
    {
        using var harness = new ServerHarness(handshake: false);
        harness.Connection.TryAcceptUpgrade([]).ShouldBeTrue();
        harness.Send(new FrameBuilder().Preface().Settings());
        harness.ReadFrames();

        harness.Send(new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true));
        harness.ShouldResetStream(1, Http2ErrorCode.STREAM_CLOSED);

        harness.OpenStream(3).ShouldContain(e => e.Kind == Http2EventKind.RequestHeadersReceived && e.StreamId == 3);
    }

    /// <summary>A payload that is not whole six-octet settings, or carries an out-of-range value, is refused and changes nothing.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0, 4, 0, 1 })]
    [DataRow(new byte[] { 0, 2, 0, 0, 0, 2 })]
    [DataRow(new byte[] { 0, 5, 0, 0, 0, 1 })]
    public void AcceptUpgrade_BadPayload_Refused(byte[] payload)
    {
        using var harness = new ServerHarness(handshake: false);

        harness.Connection.TryAcceptUpgrade(payload).ShouldBeFalse();

        harness.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Idle);
    }

    /// <summary>Only a server upgrades, and only before any input.</summary>
    [TestMethod]
    public void AcceptUpgrade_Misuse_Throws()
    {
        using var client = new Http2Connection(Http2Role.Client, null, 0);
        Should.Throw<InvalidOperationException>(() => client.TryAcceptUpgrade([]));

        using var harness = new ServerHarness();
        Should.Throw<InvalidOperationException>(() => harness.Connection.TryAcceptUpgrade([]));
    }
}
