using Roadrunner.Hpack;
using Roadrunner.Qpack;
using Roadrunner.Qpack.Instructions;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Instructions;

/// <summary>RFC 9204 §4.4: the decoder instructions, written and parsed, and every QPACK_DECODER_STREAM_ERROR.</summary>
[TestClass]
public sealed class Section4_4_DecoderInstructionTests
{
    [TestMethod]
    public void Writers_ProduceTheRfcOctets()
    {
        ToHex(Written(w => QpackDecoderInstructions.WriteSectionAcknowledgment(w, 4))).ShouldBe("84");
        ToHex(Written(w => QpackDecoderInstructions.WriteStreamCancellation(w, 8))).ShouldBe("48");
        ToHex(Written(w => QpackDecoderInstructions.WriteInsertCountIncrement(w, 1))).ShouldBe("01");
        ToHex(Written(w => QpackDecoderInstructions.WriteSectionAcknowledgment(w, 200))).ShouldBe("ff49");
        Should.Throw<ArgumentOutOfRangeException>(() => Written(w => QpackDecoderInstructions.WriteInsertCountIncrement(w, 0)));
        Should.Throw<ArgumentOutOfRangeException>(() => Written(w => QpackDecoderInstructions.WriteSectionAcknowledgment(w, 1L << 62)));
    }

    /// <summary>§4.4.1: "If an encoder receives a Section Acknowledgment instruction referring to a stream on which every encoded field section with a non-zero Required Insert Count has already been acknowledged, this MUST be treated as a connection error of type QPACK_DECODER_STREAM_ERROR."</summary>
    [TestMethod]
    public void S4_4_1_AcknowledgmentOfUnknownStream_IsDecoderStreamError()
    {
        using var encoder = new QpackEncoder();
        ShouldFail(encoder.ReceiveDecoderStream(Hex("84")), QpackErrors.UnexpectedAcknowledgment);
    }

    /// <summary>§4.4.1: a second acknowledgment for a stream with one section is an error too.</summary>
    [TestMethod]
    public void S4_4_1_SecondAcknowledgment_IsDecoderStreamError()
    {
        using var encoder = Blocking(out _);
        encoder.ReceiveDecoderStream(Hex("84")).IsNone.ShouldBeTrue();
        ShouldFail(encoder.ReceiveDecoderStream(Hex("84")), QpackErrors.UnexpectedAcknowledgment);
    }

    /// <summary>A section that used no dynamic entry is never acknowledged, so acknowledging it is an error.</summary>
    [TestMethod]
    public void S4_4_1_AcknowledgmentOfStaticOnlySection_IsDecoderStreamError()
    {
        using var encoder = new QpackEncoder();
        EncodeSection(encoder, 4, new HeaderField(":method", "GET"));
        ShouldFail(encoder.ReceiveDecoderStream(Hex("84")), QpackErrors.UnexpectedAcknowledgment);
    }

    /// <summary>§4.4.3: "The encoder MUST treat receipt of an Insert Count Increment instruction with an Increment of 0 as a connection error of type QPACK_DECODER_STREAM_ERROR."</summary>
    [TestMethod]
    public void S4_4_3_IncrementOfZero_IsDecoderStreamError()
    {
        using var encoder = new QpackEncoder();
        ShouldFail(encoder.ReceiveDecoderStream(Hex("00")), QpackErrors.ZeroIncrement);
    }

    /// <summary>§4.4.3: an increment past the entries sent.</summary>
    [TestMethod]
    public void S4_4_3_IncrementBeyondInserts_IsDecoderStreamError()
    {
        using var encoder = Blocking(out _);   // two inserts
        encoder.ReceiveDecoderStream(Hex("01")).IsNone.ShouldBeTrue();
        encoder.ReceiveDecoderStream(Hex("01")).IsNone.ShouldBeTrue();
        ShouldFail(encoder.ReceiveDecoderStream(Hex("01")), QpackErrors.IncrementBeyondInserts);
    }

    [TestMethod]
    public void IntegerOverflow_IsDecoderStreamError()
    {
        using var encoder = new QpackEncoder();
        ShouldFail(encoder.ReceiveDecoderStream(Hex("ff ffffffffffffffff7f")), QpackErrors.DecoderInstructionOverflow);
    }

    /// <summary>§4.4.2: a cancellation releases the stream's sections; one for a stream with none is fine.</summary>
    [TestMethod]
    public void S4_4_2_Cancellation_ReleasesReferences()
    {
        using var encoder = Blocking(out _);
        encoder.BlockingStreamCount.ShouldBe(1);
        encoder.ReceiveDecoderStream(Hex("44 48")).IsNone.ShouldBeTrue();
        encoder.BlockingStreamCount.ShouldBe(0);
        encoder.KnownReceivedCount.ShouldBe(0);
    }

    /// <summary>Instructions split at every octet, including inside a multi-octet stream ID, are kept and completed.</summary>
    [TestMethod]
    public void PartialInstructions_AreKeptForMoreInput()
    {
        using var encoder = new QpackEncoder();
        encoder.ApplyPeerSettings(4096, 10);
        EncoderStream(encoder);
        for (long id = 200; id < 203; id++) EncodeSection(encoder, id, new HeaderField("x-a", "b"));
        encoder.KnownReceivedCount.ShouldBe(0);
        var acks = Written(w =>
        {
            for (long id = 200; id < 203; id++) QpackDecoderInstructions.WriteSectionAcknowledgment(w, id);
        });
        foreach (byte b in acks) encoder.ReceiveDecoderStream([b]).IsNone.ShouldBeTrue();
        encoder.KnownReceivedCount.ShouldBe(1);
        encoder.BlockingStreamCount.ShouldBe(0);
    }

    /// <summary>An encoder with two inserts referenced by one section on stream 4.</summary>
    private static QpackEncoder Blocking(out byte[] section)
    {
        var encoder = new QpackEncoder(220) { Huffman = HpackHuffman.Never };
        encoder.ApplyPeerSettings(220, 1);
        section = EncodeSection(encoder, 4, new HeaderField(":authority", "www.example.com"), new HeaderField(":path", "/sample/path"));
        return encoder;
    }

    private static void ShouldFail(QpackError error, string reason)
    {
        error.Code.ShouldBe(QpackErrorCode.QPACK_DECODER_STREAM_ERROR);
        error.Reason.ShouldBe(reason);
    }
}
