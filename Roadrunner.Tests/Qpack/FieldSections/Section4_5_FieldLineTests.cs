using Roadrunner.Qpack;
using Shouldly;
using static Roadrunner.Tests.Qpack.FieldSections.Section4_5_1_PrefixTests;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.FieldSections;

/// <summary>RFC 9204 §4.5.2 to §4.5.6: every field line representation, the N bit, and every bad reference.</summary>
[TestClass]
public sealed class Section4_5_FieldLineTests
{
    // Capacity 220; absolute 0 = :authority www.example.com, absolute 1 = :path /sample/path.
    private const string TwoInserts = "3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468";

    [TestMethod]
    public void S4_5_2_IndexedStatic()
    {
        using var decoder = new QpackDecoder();
        var (result, sink) = Decode(decoder, 0, Hex("0000 d1 d9"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":method: GET", ":status: 200"]);
    }

    /// <summary>§4.5.4 with the N bit, and §4.5.6 with and without it: N reaches the sink as never-indexed.</summary>
    [TestMethod]
    public void S4_5_4_And_S4_5_6_NeverIndexedBit_ReachesTheSink()
    {
        using var decoder = new QpackDecoder();
        // 0x7f 0x45: N=1, T=1, static 84 (authorization) = 15 in the prefix + 69; then two literal names, the second with N=1.
        var (result, sink) = Decode(decoder, 0, Hex("0000 7f45 0373 6563 236b 6579 0376 616c 326b 3203 7632 32"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Fields.Select(f => (f.Name, f.Value, f.NeverIndexed)).ShouldBe(
        [
            ("authorization", "sec", true),
            ("key", "val", false),
            ("k2", "v22", true),
        ]);
    }

    /// <summary>§4.5.2 (T = 0), §4.5.3, §4.5.4 (T = 0) and §4.5.5 against a two-entry table.</summary>
    [TestMethod]
    public void DynamicRepresentations_RelativeAndPostBase()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex(TwoInserts)).IsNone.ShouldBeTrue();
        // RIC 2, Base 1 (S=1, Delta 0): relative 0 = abs 0; post-base 0 = abs 1;
        // literal with dynamic name relative 0 (abs 0) value "x"; literal with post-base name 0 (abs 1), N=1, value "/y".
        var (result, sink) = Decode(decoder, 0, Hex("0380 80 10 4001 78 0802 2f79"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Fields.Select(f => (f.Name, f.Value, f.NeverIndexed)).ShouldBe(
        [
            (":authority", "www.example.com", false),
            (":path", "/sample/path", false),
            (":authority", "x", false),
            (":path", "/y", true),
        ]);
    }

    /// <summary>Huffman-coded literal names (H at 0x08) and values decode.</summary>
    [TestMethod]
    public void HuffmanLiterals_Decode()
    {
        using var decoder = new QpackDecoder();
        // "custom-key" Huffman = 25a8 49e9 5ba9 7d7f (8 octets), "custom-value" = 25a8 49e9 5bb8 e8b4 bf (9 octets)
        var (result, sink) = Decode(decoder, 0, Hex("0000 2f01 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe(["custom-key: custom-value"]);
    }

    /// <summary>§3.1: a static index past 98.</summary>
    [TestMethod]
    public void S3_1_StaticIndexPastTable_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder();
        ShouldFail(Decode(decoder, 0, Hex("0000 ff24")).Result, QpackErrors.FieldStaticIndexInvalid);
        using var other = new QpackDecoder();
        ShouldFail(Decode(other, 0, Hex("0000 5f54 00")).Result, QpackErrors.FieldStaticIndexInvalid);
    }

    /// <summary>§2.2.3: a reference at or past the Required Insert Count.</summary>
    [TestMethod]
    public void S2_2_3_ReferenceAtRequiredInsertCount_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex(TwoInserts)).IsNone.ShouldBeTrue();
        // RIC 1, Base 1: post-base 0 is absolute 1 = RIC.
        ShouldFail(Decode(decoder, 0, Hex("0200 10")).Result, QpackErrors.FieldReferenceInvalid);
    }

    /// <summary>§2.2.3: a relative index below absolute 0.</summary>
    [TestMethod]
    public void S2_2_3_RelativeIndexBelowZero_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex(TwoInserts)).IsNone.ShouldBeTrue();
        ShouldFail(Decode(decoder, 0, Hex("0300 82")).Result, QpackErrors.FieldReferenceInvalid);   // Base 2, relative 2 = abs -1
    }

    /// <summary>§2.2.3: a reference to an evicted entry.</summary>
    [TestMethod]
    public void S2_2_3_ReferenceToEvictedEntry_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        // Capacity 70: the second insert evicts absolute 0.
        decoder.ReceiveEncoderStream(Hex("3f27 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468")).IsNone.ShouldBeTrue();
        ShouldFail(Decode(decoder, 0, Hex("0300 81 80")).Result, QpackErrors.FieldReferenceInvalid);
    }

    /// <summary>§2.2.1: a Required Insert Count above what the references need.</summary>
    [TestMethod]
    public void S2_2_1_RequiredInsertCountLargerThanNeeded_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        decoder.ReceiveEncoderStream(Hex(TwoInserts)).IsNone.ShouldBeTrue();
        ShouldFail(Decode(decoder, 0, Hex("0300 81")).Result, QpackErrors.RequiredInsertCountTooLarge);   // RIC 2, references abs 0 only
        using var other = new QpackDecoder(maxTableCapacity: 220);
        other.ReceiveEncoderStream(Hex(TwoInserts)).IsNone.ShouldBeTrue();
        ShouldFail(Decode(other, 0, Hex("0300 d1")).Result, QpackErrors.RequiredInsertCountTooLarge);     // no dynamic reference at all
    }

    [TestMethod]
    public void TruncatedFieldLines_AreDecompressionFailed()
    {
        foreach (var bad in new[] { "0000 ff", "0000 5f", "0000 51", "0000 5103 6162", "0000 23 6162", "0000 2f", "0000 27 0102 0304" })
        {
            using var decoder = new QpackDecoder();
            ShouldFail(Decode(decoder, 0, Hex(bad)).Result, QpackErrors.SectionTruncated);
        }
    }

    [TestMethod]
    public void InvalidHuffman_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder();
        ShouldFail(Decode(decoder, 0, Hex("0000 5184 ffffffff")).Result, QpackErrors.HuffmanInvalid);
    }

    /// <summary>§4.1.1: an index past 62 bits (nine 7-bit groups after the prefix make 63).</summary>
    [TestMethod]
    public void IntegerOverflow_IsDecompressionFailed()
    {
        using var decoder = new QpackDecoder();
        ShouldFail(Decode(decoder, 0, Hex("0000 ff ffffffffffffffff7f")).Result, QpackErrors.IntegerOverflow);
    }
}
