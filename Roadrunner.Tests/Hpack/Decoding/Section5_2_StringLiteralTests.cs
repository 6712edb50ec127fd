using Roadrunner.Hpack;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Decoding;

/// <summary>
/// RFC 7541 §5.2 string literal representation: an H bit, a 7-bit-prefix length, then that many octets, raw or
/// Huffman-encoded. The Huffman rules checked here: "A padding strictly longer than 7 bits MUST be treated as a
/// decoding error. A padding not corresponding to the most significant bits of the code for the EOS symbol MUST be
/// treated as a decoding error. A Huffman-encoded string literal containing the EOS symbol MUST be treated as a
/// decoding error."
/// </summary>
[TestClass]
public sealed class Section5_2_StringLiteralTests
{
    /// <summary>A raw name and value (H = 0) decode as they are.</summary>
    [TestMethod]
    public void Raw_NameAndValue_Decode()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("00 0161 0162"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["a: b"]);
    }

    /// <summary>A Huffman name and value (H = 1) decode: "custom-key: custom-value" from C.4.3.</summary>
    [TestMethod]
    public void Huffman_NameAndValue_Decode()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("00 8825a849e95ba97d7f 8925a849e95bb8e8b4bf"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["custom-key: custom-value"]);
    }

    /// <summary>Empty strings, raw (0x00) and Huffman (0x80), are valid.</summary>
    [TestMethod]
    public void EmptyStrings_Decode()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("00 0161 00  00 0162 80  10 80 00"));
        error.IsNone.ShouldBeTrue();
        sink.Fields.Select(f => (f.Name, f.Value)).ShouldBe([("a", ""), ("b", ""), ("", "")]);
    }

    /// <summary>A string that claims more octets than the block holds is a COMPRESSION_ERROR.</summary>
    [TestMethod]
    [DataRow("40 0a637573", DisplayName = "raw name of 10 octets, 3 present")]
    [DataRow("40 0161 05626262", DisplayName = "raw value of 5 octets, 3 present")]
    [DataRow("40 8a25a849", DisplayName = "Huffman name of 10 octets, 3 present")]
    [DataRow("00 0161 7f00", DisplayName = "raw value of 127 octets, none present")]
    public void Length_BeyondBlock_IsCompressionError(string block)
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex(block));
        error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.StringTruncated));
        sink.Fields.ShouldBeEmpty();
    }

    /// <summary>EOS (thirty 1 bits) inside a Huffman string is an error, on its own or after a symbol ('a' = 00011).</summary>
    [TestMethod]
    [DataRow("00 84ffffffff 0161", DisplayName = "name: EOS then two padding bits")]
    [DataRow("00 0161 851fffffffff", DisplayName = "value: 'a', EOS, five padding bits")]
    public void HuffmanEos_IsCompressionError(string block) =>
        Decode(new HpackDecoder(), Hex(block)).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.HuffmanEos));

    /// <summary>Padding longer than 7 bits: 'a' (00011) then eleven 1 bits, or sixteen 1 bits and no symbol.</summary>
    [TestMethod]
    [DataRow("00 0161 821fff", DisplayName = "'a' then 11 bits of ones")]
    [DataRow("00 0161 82ffff", DisplayName = "sixteen 1 bits and no symbol")]
    public void HuffmanPaddingTooLong_IsCompressionError(string block) =>
        Decode(new HpackDecoder(), Hex(block)).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.HuffmanPaddingTooLong));

    /// <summary>Padding that is not all ones: 'a' (00011) then 000, or then 110.</summary>
    [TestMethod]
    [DataRow("00 0161 8118", DisplayName = "'a' then 000")]
    [DataRow("00 0161 811e", DisplayName = "'a' then 110")]
    [DataRow("00 0161 8100", DisplayName = "'0' then 000")]
    public void HuffmanPaddingNotOnes_IsCompressionError(string block) =>
        Decode(new HpackDecoder(), Hex(block)).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.HuffmanPaddingNotEos));

    /// <summary>Valid padding of 0 to 7 ones is accepted: 'a' + 111 (0x1f), '0' + 111 (0x07), "00" + 111111 (0x003f).</summary>
    [TestMethod]
    public void HuffmanPaddingUpToSevenOnes_Decodes()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("00 0161 811f  00 0162 8107  00 0163 82003f"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["a: a", "b: 0", "c: 00"]);
    }

    /// <summary>A long Huffman value grows the decoder's scratch buffer and still decodes exactly.</summary>
    [TestMethod]
    public void LongHuffmanValue_Decodes()
    {
        string value = string.Concat(Enumerable.Repeat("0123456789abcdef", 500));
        var encoder = new HpackEncoder();
        var block = EncodeField(encoder, "x-long", value, HpackIndexing.WithoutIndexing);
        block[2].ShouldBeGreaterThanOrEqualTo((byte)0x80, "the value is Huffman-encoded");
        var (error, sink) = Decode(new HpackDecoder(maxHeaderListSize: 1 << 20), block);
        error.IsNone.ShouldBeTrue();
        sink.Fields.Single().Value.ShouldBe(value);
    }
}
