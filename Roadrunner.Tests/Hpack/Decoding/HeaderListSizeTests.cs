using Roadrunner.Hpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Decoding;

/// <summary>
/// The decoded header list is bounded (RFC 9113 §6.5.2 SETTINGS_MAX_HEADER_LIST_SIZE: "the uncompressed size of
/// field lines, including the length of the name and value in octets plus an overhead of 32 octets for each").
/// Past the limit the block is still decoded to its end, so the dynamic table stays in step with the peer's
/// (RFC 9113 §4.3: a decoding failure would otherwise have to end the connection), but no more fields are delivered.
/// </summary>
[TestClass]
public sealed class HeaderListSizeTests
{
    private const string C3_1 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";

    /// <summary>C.3.1's list is 42 + 43 + 38 + 57 = 180: a limit of 100 stops after two fields, and the table still gets :authority.</summary>
    [TestMethod]
    public void OverLimit_StopsDelivering_KeepsTableInStep()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 100);
        var (error, sink) = Decode(decoder, Hex(C3_1));
        error.ShouldBe(new HpackError(HpackErrorKind.HeaderListTooLarge, HpackErrors.HeaderListTooLarge));
        sink.Lines.ShouldBe([":method: GET", ":scheme: http"]);
        Entries(decoder.Table).ShouldBe([":authority: www.example.com"]);

        // The next block refers to that entry and decodes.
        var (next, nextSink) = Decode(decoder, Hex("be"));
        next.IsNone.ShouldBeTrue();
        nextSink.Lines.ShouldBe([":authority: www.example.com"]);
    }

    /// <summary>A list of exactly the limit (180) is accepted; one octet less refuses it.</summary>
    [TestMethod]
    public void ExactlyAtLimit_IsAccepted()
    {
        Decode(new HpackDecoder(maxHeaderListSize: 180), Hex(C3_1)).Error.IsNone.ShouldBeTrue();
        Decode(new HpackDecoder(maxHeaderListSize: 179), Hex(C3_1)).Error.Kind.ShouldBe(HpackErrorKind.HeaderListTooLarge);
    }

    /// <summary>A malformed field after the limit is still a COMPRESSION_ERROR: the whole block is checked.</summary>
    [TestMethod]
    public void OverLimit_ThenMalformed_IsCompressionError() =>
        Decode(new HpackDecoder(maxHeaderListSize: 40), Hex("82 82 00 0161 8118")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.HuffmanPaddingNotEos));

    /// <summary>
    /// A Huffman value too large for both limits is checked but not kept; indexed with incremental indexing, it empties
    /// the table as any over-large entry would (§4.4), and the following blocks stay in step.
    /// </summary>
    [TestMethod]
    public void HugeHuffmanField_Indexed_EmptiesTable_AndStaysInStep()
    {
        var encoder = new HpackEncoder(maxDynamicTableSize: 256);
        var decoder = new HpackDecoder(maxDynamicTableSize: 256, maxHeaderListSize: 512);
        var first = EncodeBlock(encoder, new HeaderField("x-small", "kept"));
        Decode(decoder, first).Error.IsNone.ShouldBeTrue();

        var huge = EncodeField(encoder, "x-huge", new string('a', 5000), HpackIndexing.Incremental);
        var (error, sink) = Decode(decoder, huge);
        error.Kind.ShouldBe(HpackErrorKind.HeaderListTooLarge);
        sink.Fields.ShouldBeEmpty();
        decoder.DynamicTableCount.ShouldBe(0);
        encoder.DynamicTableCount.ShouldBe(0);

        var (after, afterSink) = Decode(decoder, EncodeBlock(encoder, new HeaderField("x-small", "kept"), new HeaderField("x-small", "kept")));
        after.IsNone.ShouldBeTrue();
        afterSink.Lines.ShouldBe(["x-small: kept", "x-small: kept"]);
    }

    /// <summary>Decoding a block in steady state allocates nothing: the sink gets spans, the scratch buffer is reused.</summary>
    [TestMethod]
    public void SteadyState_Decode_AllocatesNothing()
    {
        var block = Hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
        var decoder = new HpackDecoder();
        var sink = new CountingSink();
        decoder.Decode(Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), sink).IsNone.ShouldBeTrue();
        decoder.Decode(Hex("8286 84be 5886 a8eb 1064 9cbf"), sink).IsNone.ShouldBeTrue();
        for (int i = 0; i < 200; i++)
        {
            decoder.Decode(block, sink).IsNone.ShouldBeTrue();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) decoder.Decode(block, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0);
        sink.Octets.ShouldBeGreaterThan(0);
    }

    private sealed class CountingSink : IHeaderSink
    {
        public long Octets { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) => Octets += name.Length + value.Length;
    }
}
