using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2;

/// <summary>
/// RFC 9113 §10.5 (denial-of-service considerations): every flood is bounded by <see cref="Http2Options"/> and answered
/// with GOAWAY ENHANCE_YOUR_CALM ("An endpoint MAY treat activity that is suspicious as a connection error (Section
/// 5.4.1) of type ENHANCE_YOUR_CALM.").
/// </summary>
[TestClass]
public sealed class AbuseBoundsTests
{
    /// <summary>Rapid reset (CVE-2023-44487): opening and resetting streams faster than the bound ends the connection.</summary>
    [TestMethod]
    public void RapidReset_BeyondBound_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxResetsPerInterval = 10 });
        for (int i = 0; i < 10; i++) server.Send(new FrameBuilder().Headers((2 * i) + 1, HeaderBlock.Request(), endStream: false).RstStream((2 * i) + 1, 8));
        server.Open.ShouldBeTrue();
        server.Send(new FrameBuilder().Headers(21, HeaderBlock.Request(), endStream: false).RstStream(21, 8));
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.RapidReset);
    }

    /// <summary>The reset bound counts per interval: the same number spread over time is fine.</summary>
    [TestMethod]
    public void RapidReset_SpreadOverIntervals_IsAccepted()
    {
        using var server = new ServerHarness(new Http2Options { MaxResetsPerInterval = 5, FloodInterval = TimeSpan.FromSeconds(1) });
        for (int i = 0; i < 50; i++)
        {
            server.Now = i * 250;
            server.Send(new FrameBuilder().Headers((2 * i) + 1, HeaderBlock.Request(), endStream: false).RstStream((2 * i) + 1, 8));
        }

        server.Open.ShouldBeTrue();
    }

    /// <summary>Streams we refuse count against the same bound: refusing costs a decode each.</summary>
    [TestMethod]
    public void RefusedStreams_CountAsResets()
    {
        using var server = new ServerHarness(new Http2Options { MaxConcurrentStreams = 1, MaxResetsPerInterval = 3 });
        server.OpenStream(1, endStream: false);
        for (int i = 1; i <= 3; i++) server.OpenStream((2 * i) + 1);
        server.Open.ShouldBeTrue();
        server.OpenStream(9);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.RapidReset);
    }

    /// <summary>A SETTINGS flood (each one costs an acknowledgment) ends the connection.</summary>
    [TestMethod]
    public void SettingsFlood_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxSettingsPerInterval = 20 });
        var flood = new FrameBuilder();
        for (int i = 0; i < 20; i++) flood.Settings();
        server.Send(flood);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.SettingsFlood);
    }

    /// <summary>A PING flood (each one costs an acknowledgment) ends the connection.</summary>
    [TestMethod]
    public void PingFlood_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxPingsPerInterval = 50 });
        var flood = new FrameBuilder();
        for (int i = 0; i < 51; i++) flood.Ping((ulong)i);
        server.Send(flood);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.PingFlood);
    }

    /// <summary>Empty DATA frames without END_STREAM cost work and carry nothing: a flood of them ends the connection.</summary>
    [TestMethod]
    public void EmptyDataFlood_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxEmptyFramesPerInterval = 30 });
        server.OpenStream(1, endStream: false);
        var flood = new FrameBuilder();
        for (int i = 0; i < 31; i++) flood.Data(1, [], endStream: false);
        server.Send(flood);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.EmptyFrameFlood);
    }

    /// <summary>Empty CONTINUATION frames that never end the block are a flood too.</summary>
    [TestMethod]
    public void EmptyContinuationFlood_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxEmptyFramesPerInterval = 30 });
        var flood = new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true, endHeaders: false);
        for (int i = 0; i < 31; i++) flood.Continuation(1, [], endHeaders: false);
        server.Send(flood);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.EmptyFrameFlood);
    }

    /// <summary>The CONTINUATION flood: a field block that keeps growing past MaxHeaderBlockSize ends the connection before it is buffered.</summary>
    [TestMethod]
    public void ContinuationFlood_BeyondMaxHeaderBlockSize_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness();
        var flood = new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true, endHeaders: false);
        for (int i = 0; i < 5; i++) flood.Continuation(1, new byte[4000], endHeaders: false);
        server.Send(flood);
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.HeaderBlockTooLarge);
    }

    /// <summary>A single HEADERS frame whose fragment alone exceeds MaxHeaderBlockSize is refused the same way.</summary>
    [TestMethod]
    public void HeadersFragmentBeyondMaxHeaderBlockSize_IsEnhanceYourCalm()
    {
        using var server = new ServerHarness(new Http2Options { MaxHeaderBlockSize = 100 });
        server.Send(new FrameBuilder().Headers(1, new byte[200], endStream: true, endHeaders: false));
        server.ShouldGoAway(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.HeaderBlockTooLarge);
    }

    /// <summary>A frame longer than SETTINGS_MAX_FRAME_SIZE is refused from its header: nothing is buffered for it.</summary>
    [TestMethod]
    public void OversizedFrame_IsRefusedBeforeItsPayload()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Header(0xFFFFFF, 0x42, 0, 0));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooLarge);
    }

    /// <summary>Every bound has a documented default.</summary>
    [TestMethod]
    public void Defaults_FollowTheReferenceServer()
    {
        var options = Http2Options.Default;
        (options.MaxConcurrentStreams, options.InitialStreamWindow, options.InitialConnectionWindow, options.MaxFrameSize).ShouldBe((100, 65535, 65535, 16384));
        (options.MaxHeaderBlockSize, options.MaxHeaderListSize, options.HeaderTableSize).ShouldBe((16384, 16384, 4096));
        (options.MaxResetsPerInterval, options.MaxSettingsPerInterval, options.MaxPingsPerInterval, options.MaxEmptyFramesPerInterval).ShouldBe((100, 100, 100, 100));
        options.SettingsTimeout.ShouldBe(TimeSpan.FromSeconds(10));
        Should.Throw<ArgumentOutOfRangeException>(() => new Http2Connection(Http2Role.Server, new Http2Options { MaxFrameSize = 100 }, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new Http2Connection(Http2Role.Server, new Http2Options { InitialConnectionWindow = 1000 }, 0));
    }
}
