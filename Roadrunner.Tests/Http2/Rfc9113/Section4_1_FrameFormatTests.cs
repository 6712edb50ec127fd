using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §4.1 (h2spec "4.1 Frame Format").</summary>
[TestClass]
public sealed class Section4_1_FrameFormatTests
{
    /// <summary>RFC 9113 §4.1: "Implementations MUST ignore and discard frames of unknown types." (h2spec 4.1/1)</summary>
    [TestMethod]
    public void S4_1_UnknownFrameType_IsIgnored()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(0x16, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF));
        server.ShouldWriteNothing();
    }

    /// <summary>RFC 9113 §4.1: "Flags that have no defined semantics for a particular frame type MUST be ignored" (h2spec 4.1/2)</summary>
    [TestMethod]
    public void S4_1_UndefinedFlags_AreIgnored()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0x16, 0, 1, 2, 3, 4, 5, 6, 7, 8));
        var ack = server.ReadFrames().ShouldHaveSingleItem();
        ack.Type.ShouldBe(Http2FrameType.PING);
        ack.Header.Flags.ShouldBe(Http2FrameFlags.ACK);
        ack.PingData.ShouldBe(0x0102030405060708UL);
    }

    /// <summary>RFC 9113 §4.1: "Reserved: A reserved 1-bit field ... MUST be ignored when receiving." (h2spec 4.1/3)</summary>
    [TestMethod]
    public void S4_1_ReservedBit_IsIgnored()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0, unchecked((int)0x80000000), 1, 2, 3, 4, 5, 6, 7, 8));
        server.ReadFrames().ShouldHaveSingleItem().Type.ShouldBe(Http2FrameType.PING);
    }

    /// <summary>RFC 9113 §4.1: the reserved bit "MUST remain unset (0x00) when sending"; the header round-trips.</summary>
    [TestMethod]
    public void S4_1_FrameHeader_RoundTrips()
    {
        Span<byte> bytes = stackalloc byte[9];
        Http2FrameHeader.Write(bytes, 0x123456, Http2FrameType.HEADERS, 0x25, 0x7FFFFFFF);
        bytes.ToArray().ShouldBe(new byte[] { 0x12, 0x34, 0x56, 0x01, 0x25, 0x7F, 0xFF, 0xFF, 0xFF });
        Http2FrameHeader.Read(bytes).ShouldBe(new Http2FrameHeader(0x123456, Http2FrameType.HEADERS, 0x25, 0x7FFFFFFF));
    }

    /// <summary>Frames split at every possible point are processed once whole.</summary>
    [TestMethod]
    public void S4_1_FramesSplitAcrossReads_AreReassembled()
    {
        var bytes = new FrameBuilder().Ping(7).Frame(0x20, 0, 0, new byte[100]).Ping(8).ToArray();
        for (int split = 1; split < bytes.Length; split++)
        {
            using var server = new ServerHarness();
            server.Send(bytes[..split]);
            server.Send(bytes[split..]);
            server.ReadFrames().Select(f => f.PingData).ShouldBe([7UL, 8UL], $"split at {split}");
        }
    }

    /// <summary>Frames fed one octet at a time are processed once whole.</summary>
    [TestMethod]
    public void S4_1_FramesOneOctetAtATime_AreReassembled()
    {
        using var server = new ServerHarness();
        foreach (byte b in new FrameBuilder().Ping(1).Ping(2).Ping(3).ToArray()) server.Send([b]);
        server.ReadFrames().Select(f => f.PingData).ShouldBe([1UL, 2UL, 3UL]);
    }
}
