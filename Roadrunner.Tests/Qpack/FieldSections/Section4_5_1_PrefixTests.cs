using Roadrunner.Qpack;
using Roadrunner.Qpack.FieldSections;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.FieldSections;

/// <summary>RFC 9204 §4.5.1: the Encoded Field Section Prefix, Required Insert Count wrapping and the signed Base.</summary>
[TestClass]
public sealed class Section4_5_1_PrefixTests
{
    /// <summary>§4.5.1.1's example: "if the dynamic table is 100 bytes, then the Required Insert Count will be encoded modulo 6. If a decoder has received 10 inserts, then an encoded value of 4 indicates that the Required Insert Count is 9 for the field section."</summary>
    [TestMethod]
    public void S4_5_1_1_RfcExample_Wraps()
    {
        int maxEntries = RequiredInsertCount.MaxEntries(100);
        maxEntries.ShouldBe(3);
        RequiredInsertCount.TryDecode(4, maxEntries, totalInserts: 10, out long value).ShouldBeTrue();
        value.ShouldBe(9);
        RequiredInsertCount.Encode(9, maxEntries).ShouldBe(4);
    }

    /// <summary>Encoding then decoding gives back every count the decoder could be asked for, across many wraps.</summary>
    [TestMethod]
    public void S4_5_1_1_RoundTrip_AcrossWraps()
    {
        foreach (int capacity in new[] { 32, 100, 220, 4096 })
        {
            int maxEntries = RequiredInsertCount.MaxEntries(capacity);
            for (long inserts = 0; inserts < 300; inserts++)
            {
                // A conformant encoder's count is in [inserts - MaxEntries + 1, inserts + MaxEntries] and at least 1.
                for (long ric = Math.Max(1, inserts - maxEntries + 1); ric <= inserts + maxEntries; ric++)
                {
                    int encoded = RequiredInsertCount.Encode(ric, maxEntries);
                    RequiredInsertCount.TryDecode(encoded, maxEntries, inserts, out long decoded).ShouldBeTrue();
                    decoded.ShouldBe(ric);
                }
            }
        }
    }

    /// <summary>§4.5.1.1: an encoded value past 2 * MaxEntries, or one that decodes to 0, cannot come from a conformant encoder.</summary>
    [TestMethod]
    public void S4_5_1_1_ImpossibleValues_AreRefused()
    {
        RequiredInsertCount.TryDecode(7, 3, 10, out _).ShouldBeFalse();   // FullRange 6
        RequiredInsertCount.TryDecode(1, 3, 0, out _).ShouldBeFalse();    // MaxValue 3; 0 + 1 - 1 = 0
        RequiredInsertCount.TryDecode(6, 3, 0, out _).ShouldBeFalse();    // 5 > MaxValue and <= FullRange
        RequiredInsertCount.TryDecode(1, 0, 0, out _).ShouldBeFalse();    // table off: only 0 is possible
        RequiredInsertCount.TryDecode(0, 0, 0, out long zero).ShouldBeTrue();
        zero.ShouldBe(0);
    }

    /// <summary>§4.5.1.1 through the decoder: a Required Insert Count the table cannot have produced is QPACK_DECOMPRESSION_FAILED.</summary>
    [TestMethod]
    public void S4_5_1_1_InvalidEncodedInsertCount_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 100);
        ShouldFail(Decode(decoder, 0, Hex("07 00 c1")).Result, QpackErrors.RequiredInsertCountInvalid);
    }

    /// <summary>A decoder with the table off accepts only Required Insert Count 0.</summary>
    [TestMethod]
    public void S4_5_1_1_DynamicReferenceWithTableOff_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 0);
        ShouldFail(Decode(decoder, 0, Hex("02 80 80")).Result, QpackErrors.RequiredInsertCountInvalid);
    }

    /// <summary>§4.5.1.2: with the sign bit set, Base = ReqInsertCount - DeltaBase - 1, which must not be negative.</summary>
    [TestMethod]
    public void S4_5_1_2_NegativeBase_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d")).IsNone.ShouldBeTrue();
        ShouldFail(Decode(decoder, 0, Hex("02 81 10")).Result, QpackErrors.BaseNegative);   // RIC 1, Base = 1 - 1 - 1
    }

    /// <summary>§4.5.1.2: the sign bit and Delta Base place the Base around the Required Insert Count.</summary>
    [TestMethod]
    public void S4_5_1_2_Base_BothSigns()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468")).IsNone.ShouldBeTrue();

        // RIC 2, S = 0, Delta 0: Base 2; relative 0 is absolute 1, relative 1 is absolute 0.
        var (result, sink) = Decode(decoder, 0, Hex("03 00 80 81"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":path: /sample/path", ":authority: www.example.com"]);

        // RIC 2, S = 1, Delta 0: Base 1; relative 0 is absolute 0, post-base 0 is absolute 1.
        (result, sink) = Decode(decoder, 4, Hex("03 80 80 10"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":authority: www.example.com", ":path: /sample/path"]);
    }

    [TestMethod]
    public void TruncatedPrefix_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder();
        ShouldFail(Decode(decoder, 0, Hex("00")).Result, QpackErrors.SectionTruncated);
        using var other = new QpackDecoder();
        ShouldFail(Decode(other, 0, []).Result, QpackErrors.SectionTruncated);
    }

    internal static void ShouldFail(QpackSectionResult result, string reason)
    {
        result.Status.ShouldBe(QpackSectionStatus.Failed);
        result.Error.Code.ShouldBe(QpackErrorCode.QPACK_DECOMPRESSION_FAILED);
        result.Error.Reason.ShouldBe(reason);
    }
}
