using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Hpack.Integers;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack;

/// <summary>
/// Every example of RFC 7541 Appendix C, byte for byte. Decoding gives the listed header lists and leaves the listed
/// dynamic tables (entries, newest first, and size); an encoder set up to make the RFC's choices (incremental
/// indexing of every field; Huffman off for C.3 and C.5, on for C.4 and C.6) writes exactly the listed octets.
/// </summary>
[TestClass]
public sealed class AppendixC_ExamplesTests
{
    /// <summary>One header block of an example: its octets, the fields it decodes to, the table after it.</summary>
    private sealed record Step(string Block, string[] Fields, string[] Table, int TableSize);

    private static readonly Step[] Requests =
    [
        new Step(
            "", // filled per example (C.3.1 / C.4.1)
            [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"],
            [":authority: www.example.com"],
            57),
        new Step(
            "",
            [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com", "cache-control: no-cache"],
            ["cache-control: no-cache", ":authority: www.example.com"],
            110),
        new Step(
            "",
            [":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com", "custom-key: custom-value"],
            ["custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"],
            164),
    ];

    private static readonly Step[] Responses =
    [
        new Step(
            "",
            [":status: 302", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com"],
            ["location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private", ":status: 302"],
            222),
        new Step(
            "",
            [":status: 307", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com"],
            [":status: 307", "location: https://www.example.com", "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private"],
            222),
        new Step(
            "",
            [
                ":status: 200", "cache-control: private", "date: Mon, 21 Oct 2013 20:13:22 GMT", "location: https://www.example.com",
                "content-encoding: gzip", "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
            ],
            [
                "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1", "content-encoding: gzip",
                "date: Mon, 21 Oct 2013 20:13:22 GMT",
            ],
            215),
    ];

    /// <summary>C.1.1: "the value 10 is to be encoded with a 5-bit prefix" as one octet, xxx01010.</summary>
    [TestMethod]
    public void C1_1_Ten_WithFiveBitPrefix_IsOneOctet() => IntegerExample(10, 5, "0a");

    /// <summary>C.1.2: "the value I=1337 is to be encoded with a 5-bit prefix": 31, then 154 (1337-31 = 1306, low 7 bits with the continuation flag), then 10.</summary>
    [TestMethod]
    public void C1_2_Thirteen37_WithFiveBitPrefix_IsThreeOctets() => IntegerExample(1337, 5, "1f9a0a");

    /// <summary>C.1.3: "the value 42 is to be encoded starting at an octet boundary" (an 8-bit prefix).</summary>
    [TestMethod]
    public void C1_3_FortyTwo_AtOctetBoundary_IsOneOctet() => IntegerExample(42, 8, "2a");

    /// <summary>C.2.1: "custom-key: custom-header" as a literal with indexing leaves one entry of size 55.</summary>
    [TestMethod]
    public void C2_1_LiteralWithIndexing_DecodesAndEncodesExactly()
    {
        const string block = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
        var decoder = new HpackDecoder();
        var (error, sink) = Decode(decoder, Hex(block));
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBe([new HeaderField("custom-key", "custom-header")]);
        Entries(decoder.Table).ShouldBe(["custom-key: custom-header"]);
        decoder.DynamicTableSize.ShouldBe(55);

        var encoder = new HpackEncoder { Huffman = HpackHuffman.Never };
        ToHex(EncodeField(encoder, "custom-key", "custom-header", HpackIndexing.Incremental)).ShouldBe(ToHex(Hex(block)));
        encoder.DynamicTableSize.ShouldBe(55);
    }

    /// <summary>C.2.2: ":path: /sample/path" as a literal without indexing names static index 4 and leaves the table empty.</summary>
    [TestMethod]
    public void C2_2_LiteralWithoutIndexing_DecodesAndEncodesExactly()
    {
        const string block = "040c 2f73 616d 706c 652f 7061 7468";
        var decoder = new HpackDecoder();
        var (error, sink) = Decode(decoder, Hex(block));
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBe([new HeaderField(":path", "/sample/path")]);
        decoder.DynamicTableCount.ShouldBe(0);
        decoder.DynamicTableSize.ShouldBe(0);

        var encoder = new HpackEncoder { Huffman = HpackHuffman.Never };
        ToHex(EncodeField(encoder, ":path", "/sample/path", HpackIndexing.WithoutIndexing)).ShouldBe(ToHex(Hex(block)));
        encoder.DynamicTableCount.ShouldBe(0);
    }

    /// <summary>C.2.3: "password: secret" as a never-indexed literal with a new name; the table stays empty and the field is reported never indexed.</summary>
    [TestMethod]
    public void C2_3_LiteralNeverIndexed_DecodesAndEncodesExactly()
    {
        const string block = "1008 7061 7373 776f 7264 0673 6563 7265 74";
        var decoder = new HpackDecoder();
        var (error, sink) = Decode(decoder, Hex(block));
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBe([new HeaderField("password", "secret", NeverIndexed: true)]);
        decoder.DynamicTableCount.ShouldBe(0);

        var encoder = new HpackEncoder { Huffman = HpackHuffman.Never };
        ToHex(EncodeField(encoder, "password", "secret", HpackIndexing.NeverIndexed)).ShouldBe(ToHex(Hex(block)));
        encoder.DynamicTableCount.ShouldBe(0);
    }

    /// <summary>C.2.4: ":method: GET" is static index 2, the single octet 0x82.</summary>
    [TestMethod]
    public void C2_4_IndexedField_DecodesAndEncodesExactly()
    {
        var decoder = new HpackDecoder();
        var (error, sink) = Decode(decoder, Hex("82"));
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBe([new HeaderField(":method", "GET")]);
        decoder.DynamicTableCount.ShouldBe(0);

        ToHex(EncodeField(new HpackEncoder(), ":method", "GET", HpackIndexing.Incremental)).ShouldBe("82");
    }

    /// <summary>C.3: three requests on one connection, without Huffman coding; each adds to the same dynamic table.</summary>
    [TestMethod]
    public void C3_RequestsWithoutHuffman_DecodeAndEncodeExactly() => Run(
        Requests,
        [
            """
            8286 8441 0f77 7777 2e65 7861 6d70 6c65
            2e63 6f6d
            """,
            """
            8286 84be 5808 6e6f 2d63 6163 6865
            """,
            """
            8287 85bf 400a 6375 7374 6f6d 2d6b 6579
            0c63 7573 746f 6d2d 7661 6c75 65
            """,
        ],
        tableSize: 4096,
        huffman: false);

    /// <summary>C.4: the same three requests with Huffman coding of every literal.</summary>
    [TestMethod]
    public void C4_RequestsWithHuffman_DecodeAndEncodeExactly() => Run(
        Requests,
        [
            """
            8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4
            ff
            """,
            """
            8286 84be 5886 a8eb 1064 9cbf
            """,
            """
            8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925
            a849 e95b b8e8 b4bf
            """,
        ],
        tableSize: 4096,
        huffman: true);

    /// <summary>C.5: three responses without Huffman coding, with "the HPACK encoder ... configured with a maximum dynamic table size of 256 octets, causing some evictions to occur".</summary>
    [TestMethod]
    public void C5_ResponsesWithoutHuffman_EvictAndEncodeExactly() => Run(
        Responses,
        [
            """
            4803 3330 3258 0770 7269 7661 7465 611d
            4d6f 6e2c 2032 3120 4f63 7420 3230 3133
            2032 303a 3133 3a32 3120 474d 546e 1768
            7474 7073 3a2f 2f77 7777 2e65 7861 6d70
            6c65 2e63 6f6d
            """,
            """
            4803 3330 37c1 c0bf
            """,
            """
            88c1 611d 4d6f 6e2c 2032 3120 4f63 7420
            3230 3133 2032 303a 3133 3a32 3220 474d
            54c0 5a04 677a 6970 7738 666f 6f3d 4153
            444a 4b48 514b 425a 584f 5157 454f 5049
            5541 5851 5745 4f49 553b 206d 6178 2d61
            6765 3d33 3630 303b 2076 6572 7369 6f6e
            3d31
            """,
        ],
        tableSize: 256,
        huffman: false);

    /// <summary>C.6: the same three responses with Huffman coding, the same 256-octet table and the same evictions.</summary>
    [TestMethod]
    public void C6_ResponsesWithHuffman_EvictAndEncodeExactly() => Run(
        Responses,
        [
            """
            4882 6402 5885 aec3 771a 4b61 96d0 7abe
            9410 54d4 44a8 2005 9504 0b81 66e0 82a6
            2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8
            e9ae 82ae 43d3
            """,
            """
            4883 640e ffc1 c0bf
            """,
            """
            88c1 6196 d07a be94 1054 d444 a820 0595
            040b 8166 e084 a62d 1bff c05a 839b d9ab
            77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b
            3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
            9587 3160 65c0 03ed 4ee5 b106 3d50 07
            """,
        ],
        tableSize: 256,
        huffman: true);

    private static void IntegerExample(int value, int prefixBits, string expected)
    {
        Span<byte> buffer = stackalloc byte[IntegerEncoder.MaxLength];
        IntegerEncoder.TryEncode(value, prefixBits, 0, buffer, out int written).ShouldBeTrue();
        ToHex(buffer[..written]).ShouldBe(expected);

        IntegerDecoder.TryDecode(Hex(expected), prefixBits, out int decoded, out int consumed).ShouldBe(IntegerDecodeStatus.Done);
        decoded.ShouldBe(value);
        consumed.ShouldBe(written);
    }

    /// <summary>Decodes the blocks in order through one decoder, and encodes the fields in order through one encoder.</summary>
    private static void Run(Step[] steps, string[] blocks, int tableSize, bool huffman)
    {
        var decoder = new HpackDecoder(maxDynamicTableSize: tableSize);
        var encoder = new HpackEncoder(maxDynamicTableSize: tableSize) { Huffman = huffman ? HpackHuffman.Always : HpackHuffman.Never };
        var writer = new ArrayBufferWriter<byte>();
        for (int i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var block = Hex(blocks[i]);

            var (error, sink) = Decode(decoder, block);
            error.ShouldBe(HpackError.None, $"block {i + 1}");
            sink.Lines.ShouldBe(step.Fields, $"fields of block {i + 1}");
            Entries(decoder.Table).ShouldBe(step.Table, $"decoder table after block {i + 1}");
            decoder.DynamicTableSize.ShouldBe(step.TableSize, $"decoder table size after block {i + 1}");

            writer.ResetWrittenCount();
            encoder.BeginBlock(writer);
            foreach (string line in step.Fields)
            {
                int colon = line.IndexOf(':', 1);
                encoder.Encode(writer, Ascii(line[..colon]), Ascii(line[(colon + 2)..]), HpackIndexing.Incremental);
            }
            ToHex(writer.WrittenSpan).ShouldBe(ToHex(block), $"encoding of block {i + 1}");
            Entries(encoder.Table).ShouldBe(step.Table, $"encoder table after block {i + 1}");
            encoder.DynamicTableSize.ShouldBe(step.TableSize, $"encoder table size after block {i + 1}");
        }
    }
}
