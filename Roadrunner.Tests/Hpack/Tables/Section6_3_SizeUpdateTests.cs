using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Tables;

/// <summary>
/// RFC 7541 §6.3 dynamic table size updates and §4.2 maximum table size. §6.3: "The new maximum size MUST be lower
/// than or equal to the limit determined by the protocol using HPACK. A value that exceeds this limit MUST be treated
/// as a decoding error." §4.2: "This dynamic table size update MUST occur at the beginning of the first header block
/// following the change to the dynamic table size ... the smallest maximum table size that occurs in that interval
/// MUST be signaled in a dynamic table size update. The final maximum size is always signaled, resulting in at most
/// two dynamic table size updates."
/// </summary>
[TestClass]
public sealed class Section6_3_SizeUpdateTests
{
    /// <summary>An update to 0 (0x20) empties the table; fields may follow it in the same block.</summary>
    [TestMethod]
    public void UpdateToZero_EmptiesTheTable()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("40 0161 0162")).Error.IsNone.ShouldBeTrue();
        var (error, sink) = Decode(decoder, Hex("20 82"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe([":method: GET"]);
        decoder.DynamicTableCount.ShouldBe(0);
        decoder.DynamicTableMaxSize.ShouldBe(0);
    }

    /// <summary>Two updates open a block: the smallest (0) then the final (4096, 0x3fe11f).</summary>
    [TestMethod]
    public void TwoUpdates_AtStart_AreAccepted()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("40 0161 0162")).Error.IsNone.ShouldBeTrue();
        var (error, sink) = Decode(decoder, Hex("20 3fe11f 40 0163 0164"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["c: d"]);
        Entries(decoder.Table).ShouldBe(["c: d"]);
        decoder.DynamicTableMaxSize.ShouldBe(4096);
    }

    /// <summary>A block of updates alone is valid.</summary>
    [TestMethod]
    public void UpdatesOnly_IsAnEmptyHeaderList()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("3f45"));
        error.IsNone.ShouldBeTrue();
        sink.Fields.ShouldBeEmpty();
    }

    /// <summary>A third update at the start of a block is a COMPRESSION_ERROR.</summary>
    [TestMethod]
    public void ThreeUpdates_IsCompressionError() =>
        Decode(new HpackDecoder(), Hex("20 20 20")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.TooManySizeUpdates));

    /// <summary>An update after a field (":method: GET", then 0x20) is a COMPRESSION_ERROR.</summary>
    [TestMethod]
    [DataRow("82 20", DisplayName = "after an indexed field")]
    [DataRow("00 0161 0162 20", DisplayName = "after a literal")]
    [DataRow("20 82 20", DisplayName = "an update, a field, an update")]
    public void UpdateAfterField_IsCompressionError(string block) =>
        Decode(new HpackDecoder(), Hex(block)).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.SizeUpdateAfterField));

    /// <summary>4097 (0x3fe21f) is above the advertised 4096: COMPRESSION_ERROR; 4096 itself is fine.</summary>
    [TestMethod]
    public void UpdateAboveLimit_IsCompressionError()
    {
        Decode(new HpackDecoder(), Hex("3fe21f")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.SizeUpdateAboveLimit));
        Decode(new HpackDecoder(), Hex("3fe11f")).Error.IsNone.ShouldBeTrue();
        Decode(new HpackDecoder(maxDynamicTableSize: 0), Hex("21")).Error.Reason.ShouldBe(HpackErrors.SizeUpdateAboveLimit);
    }

    /// <summary>After our advertised size drops below the table's, the next block must open with an update within the new limit.</summary>
    [TestMethod]
    public void LoweredLimit_NextBlockWithoutUpdate_IsCompressionError()
    {
        var decoder = new HpackDecoder();
        decoder.SetMaxDynamicTableSize(256);
        decoder.MaxDynamicTableSize.ShouldBe(256);
        Decode(decoder, Hex("82")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.SizeUpdateMissing));
    }

    /// <summary>After our advertised size drops, an update within the new limit evicts and the requirement is met; one above it is refused.</summary>
    [TestMethod]
    public void LoweredLimit_UpdateWithinLimit_IsAccepted_AboveIsRefused()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("40 0161 0162 40 0163 0164")).Error.IsNone.ShouldBeTrue();
        decoder.SetMaxDynamicTableSize(40);

        var refused = new HpackDecoder();
        refused.SetMaxDynamicTableSize(40);
        Decode(refused, Hex("3f0a")).Error.Reason.ShouldBe(HpackErrors.SizeUpdateAboveLimit);   // 41

        var (error, sink) = Decode(decoder, Hex("3f09 82"));   // 40
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe([":method: GET"]);
        Entries(decoder.Table).ShouldBe(["c: d"]);
        Decode(decoder, Hex("82")).Error.IsNone.ShouldBeTrue("the requirement was met by the previous block");
    }

    /// <summary>Raising our advertised size lets the peer grow its table up to the new limit, without any obligation.</summary>
    [TestMethod]
    public void RaisedLimit_AllowsLargerUpdate()
    {
        var decoder = new HpackDecoder();
        decoder.SetMaxDynamicTableSize(8192);
        Decode(decoder, Hex("82")).Error.IsNone.ShouldBeTrue();
        Decode(decoder, Hex("3fe13f")).Error.IsNone.ShouldBeTrue();   // 8192
        decoder.DynamicTableMaxSize.ShouldBe(8192);
    }

    /// <summary>The encoder signals the peer's new size at the start of the next block, then uses it; the decoder follows.</summary>
    [TestMethod]
    public void Encoder_PeerSizeChange_WritesUpdateAtNextBlock()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxDynamicTableSize(1024);
        encoder.MaxDynamicTableSize.ShouldBe(4096, "the size changes with the block that signals it");
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(writer);
        ToHex(writer.WrittenSpan).ShouldBe("3fe107");
        encoder.MaxDynamicTableSize.ShouldBe(1024);

        writer.ResetWrittenCount();
        encoder.BeginBlock(writer);
        writer.WrittenCount.ShouldBe(0, "nothing more to signal");
    }

    /// <summary>§4.2: two changes between blocks (to 0, then back to 4096) signal the smallest first, then the final; the table is emptied.</summary>
    [TestMethod]
    public void Encoder_TwoChanges_SignalSmallestThenFinal()
    {
        var encoder = new HpackEncoder();
        var decoder = new HpackDecoder();
        Decode(decoder, EncodeBlock(encoder, new HeaderField("x-a", "1"))).Error.IsNone.ShouldBeTrue();
        encoder.DynamicTableCount.ShouldBe(1);

        encoder.SetPeerMaxDynamicTableSize(0);
        encoder.SetPeerMaxDynamicTableSize(4096);
        var block = EncodeBlock(encoder, new HeaderField("x-b", "2"));
        ToHex(block.AsSpan(0, 4)).ShouldBe("203fe11f");
        Decode(decoder, block).Error.IsNone.ShouldBeTrue();
        Entries(encoder.Table).ShouldBe(["x-b: 2"]);
        Entries(decoder.Table).ShouldBe(["x-b: 2"]);
    }

    /// <summary>Changes 100 then 2000: the smallest (0x3f45) then the final (0x3fb10f).</summary>
    [TestMethod]
    public void Encoder_DownThenUp_SignalsBoth()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxDynamicTableSize(100);
        encoder.SetPeerMaxDynamicTableSize(2000);
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(writer);
        ToHex(writer.WrittenSpan).ShouldBe("3f453fb10f");
        encoder.MaxDynamicTableSize.ShouldBe(2000);
    }

    /// <summary>The encoder never uses more than it was created with: a peer allowing 65536 leaves a 4096 encoder unchanged and silent.</summary>
    [TestMethod]
    public void Encoder_PeerAboveOwnLimit_NoUpdate()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxDynamicTableSize(65536);
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(writer);
        writer.WrittenCount.ShouldBe(0);
        encoder.MaxDynamicTableSize.ShouldBe(4096);
    }

    /// <summary>Encoding a field while an update is pending is misuse (the block was not begun): it throws rather than desynchronise the peer.</summary>
    [TestMethod]
    public void Encoder_EncodeWithoutBeginBlock_WhileUpdatePending_Throws()
    {
        var encoder = new HpackEncoder();
        encoder.SetPeerMaxDynamicTableSize(0);
        var writer = new ArrayBufferWriter<byte>();
        Should.Throw<InvalidOperationException>(() => encoder.Encode(writer, Ascii("a"), Ascii("b")));
        Should.Throw<InvalidOperationException>(() => encoder.EncodeStatus(writer, 200));
    }
}
