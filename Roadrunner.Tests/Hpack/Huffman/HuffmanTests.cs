using Roadrunner.Hpack.Huffman;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Huffman;

/// <summary>
/// The Huffman code of RFC 7541 Appendix B and its decoder and encoder. §5.2: "The Huffman code ... is used to encode
/// string literals ... As the Huffman-encoded data doesn't always end at an octet boundary, some padding is inserted
/// after it, up to the next octet boundary ... the most significant bits of the code corresponding to the EOS
/// (end-of-string) symbol are used."
/// </summary>
[TestClass]
public sealed class HuffmanTests
{
    /// <summary>The transcribed table is the canonical code its lengths define (codes in symbol order within a length) and is complete (Kraft sum exactly 1).</summary>
    [TestMethod]
    public void AppendixB_Table_IsCanonicalAndComplete()
    {
        var lengths = HuffmanCode.Lengths.ToArray().Select(l => (int)l).Append(HuffmanCode.EosLength).ToArray();
        var codes = HuffmanCode.Codes.ToArray().Append(HuffmanCode.EosCode).ToArray();
        var order = Enumerable.Range(0, 257).OrderBy(s => lengths[s]).ThenBy(s => s).ToArray();
        ulong code = 0;
        for (int i = 0; i < order.Length; i++)
        {
            if (i > 0) code = (code + 1) << (lengths[order[i]] - lengths[order[i - 1]]);
            codes[order[i]].ShouldBe((uint)code, $"code of symbol {order[i]}");
        }
        code.ShouldBe(HuffmanCode.EosCode, "EOS is the last, all-ones code");

        // Sum of 2^(30 - length) over all symbols is 2^30 exactly.
        lengths.Sum(l => 1L << (30 - l)).ShouldBe(1L << 30);
    }

    /// <summary>A few entries checked against Appendix B directly: '0' 00000, 'a' 00011, ' ' 010100, '{' 15 bits, 0x00 13 bits, EOS 30 ones.</summary>
    [TestMethod]
    public void AppendixB_Entries_MatchTheRfc()
    {
        (HuffmanCode.Codes['0'], HuffmanCode.Lengths['0']).ShouldBe((0x0u, (byte)5));
        (HuffmanCode.Codes['a'], HuffmanCode.Lengths['a']).ShouldBe((0x3u, (byte)5));
        (HuffmanCode.Codes[' '], HuffmanCode.Lengths[' ']).ShouldBe((0x14u, (byte)6));
        (HuffmanCode.Codes['{'], HuffmanCode.Lengths['{']).ShouldBe((0x7ffeu, (byte)15));
        (HuffmanCode.Codes[0], HuffmanCode.Lengths[0]).ShouldBe((0x1ff8u, (byte)13));
        (HuffmanCode.Codes[255], HuffmanCode.Lengths[255]).ShouldBe((0x3ffffeeu, (byte)26));
        (HuffmanCode.EosCode, HuffmanCode.EosLength).ShouldBe((0x3fffffffu, 30));
    }

