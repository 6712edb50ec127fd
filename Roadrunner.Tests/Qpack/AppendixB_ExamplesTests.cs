using Roadrunner.Hpack;
using Roadrunner.Qpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack;

/// <summary>
/// RFC 9204 Appendix B, byte for byte: the encoder-stream, decoder-stream and field-section octets of B.1 to B.5.
/// A decoder fed the RFC's octets gives the listed fields and tables and writes the listed decoder-stream octets; an
/// encoder making the RFC's choices (raw strings, the peer's capacity 220) writes exactly the listed octets.
/// </summary>
[TestClass]
public sealed class AppendixB_ExamplesTests
{
    private const string B1Section = "0000 510b 2f69 6e64 6578 2e68 746d 6c";
    private const string B2Encoder = "3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468";
    private const string B2Section = "0381 10 11";
    private const string B3Encoder = "4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565";
    private const string B4Encoder = "02";
    private const string B4Section = "0500 80 c1 81";
    private const string B5Encoder = "810d 6375 7374 6f6d 2d76 616c 7565 32";

    /// <summary>The decoder side of B.1 to B.5, in the order the RFC's decoder sees the octets.</summary>
    [TestMethod]
    public void Decoder_AppendixB_FieldsTablesAndDecoderStream()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);

        // B.1: a literal with a static name reference.
        var (result, sink) = Decode(decoder, 0, Hex(B1Section));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":path: /index.html"]);
        decoder.TableSize.ShouldBe(0);
        decoder.HasDecoderStreamData.ShouldBeFalse();

        // B.2: capacity, two inserts, a section with post-base references, acknowledged.
        decoder.ReceiveEncoderStream(Hex(B2Encoder)).IsNone.ShouldBeTrue();
        Entries(decoder.Table).ShouldBe(["0 :authority: www.example.com", "1 :path: /sample/path"]);
        decoder.TableSize.ShouldBe(106);
        (result, sink) = Decode(decoder, 4, Hex(B2Section));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":authority: www.example.com", ":path: /sample/path"]);
        ToHex(DecoderStream(decoder)).ShouldBe("84");

        // B.3: a speculative insert, acknowledged by an Insert Count Increment.
        decoder.ReceiveEncoderStream(Hex(B3Encoder)).IsNone.ShouldBeTrue();
        decoder.TableSize.ShouldBe(160);
        ToHex(DecoderStream(decoder)).ShouldBe("01");

        // B.4: the Duplicate is delayed; the section on stream 8 arrives first, blocks, and the stream is cancelled.
        (result, _) = Decode(decoder, 8, Hex(B4Section));
        result.Status.ShouldBe(QpackSectionStatus.Blocked);
        decoder.CancelStream(8);
        ToHex(DecoderStream(decoder)).ShouldBe("48");
        decoder.BlockedStreamCount.ShouldBe(0);
        decoder.ReceiveEncoderStream(Hex(B4Encoder)).IsNone.ShouldBeTrue();
        decoder.TableSize.ShouldBe(217);
        Entries(decoder.Table)[3].ShouldBe("3 :authority: www.example.com");
        decoder.TryReadEvent(out _).ShouldBeFalse();

        // B.5: an insert with a dynamic name reference evicts the oldest entry.
        decoder.ReceiveEncoderStream(Hex(B5Encoder)).IsNone.ShouldBeTrue();
        Entries(decoder.Table).ShouldBe(
        [
            "1 :path: /sample/path",
            "2 custom-key: custom-value",
            "3 :authority: www.example.com",
            "4 custom-key: custom-value2",
        ]);
        decoder.TableSize.ShouldBe(215);
    }

    /// <summary>The B.4 section, decoded once its Duplicate has arrived, gives the RFC's three fields.</summary>
    [TestMethod]
    public void Decoder_B4SectionAfterDuplicate_DecodesAndIsAcknowledged()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);
        decoder.ReceiveEncoderStream(Hex(B2Encoder + B3Encoder + B4Encoder)).IsNone.ShouldBeTrue();
        DecoderStream(decoder);
        var (result, sink) = Decode(decoder, 8, Hex(B4Section));
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        sink.Lines.ShouldBe([":authority: www.example.com", ":path: /", "custom-key: custom-value"]);
        ToHex(DecoderStream(decoder)).ShouldBe("88");
    }

    /// <summary>The encoder side of B.1 to B.5: the same choices give the same octets, and the decoder stream drives its table state.</summary>
    [TestMethod]
    public void Encoder_AppendixB_WritesTheRfcOctets()
    {
        using var encoder = new QpackEncoder(maxTableCapacity: 220) { Huffman = HpackHuffman.Never };

        // B.1: before the peer's SETTINGS the table is off: a literal with a static name reference.
        ToHex(EncodeSection(encoder, 0, new HeaderField(":path", "/index.html"))).ShouldBe(ToHex(Hex(B1Section)));
        encoder.HasEncoderStreamData.ShouldBeFalse();

        // B.2
        encoder.ApplyPeerSettings(maxTableCapacity: 220, blockedStreams: 1);
        var section = EncodeSection(encoder, 4, new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/sample/path"));
        ToHex(EncoderStream(encoder)).ShouldBe(ToHex(Hex(B2Encoder)));
        ToHex(section).ShouldBe(ToHex(Hex(B2Section)));
        encoder.TableSize.ShouldBe(106);
        encoder.ReceiveDecoderStream(Hex("84")).IsNone.ShouldBeTrue();
        encoder.KnownReceivedCount.ShouldBe(2);

        // B.3
        encoder.TryInsert(Ascii("custom-key"), Ascii("custom-value")).ShouldBeTrue();
        ToHex(EncoderStream(encoder)).ShouldBe(ToHex(Hex(B3Encoder)));
        encoder.ReceiveDecoderStream(Hex("01")).IsNone.ShouldBeTrue();
        encoder.KnownReceivedCount.ShouldBe(3);

        // B.4
        encoder.TryDuplicate(0).ShouldBeTrue();
        ToHex(EncoderStream(encoder)).ShouldBe(ToHex(Hex(B4Encoder)));
        section = EncodeSection(encoder, 8,
            new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/"), new HeaderField("custom-key", "custom-value"));
        ToHex(section).ShouldBe(ToHex(Hex(B4Section)));
        encoder.BlockingStreamCount.ShouldBe(1);
        encoder.ReceiveDecoderStream(Hex("48")).IsNone.ShouldBeTrue();
        encoder.BlockingStreamCount.ShouldBe(0);
        encoder.TableSize.ShouldBe(217);

        // B.5: the oldest entry is evictable (acknowledged, unreferenced) and goes.
        encoder.TryInsert(Ascii("custom-key"), Ascii("custom-value2")).ShouldBeTrue();
        ToHex(EncoderStream(encoder)).ShouldBe(ToHex(Hex(B5Encoder)));
        Entries(encoder.Table).ShouldBe(
        [
            "1 :path: /sample/path",
            "2 custom-key: custom-value",
            "3 :authority: www.example.com",
            "4 custom-key: custom-value2",
        ]);
        encoder.TableSize.ShouldBe(215);
    }
}
