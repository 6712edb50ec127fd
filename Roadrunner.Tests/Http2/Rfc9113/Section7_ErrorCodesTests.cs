using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §7 (h2spec "7 Error Codes").</summary>
[TestClass]
public sealed class Section7_ErrorCodesTests
{
    /// <summary>RFC 9113 §7: "Unknown or unsupported error codes MUST NOT trigger any special behavior." (h2spec 7/1: GOAWAY)</summary>
    [TestMethod]
    public void S7_GoAwayWithUnknownErrorCode_IsAccepted()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().GoAway(0, 0xFF)).ShouldHaveSingleItem().ErrorCode.ShouldBe((Http2ErrorCode)0xFF);
        server.ShouldBeAlive();
    }

    /// <summary>RFC 9113 §7: unknown codes trigger nothing special (h2spec 7/2: RST_STREAM).</summary>
    [TestMethod]
    public void S7_RstStreamWithUnknownErrorCode_IsAccepted()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        var reset = server.Send(new FrameBuilder().RstStream(1, 0xFF)).ShouldHaveSingleItem();
        reset.Kind.ShouldBe(Http2EventKind.StreamReset);
        reset.ErrorCode.ShouldBe((Http2ErrorCode)0xFF);
        server.ShouldWriteNothing();
    }

    /// <summary>RFC 9113 §7: the codes and their values, as registered.</summary>
    [TestMethod]
    public void S7_ErrorCodeValues_MatchTheRfc()
    {
        Enum.GetValues<Http2ErrorCode>().Select(c => (uint)c).ShouldBe([0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb, 0xc, 0xd]);
        ((uint)Http2ErrorCode.ENHANCE_YOUR_CALM).ShouldBe(0xbu);
        ((uint)Http2ErrorCode.HTTP_1_1_REQUIRED).ShouldBe(0xdu);
    }
}
