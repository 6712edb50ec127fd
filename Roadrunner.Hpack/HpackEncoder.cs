using System.Buffers;
using Roadrunner.Hpack.Encoding;
using Roadrunner.Hpack.Integers;
using Roadrunner.Hpack.Tables;

namespace Roadrunner.Hpack;

/// <summary>
/// Encodes header blocks (RFC 7541): indexes what repeats, uses Huffman only when shorter, never indexes
/// sensitive fields. One instance per HTTP/2 connection direction.
/// </summary>
/// <remarks>
/// <para>
/// Each block starts with <see cref="BeginBlock"/>, which writes any table size update owed to the peer, then one
/// <see cref="Encode(IBufferWriter{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, bool)"/> or
/// <see cref="EncodeStatus"/> per field. Names must be lowercase (RFC 9113 §8.2.1); the encoder does not check.
/// </para>
/// <para>
/// The default strategy: a field already in the static or dynamic table is one index; <c>authorization</c>,
/// <c>proxy-authorization</c>, <c>set-cookie</c> and cookies shorter than 20 octets are never indexed (§7.1.3);
/// values that change with every message (<c>date</c>, <c>content-length</c>, <c>etag</c>, <c>last-modified</c>,
/// <c>age</c>, <c>expires</c>, <c>content-range</c>, the <c>if-*</c> conditions, a <c>:path</c> with a query) are
/// literals without indexing; anything else is indexed, unless it would take more than three quarters of the table.
/// </para>
/// <para>
/// Constant headers can be encoded once and the octets reused in every block, but only when they refer to the
/// static table alone: encode them with a fresh encoder, using <see cref="HpackIndexing.WithoutIndexing"/> or
/// <see cref="HpackIndexing.NeverIndexed"/> (never <see cref="HpackIndexing.Incremental"/>, whose entries only this
/// connection's decoder would hold) and <see cref="EncodeStatus"/>. <c>EncodeStatus(writer, 200)</c> is the single
/// octet 0x88. Such octets may follow whatever <see cref="BeginBlock"/> writes, in any block of any connection.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var encoder = new HpackEncoder();
/// var block = new ArrayBufferWriter&lt;byte&gt;();
/// encoder.BeginBlock(block);
/// encoder.EncodeStatus(block, 200);
/// encoder.Encode(block, "content-type"u8, "text/plain"u8);
/// encoder.Encode(block, "set-cookie"u8, "id=42; Secure"u8);   // never indexed by default
/// // block.WrittenSpan is the HEADERS payload
/// </code>
/// </example>
public sealed class HpackEncoder
{
    private readonly DynamicTable _table;
    private readonly int _limit;
    private bool _updatePending;
    private int _pendingSmallest;
    private int _pendingFinal;

