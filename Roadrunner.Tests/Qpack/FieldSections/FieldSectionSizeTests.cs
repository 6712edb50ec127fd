using Roadrunner.Qpack;
using Shouldly;
using static Roadrunner.Tests.Qpack.FieldSections.Section4_5_1_PrefixTests;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.FieldSections;

/// <summary>
/// The decoder's bound on a field section (RFC 9114 §4.2.2: name + value + 32 per field line, default 16384 like our
/// HTTP/2 header list limit): over it is QPACK_DECOMPRESSION_FAILED with a constant reason, but the table stays in
/// step, the section is still acknowledged and the decoder keeps working.
/// </summary>
[TestClass]
public sealed class FieldSectionSizeTests
{
    [TestMethod]
    public void Default_Is16384()
    {
        using var decoder = new QpackDecoder();
        decoder.MaxFieldSectionSize.ShouldBe(16384);
    }

    [TestMethod]
    public void AtTheLimit_Decodes_OneOctetOver_Fails()
    {
        // "key" + "val" + 32 = 38 per field line.
        var line = "236b 6579 0376 616c";
        using var decoder = new QpackDecoder(maxFieldSectionSize: 76);
        var (result, sink) = Decode(decoder, 0, Hex("0000" + line + line));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Fields.Count.ShouldBe(2);

        using var smaller = new QpackDecoder(maxFieldSectionSize: 75);
        ShouldFail(Decode(smaller, 0, Hex("0000" + line + line)).Result, QpackErrors.FieldSectionTooLarge);
        smaller.Failure.IsNone.ShouldBeTrue();
        Decode(smaller, 4, Hex("0000" + line)).Result.Status.ShouldBe(QpackSectionStatus.Decoded);
    }

    /// <summary>A Huffman value that would decode past the limit is refused without decoding it all.</summary>
    [TestMethod]
    public void HugeHuffmanValue_Fails()
    {
        using var decoder = new QpackDecoder(maxFieldSectionSize: 100);
        var value = new byte[400];
        Array.Fill(value, (byte)0x00);   // '0' codes (5 bits) back to back
        var section = Hex("0000 51 ff 91 02").Concat(value).ToArray();   // H=1, length 127 + 273 = 400
        ShouldFail(Decode(decoder, 0, section).Result, QpackErrors.FieldSectionTooLarge);
    }

    /// <summary>An oversized section that used the dynamic table is still acknowledged, so the peer's encoder can release its entries.</summary>
    [TestMethod]
    public void OversizedDynamicSection_IsStillAcknowledged()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxFieldSectionSize: 60);
        decoder.ReceiveEncoderStream(Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468")).IsNone.ShouldBeTrue();
        DecoderStream(decoder);
        ShouldFail(Decode(decoder, 4, Hex("0381 10 11")).Result, QpackErrors.FieldSectionTooLarge);
        ToHex(DecoderStream(decoder)).ShouldBe("84");
    }
}
