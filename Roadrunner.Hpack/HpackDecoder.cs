using Roadrunner.Hpack.Decoding;
using Roadrunner.Hpack.Tables;

namespace Roadrunner.Hpack;

/// <summary>
/// Decodes HPACK header blocks (RFC 7541 §3) with a bounded dynamic table. One instance per HTTP/2
/// connection direction.
/// </summary>
/// <remarks>
/// <para>
/// A block is decoded in one call, from its complete octets; the fields go to an <see cref="IHeaderSink"/> as
/// spans that point into the block, the tables, or a scratch buffer the decoder owns, so decoding allocates
/// nothing once that buffer has grown to the largest field seen (it never grows past
/// max(<see cref="MaxHeaderListSize"/>, <see cref="MaxDynamicTableSize"/>)).
/// </para>
/// <para>
/// Wire input never throws. A malformed block returns <see cref="HpackErrorKind.CompressionError"/>, after which
/// the decoder's table is out of step with the peer's and the connection must end (RFC 9113 §4.3). A header list
/// over <see cref="MaxHeaderListSize"/> is decoded to the end, so the table stays in step, but no field after the
/// limit reaches the sink, and the call returns <see cref="HpackErrorKind.HeaderListTooLarge"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var decoder = new HpackDecoder(maxDynamicTableSize: 4096, maxHeaderListSize: 16384);
/// HpackError error = decoder.Decode(headerBlock, sink);   // sink: an IHeaderSink collecting the fields
/// if (error.Kind == HpackErrorKind.CompressionError) { /* GOAWAY COMPRESSION_ERROR, error.Reason */ }
/// else if (error.Kind == HpackErrorKind.HeaderListTooLarge) { /* answer 431 on this stream */ }
/// </code>
/// </example>
public sealed class HpackDecoder
{
    private readonly DynamicTable _table;
    private readonly ScratchBuffer _scratch = new();
    private bool _sizeUpdateRequired;

