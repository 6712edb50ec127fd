using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.5 (h2spec "5.5 Extending HTTP/2").</summary>
[TestClass]
public sealed class Section5_5_ExtendingTests
{
    /// <summary>RFC 9113 §5.5: "Implementations MUST ignore unknown or unsupported values in all extensible protocol elements." (h2spec 5.5/1)</summary>
    [TestMethod]
    public void S5_5_UnknownExtensionFrame_IsIgnored()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Frame(0xFF, 0xFF, 1, "extension"u8.ToArray()).Frame(0x0A, 0, 0, new byte[20]));
        server.ShouldWriteNothing();
    }

    /// <summary>
    /// RFC 9113 §5.5: "Extension frames that appear in the middle of a field block (Section 4.3) are not permitted;
    /// these MUST be treated as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 5.5/2)
    /// </summary>
    [TestMethod]
    public void S5_5_ExtensionFrameInsideFieldBlock_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block, endStream: true, endHeaders: false).Frame(0xFF, 0, 1, 1, 2, 3));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>RFC 9113 §6.5.2: "An endpoint that receives a SETTINGS frame with any unknown or unsupported identifier MUST ignore that setting." (h2spec 6.5.2/5)</summary>
    [TestMethod]
    public void S5_5_UnknownSetting_IsIgnoredAndAcknowledged()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Settings((0xFF, 1), (0x7, 123)));
        var ack = server.ReadFrames().ShouldHaveSingleItem();
        ack.Type.ShouldBe(Roadrunner.Http2.Frames.Http2FrameType.SETTINGS);
        ack.HasFlag(Roadrunner.Http2.Frames.Http2FrameFlags.ACK).ShouldBeTrue();
        server.Connection.PeerSettings.ShouldBe(Http2Settings.Initial);
    }
}