    /// <summary>Creates an encoder with a dynamic table of at most <paramref name="maxDynamicTableSize"/> bytes (default 4096).</summary>
    /// <remarks>
    /// The table is used at that size from the first block without a size update, which is safe as long as it is not
    /// above the peer's SETTINGS_HEADER_TABLE_SIZE (4096 until the peer says otherwise). It also caps what
    /// <see cref="SetPeerMaxDynamicTableSize"/> can raise the table to.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public HpackEncoder(int maxDynamicTableSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        MaxDynamicTableSize = maxDynamicTableSize;
        _limit = maxDynamicTableSize;
        _table = new DynamicTable(maxDynamicTableSize);
    }

    /// <summary>The table size in use.</summary>
    public int MaxDynamicTableSize { get; private set; }

    /// <summary>
    /// When string literals are Huffman-encoded (RFC 7541 §5.2). The default, <see cref="HpackHuffman.WhenShorter"/>,
    /// uses Huffman only if that is strictly shorter.
    /// </summary>
    public HpackHuffman Huffman { get; set; } = HpackHuffman.WhenShorter;

    /// <summary>The dynamic table's current size (RFC 7541 §4.1: name + value + 32 per entry).</summary>
    public int DynamicTableSize => _table.Size;

    /// <summary>The number of entries in the dynamic table.</summary>
    public int DynamicTableCount => _table.Count;

    /// <summary>The dynamic table itself, for tests.</summary>
    internal DynamicTable Table => _table;

    /// <summary>
    /// The peer's SETTINGS_HEADER_TABLE_SIZE changed: the encoder will use at most that much and signals the
    /// change with a dynamic table size update at the start of the next block (RFC 7541 §4.2, §6.3).
    /// </summary>
    /// <remarks>
    /// The size used is the smaller of <paramref name="size"/> and the size the encoder was created with. When it
    /// changes more than once between two blocks, the next block signals the smallest size first and the final one
    /// second (§4.2: "the smallest maximum table size that occurs in that interval MUST be signaled ... The final
    /// maximum size is always signaled").
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative size.</exception>
    public void SetPeerMaxDynamicTableSize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        int target = Math.Min(size, _limit);
        if (!_updatePending)
        {
            if (target == MaxDynamicTableSize) return;
            _updatePending = true;
            _pendingSmallest = target;
        }
        _pendingSmallest = Math.Min(_pendingSmallest, target);
        _pendingFinal = target;
    }

    /// <summary>Starts a header block (writes any pending table size update).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void BeginBlock(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_updatePending) return;

        // §6.3 dynamic table size update: 001 | Max size (5+)
        var span = writer.GetSpan(2 * IntegerEncoder.MaxLength);
        int written = 0;
        if (_pendingSmallest < _pendingFinal)
        {
            IntegerEncoder.TryEncode(_pendingSmallest, 5, 0x20, span, out written);
            _table.SetMaxSize(_pendingSmallest);
        }
        IntegerEncoder.TryEncode(_pendingFinal, 5, 0x20, span[written..], out int final);
        writer.Advance(written + final);
        _table.SetMaxSize(_pendingFinal);
        MaxDynamicTableSize = _pendingFinal;
        _updatePending = false;
    }

    /// <summary>Encodes one field. Names must be lowercase (HTTP/2).</summary>
    /// <param name="writer">Where the octets go.</param>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="neverIndex">True to send the field as never indexed (RFC 7541 §6.2.3), e.g. when it arrived that way.</param>
    /// <exception cref="InvalidOperationException">A table size update is pending: <see cref="BeginBlock"/> was not called.</exception>
    public void Encode(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndex = false)
    {
        int exact = StaticTable.Find(name, value, out int nameIndex);
        var indexing = neverIndex ? HpackIndexing.NeverIndexed : IndexingPolicy.Choose(nameIndex, name, value, MaxDynamicTableSize);
        EncodeField(writer, name, value, indexing, nameIndex, exact);
    }

    /// <summary>
    /// Encodes one field with the representation chosen by the caller instead of the default strategy. A field
    /// already in a table is still sent as an index, except with <see cref="HpackIndexing.NeverIndexed"/>.
    /// </summary>
    /// <param name="writer">Where the octets go.</param>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="indexing">The representation of the literal.</param>
    /// <exception cref="InvalidOperationException">A table size update is pending: <see cref="BeginBlock"/> was not called.</exception>
    public void Encode(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackIndexing indexing)
    {
        int exact = StaticTable.Find(name, value, out int nameIndex);
        EncodeField(writer, name, value, indexing, nameIndex, exact);
    }

    /// <summary>Encodes <c>:status</c> (a static-table index for the common codes).</summary>
    /// <remarks>
    /// 200, 204, 206, 304, 400, 404 and 500 are one octet (static indices 8 to 14); any other code is a literal
    /// without indexing that names static index 8.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a three-digit code.</exception>
    /// <exception cref="InvalidOperationException">A table size update is pending: <see cref="BeginBlock"/> was not called.</exception>
    public void EncodeStatus(IBufferWriter<byte> writer, int status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ThrowIfUpdatePending();
        int index = status switch
        {
            200 => StaticTable.Status200,
            204 => StaticTable.Status204,
            206 => StaticTable.Status206,
            304 => StaticTable.Status304,
            400 => StaticTable.Status400,
            404 => StaticTable.Status404,
            500 => StaticTable.Status500,
            _ => 0,
        };
        if (index != 0)
        {
            writer.GetSpan(1)[0] = (byte)(0x80 | index);
            writer.Advance(1);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        ReadOnlySpan<byte> digits = [(byte)('0' + status / 100), (byte)('0' + status / 10 % 10), (byte)('0' + status % 10)];

        // §6.2.2 literal without indexing, name from static index 8 (":status"): 0000 | 1000, then the value.
        var span = writer.GetSpan(1 + (int)StringLiteralEncoder.GetMaxLength(digits.Length, Huffman));
        span[0] = 0x00 | StaticTable.Status200;
        int written = 1 + StringLiteralEncoder.Write(digits, span[1..], Huffman);
        writer.Advance(written);
    }

    private void EncodeField(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackIndexing indexing, int staticNameIndex, int staticExact)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ThrowIfUpdatePending();

        int dynamicName = -1;
        int dynamicExact = staticExact == 0 ? _table.Find(name, value, out dynamicName) : -1;

        // §6.2.3: a never-indexed field is always a literal, even when an identical entry exists.
        if (indexing != HpackIndexing.NeverIndexed && (staticExact != 0 || dynamicExact >= 0))
        {
            // §6.1 indexed header field: 1 | Index (7+)
            int index = staticExact != 0 ? staticExact : StaticTable.Count + 1 + dynamicExact;
            var indexed = writer.GetSpan(IntegerEncoder.MaxLength);
            IntegerEncoder.TryEncode(index, 7, 0x80, indexed, out int indexLength);
            writer.Advance(indexLength);
            return;
        }

        // The static table first: its indices are the smallest and never move.
        int nameIndex = staticNameIndex;
        if (nameIndex == 0 && dynamicName >= 0) nameIndex = StaticTable.Count + 1 + dynamicName;

        // §6.2.1: 01 | Index (6+); §6.2.2: 0000 | Index (4+); §6.2.3: 0001 | Index (4+). Index 0: the name follows.
        (byte pattern, int prefixBits) = indexing switch
        {
            HpackIndexing.Incremental => ((byte)0x40, 6),
            HpackIndexing.WithoutIndexing => ((byte)0x00, 4),
            HpackIndexing.NeverIndexed => ((byte)0x10, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(indexing), indexing, "Not an HpackIndexing value."),
        };
        long maxLength = IntegerEncoder.MaxLength + (nameIndex == 0 ? StringLiteralEncoder.GetMaxLength(name.Length, Huffman) : 0) + StringLiteralEncoder.GetMaxLength(value.Length, Huffman);
        var span = writer.GetSpan(checked((int)maxLength));
        IntegerEncoder.TryEncode(nameIndex, prefixBits, pattern, span, out int written);
        if (nameIndex == 0) written += StringLiteralEncoder.Write(name, span[written..], Huffman);
        written += StringLiteralEncoder.Write(value, span[written..], Huffman);
        writer.Advance(written);

        if (indexing == HpackIndexing.Incremental) _table.Add(name, value);
    }

    private void ThrowIfUpdatePending()
    {
        if (_updatePending) throw new InvalidOperationException("A dynamic table size update is pending: start each header block with BeginBlock.");
    }
}
