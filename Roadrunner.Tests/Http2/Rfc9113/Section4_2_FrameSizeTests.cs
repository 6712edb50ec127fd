using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §4.2 (h2spec "4.2 Frame Size").</summary>
[TestClass]
public sealed class Section4_2_FrameSizeTests
{
    /// <summary>RFC 9113 §4.2: "All implementations MUST be capable of receiving and minimally processing frames up to 2^14 octets in length" (h2spec 4.2/1)</summary>
    [TestMethod]
    public void S4_2_DataOf16384Octets_IsAccepted()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(16384));
        var events = server.Send(new FrameBuilder().Data(1, new byte[16384], endStream: true));
        var data = events.ShouldHaveSingleItem();
        data.Kind.ShouldBe(Http2EventKind.DataReceived);
        data.Data.Length.ShouldBe(16384);
        data.EndStream.ShouldBeTrue();
    }

    /// <summary>
    /// RFC 9113 §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame exceeds the size defined in
    /// SETTINGS_MAX_FRAME_SIZE" (h2spec 4.2/2). Answered as a connection error, before the payload is buffered.
    /// </summary>
    [TestMethod]
    public void S4_2_DataOverMaxFrameSize_IsFrameSizeError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Header(16385, FrameBuilder.DATA, 0, 1));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooLarge);
    }

    /// <summary>
    /// RFC 9113 §4.2: "A frame size error in a frame that could alter the state of the entire connection MUST be
    /// treated as a connection error (Section 5.4.1); this includes any frame carrying a field block" (h2spec 4.2/3)
    /// </summary>
    [TestMethod]
    public void S4_2_HeadersOverMaxFrameSize_IsConnectionFrameSizeError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request("GET", "/", ("x-large", new string('a', 16384)));
        server.Send(new FrameBuilder().Headers(1, block, endStream: true));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooLarge);
    }

    /// <summary>RFC 9113 §6.5.2: a larger SETTINGS_MAX_FRAME_SIZE is announced and then accepted.</summary>
    [TestMethod]
    public void S4_2_LargerMaxFrameSize_IsAnnouncedAndAccepted()
    {
        using var server = new ServerHarness(new Http2Options { MaxFrameSize = 65536, InitialStreamWindow = 1 << 20, InitialConnectionWindow = 1 << 20 });
        server.HandshakeFrames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_FRAME_SIZE, 65536));
        server.OpenStream(1, endStream: false, HeaderBlock.Post(65536));
        server.Send(new FrameBuilder().Data(1, new byte[65536], endStream: true)).ShouldHaveSingleItem().Data.Length.ShouldBe(65536);
    }

    /// <summary>RFC 9113 §4.2: "An endpoint MUST NOT send a frame ... larger than ... SETTINGS_MAX_FRAME_SIZE": content is cut to the peer's size.</summary>
    [TestMethod]
    public void S4_2_OutboundData_IsCutToPeerMaxFrameSize()
    {
        using var server = new ServerHarness(null, true, ((ushort)Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20));
        server.Send(new FrameBuilder().WindowUpdate(0, 1 << 20));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.ReadFrames();
        server.Connection.SendData(1, new byte[40000], endStream: true).ShouldBe(40000);
        var frames = server.ReadFrames();
        frames.Select(f => f.Header.Length).ShouldBe([16384, 16384, 7232]);
        frames.Select(f => f.HasFlag(Http2FrameFlags.END_STREAM)).ShouldBe([false, false, true]);
    }
}