    /// <summary>
    /// Creates a decoder whose dynamic table may grow to <paramref name="maxDynamicTableSize"/> (the
    /// SETTINGS_HEADER_TABLE_SIZE we advertise; default 4096) and which refuses decoded header lists larger
    /// than <paramref name="maxHeaderListSize"/> bytes (RFC 9113 §6.5.2 size: name + value + 32 per field; default 16384).
    /// </summary>
    /// <remarks>The table starts at <paramref name="maxDynamicTableSize"/>, the size the peer's encoder assumes until it sends an update.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public HpackDecoder(int maxDynamicTableSize = 4096, int maxHeaderListSize = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderListSize);
        MaxDynamicTableSize = maxDynamicTableSize;
        MaxHeaderListSize = maxHeaderListSize;
        _table = new DynamicTable(maxDynamicTableSize);
    }

    /// <summary>The largest table size the peer may ask for with a size update.</summary>
    public int MaxDynamicTableSize { get; private set; }

    /// <summary>The largest decoded header list accepted.</summary>
    public int MaxHeaderListSize { get; }

    /// <summary>The dynamic table's current size (RFC 7541 §4.1: name + value + 32 per entry).</summary>
    public int DynamicTableSize => _table.Size;

    /// <summary>The number of entries in the dynamic table.</summary>
    public int DynamicTableCount => _table.Count;

    /// <summary>The dynamic table's maximum size as the peer's encoder last set it (at most <see cref="MaxDynamicTableSize"/>).</summary>
    public int DynamicTableMaxSize => _table.MaxSize;

    /// <summary>The dynamic table itself, for tests.</summary>
    internal DynamicTable Table => _table;

    /// <summary>
    /// Changes the limit the peer's size updates are held to, when our SETTINGS_HEADER_TABLE_SIZE changes. In HTTP/2,
    /// call it when the peer acknowledges the SETTINGS frame carrying the new value (RFC 9113 §6.5.3).
    /// </summary>
    /// <remarks>
    /// A limit below the table's current maximum size obliges the peer to start its next block with a size update
    /// (RFC 7541 §4.2: "This dynamic table size update MUST occur at the beginning of the first header block
    /// following the change to the dynamic table size"); a block that does not is a compression error.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public void SetMaxDynamicTableSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        MaxDynamicTableSize = size;
        if (size < _table.MaxSize) _sizeUpdateRequired = true;
    }

    /// <summary>Decodes one complete header block (HEADERS plus any CONTINUATION payloads, concatenated), sending each field to <paramref name="sink"/>.</summary>
    /// <returns><see cref="HpackError.None"/>, or why the block was refused.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null.</exception>
    public HpackError Decode(ReadOnlySpan<byte> block, IHeaderSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var reader = new BlockReader(block);
        var budget = new HeaderListBudget(MaxHeaderListSize);
        bool fieldSeen = false;
        int sizeUpdates = 0;

        if (_sizeUpdateRequired && (reader.End || (reader.Peek() & 0xE0) != 0x20)) return Malformed(HpackErrors.SizeUpdateMissing);

        while (!reader.End)
        {
            byte first = reader.Peek();
            string? reason;
            if (first >= 0x80)
            {
                // §6.1 indexed header field: 1 | Index (7+)
                reason = DecodeIndexed(ref reader, sink, ref budget);
                fieldSeen = true;
            }
            else if (first >= 0x40)
            {
                // §6.2.1 literal with incremental indexing: 01 | Index (6+), then the name if the index is 0, then the value
                reason = DecodeLiteral(ref reader, 6, indexed: true, neverIndexed: false, sink, ref budget);
                fieldSeen = true;
            }
            else if (first >= 0x20)
            {
                // §6.3 dynamic table size update: 001 | Max size (5+)
                reason = DecodeSizeUpdate(ref reader, fieldSeen, ++sizeUpdates);
            }
            else
            {
                // §6.2.2 without indexing: 0000 | Index (4+); §6.2.3 never indexed: 0001 | Index (4+)
                reason = DecodeLiteral(ref reader, 4, indexed: false, neverIndexed: first >= 0x10, sink, ref budget);
                fieldSeen = true;
            }
            if (reason is not null) return Malformed(reason);
        }

        return budget.Exceeded ? new HpackError(HpackErrorKind.HeaderListTooLarge, HpackErrors.HeaderListTooLarge) : HpackError.None;
    }

    private static HpackError Malformed(string reason) => new(HpackErrorKind.CompressionError, reason);

    private string? DecodeIndexed(ref BlockReader reader, IHeaderSink sink, ref HeaderListBudget budget)
    {
        string? reason = reader.ReadInteger(7, out int index);
        if (reason is not null) return reason;
        if (index == 0) return HpackErrors.IndexZero;
        reason = ResolveIndex(index, out var name, out var value);
        if (reason is not null) return reason;
        Deliver(sink, name, value, neverIndexed: false, ref budget);
        return null;
    }

    private string? DecodeLiteral(ref BlockReader reader, int prefixBits, bool indexed, bool neverIndexed, IHeaderSink sink, ref HeaderListBudget budget)
    {
        string? reason = reader.ReadInteger(prefixBits, out int nameIndex);
        if (reason is not null) return reason;

        // The octets matter if the field reaches the sink or the table; past the list limit, a field that is
        // not indexed is only checked.
        bool keep = indexed || !budget.Exceeded;
        int bound = Math.Max(MaxHeaderListSize, MaxDynamicTableSize);
        ReadOnlySpan<byte> name;
        int scratchUsed = 0;
        bool nameTooLarge = false;
        if (nameIndex == 0)
        {
            reason = reader.ReadString(_scratch, 0, bound, keep, out name, out scratchUsed, out nameTooLarge);
            if (reason is not null) return reason;
        }
        else
        {
            reason = ResolveIndex(nameIndex, out name, out _);
            if (reason is not null) return reason;
            if (indexed && nameIndex > StaticTable.Count)
            {
                // Adding the entry may evict the one the name comes from and overwrite its octets: copy it first.
                var copy = _scratch.Grow(name.Length, bound);
                name.CopyTo(copy);
                name = copy[..name.Length];
                scratchUsed = name.Length;
            }
        }

        reason = reader.ReadString(_scratch, scratchUsed, bound, keep && !nameTooLarge, out var value, out _, out bool valueTooLarge);
        if (reason is not null) return reason;

        if (nameTooLarge || valueTooLarge)
        {
            // Larger than the bound, so larger than the header list limit and than the table's maximum size.
            budget.Exceed();
            if (indexed) _table.Clear();   // §4.4: adding an entry larger than the maximum size empties the table
            return null;
        }

        if (keep) Deliver(sink, name, value, neverIndexed, ref budget);
        if (indexed) _table.Add(name, value);
        return null;
    }

    private string? DecodeSizeUpdate(ref BlockReader reader, bool fieldSeen, int sizeUpdates)
    {
        string? reason = reader.ReadInteger(5, out int size);
        if (reason is not null) return reason;

        // §4.2: "This dynamic table size update MUST occur at the beginning of the first header block following
        // the change"; at most two, the smallest size since the last block and then the final one.
        if (fieldSeen) return HpackErrors.SizeUpdateAfterField;
        if (sizeUpdates > 2) return HpackErrors.TooManySizeUpdates;

        // §6.3: "The new maximum size MUST be lower than or equal to the limit determined by the protocol using HPACK."
        if (size > MaxDynamicTableSize) return HpackErrors.SizeUpdateAboveLimit;

        _table.SetMaxSize(size);
        _sizeUpdateRequired = false;
        return null;
    }

    /// <summary>§2.3.3: indices 1 to 61 are static, 62 and up dynamic, newest first.</summary>
    private string? ResolveIndex(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index <= StaticTable.Count)
        {
            name = StaticTable.Name(index);
            value = StaticTable.Value(index);
            return null;
        }
        int dynamicIndex = index - StaticTable.Count - 1;
        if (dynamicIndex >= _table.Count)
        {
            name = value = default;
            return HpackErrors.IndexOutOfRange;
        }
        _table.Get(dynamicIndex, out name, out value);
        return null;
    }

    private static void Deliver(IHeaderSink sink, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed, ref HeaderListBudget budget)
    {
        if (budget.TryAdd(name.Length, value.Length)) sink.OnHeader(name, value, neverIndexed);
    }
}
