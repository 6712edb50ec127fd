using Roadrunner.Hpack;
using Roadrunner.Qpack;
using Roadrunner.Qpack.Instructions;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Instructions;

/// <summary>RFC 9204 §4.3: the encoder instructions, written and parsed, and every QPACK_ENCODER_STREAM_ERROR.</summary>
[TestClass]
public sealed class Section4_3_EncoderInstructionTests
{
    [TestMethod]
    public void Writers_ProduceTheRfcOctets()
    {
        ToHex(Written(w => QpackEncoderInstructions.WriteSetDynamicTableCapacity(w, 220))).ShouldBe("3fbd01");
        ToHex(Written(w => QpackEncoderInstructions.WriteInsertWithNameReference(w, true, 0, Ascii("www.example.com"), HpackHuffman.Never)))
            .ShouldBe("c00f7777772e6578616d706c652e636f6d");
        ToHex(Written(w => QpackEncoderInstructions.WriteInsertWithNameReference(w, false, 1, Ascii("custom-value2"), HpackHuffman.Never)))
            .ShouldBe("810d637573746f6d2d76616c756532");
        ToHex(Written(w => QpackEncoderInstructions.WriteInsertWithLiteralName(w, Ascii("custom-key"), Ascii("custom-value"), HpackHuffman.Never)))
            .ShouldBe("4a637573746f6d2d6b65790c637573746f6d2d76616c7565");
        ToHex(Written(w => QpackEncoderInstructions.WriteDuplicate(w, 2))).ShouldBe("02");
    }

