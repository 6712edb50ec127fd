using Roadrunner.Hpack;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Decoding;

/// <summary>
/// RFC 7541 §6.1 and §2.3.3 indices. §6.1: "The index value of 0 is not used. It MUST be treated as a decoding error
/// if found in an indexed header field representation." §2.3.3: "Indices strictly greater than the sum of the lengths
/// of both tables MUST be treated as a decoding error."
/// </summary>
[TestClass]
public sealed class Section6_1_IndexedFieldTests
{
    /// <summary>Index 0 (0x80) is a COMPRESSION_ERROR.</summary>
    [TestMethod]
    public void IndexZero_IsCompressionError()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("80"));
        error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IndexZero));
        sink.Fields.ShouldBeEmpty();
    }

    /// <summary>Static indices 1 and 61 are the table's first and last entries.</summary>
    [TestMethod]
    public void StaticBounds_Decode()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("81 bd"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe([":authority: ", "www-authenticate: "]);
    }

    /// <summary>With an empty dynamic table, index 62 (0xbe) is past both tables.</summary>
    [TestMethod]
    public void Index62_EmptyDynamicTable_IsCompressionError() =>
        Decode(new HpackDecoder(), Hex("be")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IndexOutOfRange));

    /// <summary>With one dynamic entry, index 62 decodes and 63 is past the tables.</summary>
    [TestMethod]
    public void IndexPastDynamicTable_IsCompressionError()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("40 0161 0162 be")).Error.IsNone.ShouldBeTrue();
        Decode(decoder, Hex("bf")).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IndexOutOfRange));
    }

    /// <summary>A literal's name index past the tables is the same error, for each literal form.</summary>
    [TestMethod]
    [DataRow("7e 0162", DisplayName = "with incremental indexing, name index 62")]
    [DataRow("0f2f 0162", DisplayName = "without indexing, name index 62")]
    [DataRow("1f2f 0162", DisplayName = "never indexed, name index 62")]
    [DataRow("7f8001 0162", DisplayName = "with incremental indexing, name index 191")]
    public void LiteralNameIndexPastTables_IsCompressionError(string block) =>
        Decode(new HpackDecoder(), Hex(block)).Error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IndexOutOfRange));

    /// <summary>Fields before the bad one have already been delivered; the error stops the block there.</summary>
    [TestMethod]
    public void ErrorMidBlock_StopsAfterEarlierFields()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("82 86 80 84"));
        error.Reason.ShouldBe(HpackErrors.IndexZero);
        sink.Lines.ShouldBe([":method: GET", ":scheme: http"]);
    }
}
