using Roadrunner.Qpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.FieldSections.Section4_5_1_PrefixTests;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.FieldSections;

/// <summary>RFC 9204 §2.1.2 and §2.2.1: blocked streams at the decoder — held, decoded when the inserts arrive, and bounded.</summary>
[TestClass]
public sealed class Section2_1_2_BlockedStreamTests
{
    private const string Capacity = "3fbd01";
    private const string InsertAuthority = "c00f 7777 772e 6578 616d 706c 652e 636f 6d";
    private const string InsertPath = "c10c 2f73 616d 706c 652f 7061 7468";

    /// <summary>§2.2.1: a section whose Required Insert Count is above the Insert Count waits; the inserts release it into its sink.</summary>
    [TestMethod]
    public void S2_2_1_BlockedSection_IsDecodedWhenInsertsArrive()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);
        decoder.ReceiveEncoderStream(Hex(Capacity)).IsNone.ShouldBeTrue();
        var sink = new RecordingSink();
        decoder.DecodeSection(4, Hex("0381 10 11"), sink).Status.ShouldBe(QpackSectionStatus.Blocked);
        decoder.BlockedStreamCount.ShouldBe(1);
        sink.Fields.ShouldBeEmpty();

        decoder.ReceiveEncoderStream(Hex(InsertAuthority)).IsNone.ShouldBeTrue();
        decoder.TryReadEvent(out _).ShouldBeFalse();   // one insert is not enough
        decoder.ReceiveEncoderStream(Hex(InsertPath)).IsNone.ShouldBeTrue();

        decoder.TryReadEvent(out var decoded).ShouldBeTrue();
        decoded.ShouldBe(new QpackSectionDecoded(4, QpackError.None));
        sink.Lines.ShouldBe([":authority: www.example.com", ":path: /sample/path"]);
        decoder.BlockedStreamCount.ShouldBe(0);
        ToHex(DecoderStream(decoder)).ShouldBe("84");   // the acknowledgment covers both inserts
    }

    /// <summary>§2.1.2: "If a decoder encounters more blocked streams than it promised to support, it MUST treat this as a connection error of type QPACK_DECOMPRESSION_FAILED."</summary>
    [TestMethod]
    public void S2_1_2_MoreBlockedStreamsThanAdvertised_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 2);
        decoder.ReceiveEncoderStream(Hex(Capacity)).IsNone.ShouldBeTrue();
        Decode(decoder, 0, Hex("0280 10")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        Decode(decoder, 4, Hex("0280 10")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        ShouldFail(Decode(decoder, 8, Hex("0280 10")).Result, QpackErrors.TooManyBlockedStreams);
        decoder.Failure.Reason.ShouldBe(QpackErrors.TooManyBlockedStreams);
    }

    /// <summary>A decoder advertising 0 blocked streams refuses the first one.</summary>
    [TestMethod]
    public void S2_1_2_ZeroBlockedStreams_FirstBlockedIsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 0);
        ShouldFail(Decode(decoder, 0, Hex("0280 10")).Result, QpackErrors.TooManyBlockedStreams);
    }

    /// <summary>The copy kept for a blocked section is bounded by the maximum field section size.</summary>
    [TestMethod]
    public void BlockedSectionLargerThanLimit_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 4, maxFieldSectionSize: 10);
        ShouldFail(Decode(decoder, 0, Hex("0280 10 d1d1d1d1 d1d1d1d1")).Result, QpackErrors.BlockedSectionTooLarge);
    }

    /// <summary>A cancelled stream's blocked section is dropped, frees its slot, and the cancellation is sent (§4.4.2).</summary>
    [TestMethod]
    public void CancelledStream_DropsItsBlockedSection()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);
        decoder.ReceiveEncoderStream(Hex(Capacity)).IsNone.ShouldBeTrue();
        Decode(decoder, 4, Hex("0280 10")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        decoder.CancelStream(4);
        decoder.BlockedStreamCount.ShouldBe(0);
        Decode(decoder, 8, Hex("0280 10")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        decoder.ReceiveEncoderStream(Hex(InsertAuthority)).IsNone.ShouldBeTrue();
        decoder.TryReadEvent(out var decoded).ShouldBeTrue();
        decoded.StreamId.ShouldBe(8);
        decoder.TryReadEvent(out _).ShouldBeFalse();
        ToHex(DecoderStream(decoder)).ShouldBe("44" + "88");
    }

    /// <summary>A blocked section that turns out bad fails the connection when it is finally decoded, reported by its event.</summary>
    [TestMethod]
    public void BlockedSectionWithBadReference_FailsWhenDecoded()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);
        decoder.ReceiveEncoderStream(Hex(Capacity)).IsNone.ShouldBeTrue();
        Decode(decoder, 4, Hex("0280 ff24")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        var error = decoder.ReceiveEncoderStream(Hex(InsertAuthority));
        error.Reason.ShouldBe(QpackErrors.FieldStaticIndexInvalid);
        error.Code.ShouldBe(QpackErrorCode.QPACK_DECOMPRESSION_FAILED);
        decoder.TryReadEvent(out var decoded).ShouldBeTrue();
        decoded.Error.ShouldBe(error);
    }

    /// <summary>Two sections of one stream are decoded in order, so a second while the first is blocked is misuse.</summary>
    [TestMethod]
    public void SecondSectionWhileBlocked_Throws()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 2);
        Decode(decoder, 4, Hex("0280 10")).Result.Status.ShouldBe(QpackSectionStatus.Blocked);
        Should.Throw<InvalidOperationException>(() => decoder.DecodeSection(4, Hex("0000 d1"), new RecordingSink()));
    }

    /// <summary>Inserts not covered by an acknowledgment are reported once, coalesced (§4.4.3).</summary>
    [TestMethod]
    public void S4_4_3_InsertCountIncrement_IsCoalesced()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex(Capacity + InsertAuthority + InsertPath)).IsNone.ShouldBeTrue();
        decoder.HasDecoderStreamData.ShouldBeTrue();
        ToHex(DecoderStream(decoder)).ShouldBe("02");
        decoder.HasDecoderStreamData.ShouldBeFalse();
        ToHex(DecoderStream(decoder)).ShouldBe(string.Empty);
    }
}
