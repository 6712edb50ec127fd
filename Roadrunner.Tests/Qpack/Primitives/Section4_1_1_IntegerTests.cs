using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Qpack;
using Roadrunner.Qpack.Instructions;
using Roadrunner.Qpack.Primitives;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Primitives;

/// <summary>
/// RFC 9204 §4.1.1: "QPACK implementations MUST be able to decode integers up to and including 62 bits long." Stream
/// IDs in Section Acknowledgment and Stream Cancellation are QUIC stream IDs, up to 2^62-1.
/// </summary>
[TestClass]
public sealed class Section4_1_1_IntegerTests
{
    private const long Max = (1L << 62) - 1;

    /// <summary>2^62-1 round-trips with every prefix width, in at most ten octets.</summary>
    [TestMethod]
    public void MaxValue_RoundTripsWithEveryPrefix()
    {
        for (int prefix = 1; prefix <= 8; prefix++)
        {
            var buffer = new byte[QpackReader.MaxIntegerLength];
            int written = QpackWriter.WriteInteger(buffer, Max, prefix, 0);
            written.ShouldBeLessThanOrEqualTo(QpackReader.MaxIntegerLength);
            var reader = new QpackReader(buffer.AsSpan(0, written));
            reader.ReadInteger(prefix, out long value).ShouldBe(ReadStatus.Done);
            value.ShouldBe(Max);
            reader.Position.ShouldBe(written);
        }
    }

    /// <summary>2^62 is one past: an overflow with every prefix width.</summary>
    [TestMethod]
    public void OnePastMax_IsOverflow()
    {
        for (int prefix = 1; prefix <= 8; prefix++)
        {
            var buffer = new byte[QpackReader.MaxIntegerLength + 1];
            int written = QpackWriter.WriteInteger(buffer, Max + 1, prefix, 0);
            var reader = new QpackReader(buffer.AsSpan(0, written));
            reader.ReadInteger(prefix, out _).ShouldBe(ReadStatus.Overflow);
        }
    }

    /// <summary>A value padded with a tenth continuation octet is longer than any 62-bit value needs: refused, not looped over.</summary>
    [TestMethod]
    public void OverLongEncoding_IsOverflow()
    {
        var reader = new QpackReader(Hex("ff 80808080808080808000"));
        reader.ReadInteger(8, out _).ShouldBe(ReadStatus.Overflow);

        // Nine continuation octets of padding still name a small value and are accepted.
        var nine = new QpackReader(Hex("ff 808080808080808000"));
        nine.ReadInteger(8, out long value).ShouldBe(ReadStatus.Done);
        value.ShouldBe(255);
    }

    /// <summary>An integer split anywhere waits for more octets.</summary>
    [TestMethod]
    public void TruncatedInteger_NeedsMoreData()
    {
        var octets = Hex("ff80ffffffffffffff3f");
        for (int length = 0; length < octets.Length; length++)
        {
            var reader = new QpackReader(octets.AsSpan(0, length));
            reader.ReadInteger(7, out _).ShouldBe(ReadStatus.NeedMoreData);
            reader.Position.ShouldBe(0);
        }
    }

    /// <summary>A Section Acknowledgment for stream 2^62-1, written by the decoder and read by the encoder, whole and one octet at a time.</summary>
    [TestMethod]
    public void SectionAcknowledgment_With62BitStreamId_IsApplied()
    {
        foreach (bool split in new[] { false, true })
        {
            using var encoder = new QpackEncoder(220) { Huffman = HpackHuffman.Never };
            encoder.ApplyPeerSettings(220, 1);
            using var decoder = new QpackDecoder(maxTableCapacity: 220, maxBlockedStreams: 1);
            var section = EncodeSection(encoder, Max, new HeaderField("x-custom", "a value"));
            decoder.ReceiveEncoderStream(EncoderStream(encoder)).IsNone.ShouldBeTrue();
            var (result, sink) = Decode(decoder, Max, section);
            result.Status.ShouldBe(QpackSectionStatus.Decoded);
            sink.Fields.ShouldContain(new HeaderField("x-custom", "a value"));

            var acknowledgment = DecoderStream(decoder);
            ToHex(acknowledgment).ShouldStartWith("ff80ffffffffffffff3f");
            if (split)
            {
                foreach (byte octet in acknowledgment) encoder.ReceiveDecoderStream([octet]).IsNone.ShouldBeTrue();
            }
            else
            {
                encoder.ReceiveDecoderStream(acknowledgment).IsNone.ShouldBeTrue();
            }
            encoder.KnownReceivedCount.ShouldBe(1);
        }
    }