    /// <summary>Every Huffman string of Appendix C.4 and C.6 encodes to the RFC's octets and decodes back.</summary>
    [TestMethod]
    [DataRow("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [DataRow("no-cache", "a8eb 1064 9cbf")]
    [DataRow("custom-key", "25a8 49e9 5ba9 7d7f")]
    [DataRow("custom-value", "25a8 49e9 5bb8 e8b4 bf")]
    [DataRow("302", "6402")]
    [DataRow("307", "640e ff")]
    [DataRow("private", "aec3 771a 4b")]
    [DataRow("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    [DataRow("Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff")]
    [DataRow("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3")]
    [DataRow("gzip", "9bd9 ab")]
    [DataRow("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07")]
    public void AppendixC_Strings_EncodeAndDecodeExactly(string text, string hex)
    {
        var expected = Hex(hex);
        var plain = Ascii(text);
        HuffmanEncoder.GetEncodedLength(plain).ShouldBe(expected.Length);
        var encoded = new byte[expected.Length];
        HuffmanEncoder.TryEncode(plain, encoded, out int written).ShouldBeTrue();
        ToHex(encoded.AsSpan(0, written)).ShouldBe(ToHex(expected));

        var decoded = new byte[HuffmanDecoder.GetMaxDecodedLength(expected.Length)];
        HuffmanDecoder.Decode(expected, decoded, out int length).ShouldBe(HuffmanDecodeStatus.Done);
        decoded.AsSpan(0, length).SequenceEqual(plain).ShouldBeTrue();
    }

    /// <summary>Each of the 256 octets alone, and all of them in one string, round-trip; the encoded length function agrees with the encoder.</summary>
    [TestMethod]
    public void EverySymbol_RoundTrips()
    {
        for (int b = 0; b < 256; b++) RoundTrip([(byte)b]);
        RoundTrip([.. Enumerable.Range(0, 256).Select(i => (byte)i)]);
        RoundTrip([]);
    }

    /// <summary>Seeded random strings, text-like and binary, round-trip.</summary>
    [TestMethod]
    public void RandomStrings_RoundTrip()
    {
        var random = new Random(7541);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            if (i % 2 == 0) random.NextBytes(bytes);
            else for (int j = 0; j < bytes.Length; j++) bytes[j] = (byte)random.Next(0x20, 0x7F);
            RoundTrip(bytes);
        }
    }

    /// <summary>Thirty 1 bits are EOS: "A Huffman-encoded string literal containing the EOS symbol MUST be treated as a decoding error."</summary>
    [TestMethod]
    public void Eos_IsRejected()
    {
        HuffmanDecoder.Decode(Hex("ffffffff"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.EosSymbol);
        HuffmanDecoder.Decode(Hex("1fffffffff"), new byte[16], out int written).ShouldBe(HuffmanDecodeStatus.EosSymbol);
        written.ShouldBe(1, "'a' came before EOS");
        HuffmanDecoder.Validate(Hex("ffffffff"), out _).ShouldBe(HuffmanDecodeStatus.EosSymbol);
    }

    /// <summary>"A padding strictly longer than 7 bits MUST be treated as a decoding error": eight to twenty-nine 1 bits at the end.</summary>
    [TestMethod]
    public void PaddingLongerThanSevenBits_IsRejected()
    {
        HuffmanDecoder.Decode(Hex("ff"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.PaddingTooLong);
        HuffmanDecoder.Decode(Hex("1fff"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.PaddingTooLong);
        HuffmanDecoder.Decode(Hex("fffffff0"), new byte[16], out _).ShouldNotBe(HuffmanDecodeStatus.Done);
        HuffmanDecoder.Validate(Hex("ffff"), out _).ShouldBe(HuffmanDecodeStatus.PaddingTooLong);
    }

    /// <summary>"A padding not corresponding to the most significant bits of the code for the EOS symbol MUST be treated as a decoding error."</summary>
    [TestMethod]
    public void PaddingNotAllOnes_IsRejected()
    {
        HuffmanDecoder.Decode(Hex("18"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.PaddingNotEos);   // 'a' 000
        HuffmanDecoder.Decode(Hex("1e"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.PaddingNotEos);   // 'a' 110
        HuffmanDecoder.Decode(Hex("fe"), new byte[16], out _).ShouldBe(HuffmanDecodeStatus.PaddingNotEos);   // 1111111 0
        HuffmanDecoder.Validate(Hex("18"), out _).ShouldBe(HuffmanDecodeStatus.PaddingNotEos);
    }

    /// <summary>Zero to seven bits of ones are valid padding, and the empty string is valid.</summary>
    [TestMethod]
    public void PaddingUpToSevenOnes_IsAccepted()
    {
        HuffmanDecoder.Decode(Hex("1f"), new byte[16], out int a).ShouldBe(HuffmanDecodeStatus.Done);    // 'a' 111
        a.ShouldBe(1);
        HuffmanDecoder.Decode(Hex("003f"), new byte[16], out int zeros).ShouldBe(HuffmanDecodeStatus.Done); // '0' '0' 111111
        zeros.ShouldBe(2);
        HuffmanDecoder.Decode(Hex("7f"), new byte[16], out int nine).ShouldBe(HuffmanDecodeStatus.Done);   // '9' (011111) 11
        nine.ShouldBe(1);
        HuffmanDecoder.Decode([], new byte[1], out int empty).ShouldBe(HuffmanDecodeStatus.Done);
        empty.ShouldBe(0);
    }

    /// <summary>A destination that is too short is reported without writing past it; the maximum decoded length is always enough.</summary>
    [TestMethod]
    public void ShortDestination_IsReported()
    {
        var encoded = Hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff");
        HuffmanDecoder.Decode(encoded, new byte[5], out int written).ShouldBe(HuffmanDecodeStatus.DestinationTooSmall);
        written.ShouldBe(5);
        HuffmanDecoder.Validate(encoded, out int length).ShouldBe(HuffmanDecodeStatus.Done);
        length.ShouldBe(15);
        HuffmanDecoder.GetMaxDecodedLength(encoded.Length).ShouldBeGreaterThanOrEqualTo(15);
        HuffmanEncoder.TryEncode(Ascii("www.example.com"), new byte[11], out _).ShouldBeFalse();
    }

    private static void RoundTrip(byte[] plain)
    {
        int length = HuffmanEncoder.GetEncodedLength(plain);
        var encoded = new byte[length];
        HuffmanEncoder.TryEncode(plain, encoded, out int written).ShouldBeTrue();
        written.ShouldBe(length);
        var decoded = new byte[HuffmanDecoder.GetMaxDecodedLength(length)];
        HuffmanDecoder.Decode(encoded, decoded, out int decodedLength).ShouldBe(HuffmanDecodeStatus.Done);
        decoded.AsSpan(0, decodedLength).SequenceEqual(plain).ShouldBeTrue();
        HuffmanDecoder.Validate(encoded, out int validated).ShouldBe(HuffmanDecodeStatus.Done);
        validated.ShouldBe(plain.Length);
    }
}