    /// <summary>Huffman strings on the encoder stream decode too (H bit at 0x20 for a literal name, 0x80 for a value).</summary>
    [TestMethod]
    public void HuffmanStrings_AreDecoded()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 200);
        var octets = Written(w =>
        {
            QpackEncoderInstructions.WriteSetDynamicTableCapacity(w, 200);
            QpackEncoderInstructions.WriteInsertWithLiteralName(w, Ascii("custom-key"), Ascii("custom-value"), HpackHuffman.Always);
        });
        decoder.ReceiveEncoderStream(octets).IsNone.ShouldBeTrue();
        Entries(decoder.Table).ShouldBe(["0 custom-key: custom-value"]);
    }

    /// <summary>§4.3.1: "The decoder MUST treat a new dynamic table capacity value that exceeds this limit as a connection error of type QPACK_ENCODER_STREAM_ERROR."</summary>
    [TestMethod]
    public void S4_3_1_CapacityAboveMaximum_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 219);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3fbd01")), QpackErrors.CapacityAboveMaximum);
    }

    /// <summary>A decoder with the table off refuses any capacity above 0.</summary>
    [TestMethod]
    public void S4_3_1_CapacityWhenTableOff_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 0);
        decoder.ReceiveEncoderStream(Hex("20")).IsNone.ShouldBeTrue();
        ShouldFail(decoder.ReceiveEncoderStream(Hex("21")), QpackErrors.CapacityAboveMaximum);
    }

    /// <summary>§3.2.2: an entry larger than the capacity is a QPACK_ENCODER_STREAM_ERROR.</summary>
    [TestMethod]
    public void S3_2_2_EntryLargerThanCapacity_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        // capacity 40; :authority (10) + "www.example.com" (15) + 32 = 57 > 40
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3f09 c00f 7777 772e 6578 616d 706c 652e 636f 6d")), QpackErrors.EntryTooLarge);
    }

    /// <summary>With no capacity set (§3.2.3: it starts at 0), any insert is too large.</summary>
    [TestMethod]
    public void S3_2_3_InsertBeforeCapacity_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("c0 00")), QpackErrors.EntryTooLarge);
    }

    /// <summary>A Huffman value that decodes past the capacity is refused without decoding it all.</summary>
    [TestMethod]
    public void HuffmanValueLargerThanCapacity_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 64);
        var octets = Written(w =>
        {
            QpackEncoderInstructions.WriteSetDynamicTableCapacity(w, 64);
            QpackEncoderInstructions.WriteInsertWithNameReference(w, true, 0, Ascii(new string('a', 50)), HpackHuffman.Always);
        });
        ShouldFail(decoder.ReceiveEncoderStream(octets), QpackErrors.EntryTooLarge);
    }

    /// <summary>§4.3.2: a static name index past the table.</summary>
    [TestMethod]
    public void S4_3_2_StaticIndexPastTable_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3fbd01 ff24 00")), QpackErrors.EncoderStaticIndexInvalid);   // index 63 + 36 = 99
    }

    /// <summary>§4.3.2: a dynamic name reference to an entry never inserted.</summary>
    [TestMethod]
    public void S4_3_2_DynamicReferenceToMissingEntry_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3fbd01 8000")), QpackErrors.EncoderReferenceInvalid);
    }

    /// <summary>§4.3.4: a Duplicate of an evicted entry.</summary>
    [TestMethod]
    public void S4_3_4_DuplicateOfEvictedEntry_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        // capacity 70 holds one 57-octet entry; the second insert evicts the first; relative 1 names the evicted one.
        decoder.ReceiveEncoderStream(Hex("3f27 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468")).IsNone.ShouldBeTrue();
        decoder.Table.Count.ShouldBe(1);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("01")), QpackErrors.EncoderReferenceInvalid);
    }

    /// <summary>A Huffman string with EOS inside.</summary>
    [TestMethod]
    public void InvalidHuffman_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3fbd01 c0 84 ffffffff")), QpackErrors.HuffmanInvalid);
    }

    /// <summary>An integer past 2^62-1 (§4.1.1).</summary>
    [TestMethod]
    public void IntegerOverflow_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("3f ffffffffffffffff7f")), QpackErrors.IntegerOverflow);
    }

    /// <summary>The whole of B.2 to B.5 fed one octet at a time: every partial instruction is kept and completed.</summary>
    [TestMethod]
    public void TruncatedInstructions_AreKeptForMoreInput()
    {
        var stream = Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468"
            + "4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565 02 810d 6375 7374 6f6d 2d76 616c 7565 32");
        using var decoder = new QpackDecoder(maxTableCapacity: 220);
        foreach (byte b in stream) decoder.ReceiveEncoderStream([b]).IsNone.ShouldBeTrue();
        decoder.InsertCount.ShouldBe(5);
        decoder.TableSize.ShouldBe(215);

        // And in uneven pieces.
        using var other = new QpackDecoder(maxTableCapacity: 220);
        for (int i = 0; i < stream.Length; i += 7) other.ReceiveEncoderStream(stream.AsSpan(i, Math.Min(7, stream.Length - i))).IsNone.ShouldBeTrue();
        Entries(other.Table).ShouldBe(Entries(decoder.Table));
    }

    /// <summary>A partial instruction longer than any insert the maximum capacity admits is refused, so the kept input stays bounded.</summary>
    [TestMethod]
    public void PartialInstructionPastBound_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 64);
        decoder.ReceiveEncoderStream(Hex("3f21")).IsNone.ShouldBeTrue();

        // Insert with literal name: a 250-octet name (0x5f, 250 - 31 = 219), then a value of 250 (0x7f, 250 - 127 =
        // 123) never completed. Each length alone is within the bound; together they pass it.
        decoder.ReceiveEncoderStream(Hex("5f db01")).IsNone.ShouldBeTrue();
        decoder.ReceiveEncoderStream(new byte[250]).IsNone.ShouldBeTrue();
        decoder.ReceiveEncoderStream(Hex("7f 7b")).IsNone.ShouldBeTrue();
        QpackError error = QpackError.None;
        for (int i = 0; i < 100 && error.IsNone; i++) error = decoder.ReceiveEncoderStream(new byte[10]);
        ShouldFail(error, QpackErrors.InstructionTooLong);
    }

    /// <summary>A string length past any entry the capacity admits is refused at the length, before its octets arrive.</summary>
    [TestMethod]
    public void StringLengthPastBound_IsEncoderStreamErrorAtOnce()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 64);
        decoder.ReceiveEncoderStream(Hex("3f21")).IsNone.ShouldBeTrue();

        // Insert with literal name, name length 5000: 0x5f then 5000 - 31 = 4969.
        ShouldFail(decoder.ReceiveEncoderStream(Hex("5f e926")), QpackErrors.InstructionTooLong);
    }

    /// <summary>A 62-bit name length (the largest integer there is) is refused, never allocated.</summary>
    [TestMethod]
    public void StringLength62Bits_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 64);
        ShouldFail(decoder.ReceiveEncoderStream(Hex("5f e0ffffffffffffff3f")), QpackErrors.InstructionTooLong);
    }

    /// <summary>After an encoder-stream error the decoder stays failed.</summary>
    [TestMethod]
    public void AfterError_EveryCallAnswersTheSameError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 10);
        var error = decoder.ReceiveEncoderStream(Hex("3fbd01"));
        decoder.ReceiveEncoderStream(Hex("20")).ShouldBe(error);
        decoder.DecodeSection(0, Hex("0000"), new Roadrunner.Tests.Hpack.Support.RecordingSink()).Error.ShouldBe(error);
    }

    private static void ShouldFail(QpackError error, string reason)
    {
        error.Code.ShouldBe(QpackErrorCode.QPACK_ENCODER_STREAM_ERROR);
        error.Reason.ShouldBe(reason);
    }
}