    /// <summary>The Section Acknowledgment and Stream Cancellation writers take stream IDs up to 2^62-1.</summary>
    [TestMethod]
    public void Writers_Take62BitStreamIds()
    {
        var writer = new ArrayBufferWriter<byte>();
        QpackDecoderInstructions.WriteSectionAcknowledgment(writer, Max);
        ToHex(writer.WrittenSpan).ShouldBe("ff80ffffffffffffff3f");
        writer.ResetWrittenCount();
        QpackDecoderInstructions.WriteStreamCancellation(writer, Max);
        writer.WrittenSpan[0].ShouldBe((byte)0x7f);
        var reader = new QpackReader(writer.WrittenSpan);
        reader.ReadInteger(6, out long value).ShouldBe(ReadStatus.Done);
        value.ShouldBe(Max);
    }

    /// <summary>A Section Acknowledgment naming stream 2^62 is one past: QPACK_DECODER_STREAM_ERROR.</summary>
    [TestMethod]
    public void SectionAcknowledgment_OnePastMax_IsDecoderStreamError()
    {
        using var encoder = new QpackEncoder();
        var buffer = new byte[QpackReader.MaxIntegerLength + 1];
        int written = QpackWriter.WriteInteger(buffer, Max + 1, 7, 0x80);
        var error = encoder.ReceiveDecoderStream(buffer.AsSpan(0, written));
        error.Code.ShouldBe(QpackErrorCode.QPACK_DECODER_STREAM_ERROR);
        error.Reason.ShouldBe(QpackErrors.DecoderInstructionOverflow);
    }

    /// <summary>An Insert Count Increment of 2^62-1 decodes, and is beyond the inserts sent (§4.4.3).</summary>
    [TestMethod]
    public void InsertCountIncrement_MaxValue_IsBeyondInserts()
    {
        using var encoder = new QpackEncoder();
        var buffer = new byte[QpackReader.MaxIntegerLength];
        int written = QpackWriter.WriteInteger(buffer, Max, 6, 0x00);
        var error = encoder.ReceiveDecoderStream(buffer.AsSpan(0, written));
        error.Code.ShouldBe(QpackErrorCode.QPACK_DECODER_STREAM_ERROR);
        error.Reason.ShouldBe(QpackErrors.IncrementBeyondInserts);
    }

    /// <summary>A 62-bit static index in a field line is an invalid reference, not an overflow or an allocation.</summary>
    [TestMethod]
    public void FieldLine_MaxIndex_IsInvalidReference()
    {
        using var decoder = new QpackDecoder();
        var section = new byte[2 + QpackReader.MaxIntegerLength];
        int written = 2 + QpackWriter.WriteInteger(section.AsSpan(2), Max, 6, 0xC0);
        var (result, _) = Decode(decoder, 0, section.AsSpan(0, written));
        result.Error.Code.ShouldBe(QpackErrorCode.QPACK_DECOMPRESSION_FAILED);
        result.Error.Reason.ShouldBe(QpackErrors.FieldStaticIndexInvalid);
    }

    /// <summary>A 62-bit string length in a field section is a truncated section, never an allocation.</summary>
    [TestMethod]
    public void FieldLine_MaxStringLength_IsTruncated()
    {
        using var decoder = new QpackDecoder();

        // Literal with static name reference :path (index 1), value length 2^62-1.
        var section = new byte[3 + QpackReader.MaxIntegerLength];
        section[2] = 0x51;
        int written = 3 + QpackWriter.WriteInteger(section.AsSpan(3), Max, 7, 0x00);
        var (result, _) = Decode(decoder, 0, section.AsSpan(0, written));
        result.Error.Code.ShouldBe(QpackErrorCode.QPACK_DECOMPRESSION_FAILED);
        result.Error.Reason.ShouldBe(QpackErrors.SectionTruncated);
    }

    /// <summary>A 62-bit Required Insert Count cannot have been produced by a conformant encoder (§4.5.1.1).</summary>
    [TestMethod]
    public void Prefix_MaxRequiredInsertCount_IsInvalid()
    {
        using var decoder = new QpackDecoder();
        var section = new byte[QpackReader.MaxIntegerLength + 1];
        int written = QpackWriter.WriteInteger(section, Max, 8, 0x00);
        section[written++] = 0;
        var (result, _) = Decode(decoder, 0, section.AsSpan(0, written));
        result.Error.Reason.ShouldBe(QpackErrors.RequiredInsertCountInvalid);
    }

    /// <summary>A 62-bit capacity is above the maximum we advertised (§4.3.1).</summary>
    [TestMethod]
    public void SetCapacity_MaxValue_IsEncoderStreamError()
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 64);
        var buffer = new byte[QpackReader.MaxIntegerLength];
        int written = QpackWriter.WriteInteger(buffer, Max, 5, 0x20);
        var error = decoder.ReceiveEncoderStream(buffer.AsSpan(0, written));
        error.Code.ShouldBe(QpackErrorCode.QPACK_ENCODER_STREAM_ERROR);
        error.Reason.ShouldBe(QpackErrors.CapacityAboveMaximum);
    }
}
