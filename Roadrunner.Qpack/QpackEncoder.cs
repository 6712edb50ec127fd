using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Hpack.Integers;
using Roadrunner.Qpack.Encoding;
using Roadrunner.Qpack.FieldSections;
using Roadrunner.Qpack.Instructions;
using Roadrunner.Qpack.Primitives;
using Roadrunner.Qpack.Tables;

namespace Roadrunner.Qpack;

/// <summary>
/// Encodes field sections with QPACK (RFC 9204) and keeps the dynamic table it shares with the peer's decoder: the
/// instructions for our encoder stream, the acknowledgments from the peer's decoder stream, and the bookkeeping that
/// keeps references safe (§2.1.1) and blocking within the peer's limit (§2.1.2). One instance per HTTP/3 connection.
/// </summary>
/// <remarks>
/// <para>
/// Until <see cref="ApplyPeerSettings"/> the peer's table capacity is 0 (§3.2.3), and with a capacity of 0 the encoder
/// uses the static table and literals only, which is what most clients start with.
/// </para>
/// <para>
/// The strategy, field by field: an exact static match is one index; <c>authorization</c>,
/// <c>proxy-authorization</c>, <c>cookie</c> and <c>set-cookie</c> are literals with the N bit (§7.1.3), never from or
/// into the dynamic table; an exact dynamic match is an index when it is acknowledged or the stream may block; a field
/// likely to repeat is inserted (name from the static table, else the dynamic table, else literal) and referenced if
/// the stream may block, or sent as a literal this time and referenced once acknowledged; anything else is a literal,
/// naming the static or an acknowledged dynamic entry when one has the name. A stream may block only while fewer
/// than SETTINGS_QPACK_BLOCKED_STREAMS streams could. Strings are Huffman-coded when that is shorter.
/// </para>
/// <para>
/// Field lines are gathered in a buffer the encoder owns and written with their prefix by <see cref="EndSection"/>;
/// once the buffers have grown, encoding allocates nothing. Table entries use pooled arrays, returned by
/// <see cref="Dispose"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var encoder = new QpackEncoder();
/// encoder.ApplyPeerSettings(maxTableCapacity: 4096, blockedStreams: 16);   // from the peer's SETTINGS
/// encoder.BeginSection(streamId: 0);
/// encoder.Encode(":status"u8, "200"u8);
/// encoder.Encode("content-type"u8, "text/plain"u8);
/// encoder.EndSection(headersPayload);                  // the HEADERS frame payload
/// if (encoder.HasEncoderStreamData) encoder.WriteEncoderStream(encoderStreamWriter);
/// encoder.ReceiveDecoderStream(decoderStreamOctets);   // acknowledgments from the peer
/// </code>
/// </example>
public sealed partial class QpackEncoder : IDisposable
{
    /// <summary>
    /// The most unacknowledged sections tracked at once. A peer that never acknowledges would otherwise grow the list
    /// without bound; past this, sections stop using the dynamic table (and so need no tracking) until acknowledgments
    /// or cancellations arrive.
    /// </summary>
    internal const int MaxOutstandingSections = 1000;

    private readonly QpackDynamicTable _table = new();
    private readonly ArrayBufferWriter<byte> _encoderStream = new(256);
    private readonly ArrayBufferWriter<byte> _lines = new(256);
    private readonly List<SectionRecord> _outstanding = [];
    private readonly int _limit;
    private bool _settingsApplied;
    private int _peerBlockedStreams;
    private int _maxEntries;
    private long _knownReceivedCount;

    // The section being encoded.
    private bool _inSection;
    private long _streamId;
    private long _base;
    private long _requiredInsertCount;
    private long _smallestReference;
    private bool _mayBlock;
    private bool _useTable;

    /// <summary>Creates an encoder whose dynamic table never exceeds <paramref name="maxTableCapacity"/> octets, whatever the peer allows (default 4096).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative capacity.</exception>
    public QpackEncoder(int maxTableCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableCapacity);
        _limit = maxTableCapacity;
    }

    /// <summary>When string literals are Huffman-coded; by default only when strictly shorter.</summary>
    public HpackHuffman Huffman { get; set; } = HpackHuffman.WhenShorter;

    /// <summary>The peer's SETTINGS_QPACK_MAX_TABLE_CAPACITY (0 until <see cref="ApplyPeerSettings"/>).</summary>
    public int PeerMaxTableCapacity { get; private set; }

    /// <summary>The dynamic table's capacity in use.</summary>
    public int TableCapacity => _table.Capacity;

    /// <summary>The dynamic table's size (§3.2.1).</summary>
    public int TableSize => _table.Size;

    /// <summary>The total number of entries inserted (§3.2.4).</summary>
    public long InsertCount => _table.InsertCount;

    /// <summary>§2.1.4: the number of inserts the peer's decoder has acknowledged.</summary>
    public long KnownReceivedCount => _knownReceivedCount;

    /// <summary>The number of streams that could be blocked at the peer now.</summary>
    public int BlockingStreamCount => CountBlockingStreams();

    /// <summary>True when there are octets for our encoder stream.</summary>
    public bool HasEncoderStreamData => _encoderStream.WrittenCount > 0;

    /// <summary>The connection error the encoder stopped at, or <see cref="QpackError.None"/>.</summary>
    public QpackError Failure { get; private set; } = QpackError.None;

    /// <summary>The dynamic table itself, for tests.</summary>
    internal QpackDynamicTable Table => _table;

    /// <summary>
    /// Takes the peer's SETTINGS_QPACK_MAX_TABLE_CAPACITY and SETTINGS_QPACK_BLOCKED_STREAMS (§5). When the table can
    /// be used, the encoder sets its capacity (the smaller of the peer's and its own limit) with a Set Dynamic Table
    /// Capacity instruction (§4.3.1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    /// <exception cref="InvalidOperationException">Called twice: SETTINGS arrive once per connection.</exception>
    public void ApplyPeerSettings(int maxTableCapacity, int blockedStreams)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(blockedStreams);
        if (_settingsApplied) throw new InvalidOperationException("The peer's settings were already applied.");
        _settingsApplied = true;
        PeerMaxTableCapacity = maxTableCapacity;
        _peerBlockedStreams = blockedStreams;
        _maxEntries = RequiredInsertCount.MaxEntries(maxTableCapacity);

        int capacity = Math.Min(maxTableCapacity, _limit);
        if (capacity > 0)
        {
            QpackEncoderInstructions.WriteSetDynamicTableCapacity(_encoderStream, capacity);
            _table.SetCapacity(capacity);
        }
    }

    /// <summary>Writes the pending encoder-stream instructions and clears them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteEncoderStream(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_encoderStream.WrittenSpan);
        _encoderStream.ResetWrittenCount();
    }

    /// <summary>Starts a field section on <paramref name="streamId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A stream ID outside 0 to 2^62-1.</exception>
    /// <exception cref="InvalidOperationException">A section is already open.</exception>
    public void BeginSection(long streamId)
    {
        QpackDecoderInstructions.StreamId(streamId);
        if (_inSection) throw new InvalidOperationException("A field section is already open: end it with EndSection.");
        _inSection = true;
        _streamId = streamId;

        // §3.2.6: entries inserted while this section is encoded are referenced after the Base, with post-base indices.
        _base = _table.InsertCount;
        _requiredInsertCount = 0;
        _smallestReference = long.MaxValue;

        // §2.1.2: "An encoder MUST limit the number of streams that could become blocked to the value of
        // SETTINGS_QPACK_BLOCKED_STREAMS at all times." A stream already counted may block again.
        _mayBlock = _peerBlockedStreams > 0 && (IsBlocking(streamId) || CountBlockingStreams() < _peerBlockedStreams);
        _useTable = _table.Capacity > 0 && _outstanding.Count < MaxOutstandingSections;
    }

    /// <summary>Encodes one field line of the open section. Names must be lowercase (RFC 9114 §4.2); the encoder does not check.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="neverIndex">True to send it as a literal with the N bit (§4.5.4), e.g. when it arrived that way.</param>
    /// <exception cref="InvalidOperationException">No section is open.</exception>
    public void Encode(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndex = false)
    {
        if (!_inSection) throw new InvalidOperationException("No field section is open: start one with BeginSection.");
        int staticExact = QpackStaticTable.Find(name, value, out int staticName);

        if (neverIndex || QpackIndexingPolicy.IsSensitive(name))
        {
            // §7.1.3: never from a table by value, never inserted; the N bit asks intermediaries to keep it so.
            WriteLiteral(staticName, -1, name, value, neverIndexed: true);
            return;
        }
        if (staticExact >= 0)
        {
            WriteIndexedStatic(staticExact);
            return;
        }

        long dynamicName = -1;
        if (_useTable)
        {
            long dynamicExact = _table.Find(name, value, out dynamicName);
            if (dynamicExact >= 0 && CanReference(dynamicExact))
            {
                WriteIndexedDynamic(dynamicExact);
                return;
            }
            if (dynamicExact < 0 && QpackIndexingPolicy.ShouldIndex(name, value, _table.Capacity) &&
                TryInsert(name, value, staticName, dynamicName))
            {
                long inserted = _table.InsertCount - 1;
                if (CanReference(inserted))
                {
                    WriteIndexedDynamic(inserted);
                    return;
                }
            }
            if (dynamicName >= 0 && !(_table.Contains(dynamicName) && CanReference(dynamicName))) dynamicName = -1;
        }
        WriteLiteral(staticName, dynamicName, name, value, neverIndexed: false);
    }

    /// <summary>Ends the open section: writes its prefix (§4.5.1) and field lines to <paramref name="section"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="section"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No section is open.</exception>
    public void EndSection(IBufferWriter<byte> section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!_inSection) throw new InvalidOperationException("No field section is open: start one with BeginSection.");
        _inSection = false;

        //   0   1   2   3   4   5   6   7
        // +---+---+---+---+---+---+---+---+
        // |   Required Insert Count (8+)  |
        // +---+---------------------------+
        // | S |      Delta Base (7+)      |
        // +---+---------------------------+
        var span = section.GetSpan(2 * IntegerEncoder.MaxLength + _lines.WrittenCount);
        int written;
        if (_requiredInsertCount == 0)
        {
            // No dynamic reference: the Base is irrelevant and sent as 0.
            span[0] = 0;
            span[1] = 0;
            written = 2;
        }
        else
        {
            written = QpackWriter.WriteInteger(span, RequiredInsertCount.Encode(_requiredInsertCount, _maxEntries), 8, 0x00);
            written += _base >= _requiredInsertCount
                ? QpackWriter.WriteInteger(span[written..], (int)(_base - _requiredInsertCount), 7, 0x00)
                : QpackWriter.WriteInteger(span[written..], (int)(_requiredInsertCount - _base - 1), 7, 0x80);
            _outstanding.Add(new SectionRecord(_streamId, _requiredInsertCount, _smallestReference));
        }
        _lines.WrittenSpan.CopyTo(span[written..]);
        section.Advance(written + _lines.WrittenCount);
        _lines.ResetWrittenCount();
    }

    /// <summary>
    /// Inserts a field into the dynamic table without referencing it (§2.1: "An encoder MAY insert any entry in the
    /// dynamic table it chooses"), e.g. ahead of the messages that will use it. The name comes from the static table,
    /// else the newest dynamic entry with it, else is sent literally.
    /// </summary>
    /// <returns>False when the table is off, or the entry does not fit without evicting an entry still in use.</returns>
    public bool TryInsert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        QpackStaticTable.Find(name, value, out int staticName);
        _table.Find(name, value, out long dynamicName);
        return TryInsert(name, value, staticName, dynamicName);
    }

    /// <summary>§4.3.4: inserts a copy of the entry of absolute <paramref name="index"/>, if it fits.</summary>
    internal bool TryDuplicate(long index)
    {
        if (!_table.Contains(index) || !_table.CanInsert(_table.SizeOf(index), EvictionLimit())) return false;
        QpackEncoderInstructions.WriteDuplicate(_encoderStream, (int)(_table.InsertCount - 1 - index));
        _table.Get(index, out var name, out var value);
        _table.Insert(name, value);
        return true;
    }

    /// <summary>Returns the pooled arrays of the table.</summary>
    public void Dispose() => _table.Dispose();

    private bool TryInsert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int staticName, long dynamicName)
    {
        if (_table.Capacity == 0) return false;

        // §2.1.1: "the encoder MUST NOT insert that entry" when making room would evict an entry that is not evictable.
        if (!_table.CanInsert(QpackDynamicTable.EntrySize(name.Length, value.Length), EvictionLimit())) return false;

        if (staticName >= 0) QpackEncoderInstructions.WriteInsertWithNameReference(_encoderStream, isStatic: true, staticName, value, Huffman);
        else if (dynamicName >= 0 && _table.Contains(dynamicName))
            QpackEncoderInstructions.WriteInsertWithNameReference(_encoderStream, isStatic: false, (int)(_table.InsertCount - 1 - dynamicName), value, Huffman);
        else QpackEncoderInstructions.WriteInsertWithLiteralName(_encoderStream, name, value, Huffman);
        _table.Insert(name, value);
        return true;
    }

    /// <summary>
    /// §2.1.1: an entry is evictable once its insert is acknowledged and no unacknowledged section references it.
    /// Eviction goes oldest first, so everything below the returned absolute index is evictable.
    /// </summary>
    private long EvictionLimit()
    {
        long limit = _knownReceivedCount;
        foreach (var record in _outstanding) limit = Math.Min(limit, record.SmallestReference);
        if (_inSection) limit = Math.Min(limit, _smallestReference);
        return limit;
    }

    /// <summary>An acknowledged entry never blocks; an unacknowledged one only when this stream may block.</summary>
    private bool CanReference(long index) => index < _knownReceivedCount || _mayBlock;

    private bool IsBlocking(long streamId)
    {
        foreach (var record in _outstanding)
        {
            if (record.StreamId == streamId && record.RequiredInsertCount > _knownReceivedCount) return true;
        }
        return false;
    }

    private int CountBlockingStreams()
    {
        int count = 0;
        for (int i = 0; i < _outstanding.Count; i++)
        {
            var record = _outstanding[i];
            if (record.RequiredInsertCount <= _knownReceivedCount) continue;
            bool counted = false;
            for (int j = 0; j < i && !counted; j++)
            {
                counted = _outstanding[j].StreamId == record.StreamId && _outstanding[j].RequiredInsertCount > _knownReceivedCount;
            }
            if (!counted) count++;
        }
        return count;
    }

    private void NoteReference(long index)
    {
        _requiredInsertCount = Math.Max(_requiredInsertCount, index + 1);
        _smallestReference = Math.Min(_smallestReference, index);
    }

    private void WriteIndexedStatic(int index)
    {
        // §4.5.2 Indexed Field Line, T = 1: 1 | 1 | Index (6+)
        var span = _lines.GetSpan(IntegerEncoder.MaxLength);
        _lines.Advance(QpackWriter.WriteInteger(span, index, 6, 0xC0));
    }

    private void WriteIndexedDynamic(long index)
    {
        NoteReference(index);
        var span = _lines.GetSpan(IntegerEncoder.MaxLength);

        // §4.5.2 Indexed Field Line, T = 0: 1 | 0 | relative index (6+); §4.5.3 with Post-Base Index: 0001 | index (4+)
        int written = index < _base
            ? QpackWriter.WriteInteger(span, (int)(_base - 1 - index), 6, 0x80)
            : QpackWriter.WriteInteger(span, (int)(index - _base), 4, 0x10);
        _lines.Advance(written);
    }

    private void WriteLiteral(int staticName, long dynamicName, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        int nameRoom = staticName < 0 && dynamicName < 0 ? QpackWriter.MaxStringLength(name.Length, Huffman) : IntegerEncoder.MaxLength;
        var span = _lines.GetSpan(nameRoom + QpackWriter.MaxStringLength(value.Length, Huffman));
        int written;
        if (staticName >= 0)
        {
            // §4.5.4 Literal Field Line with Name Reference, T = 1: 0 | 1 | N | 1 | Index (4+)
            written = QpackWriter.WriteInteger(span, staticName, 4, neverIndexed ? (byte)0x70 : (byte)0x50);
        }
        else if (dynamicName >= 0)
        {
            NoteReference(dynamicName);

            // §4.5.4, T = 0: 0 | 1 | N | 0 | relative index (4+); §4.5.5 Post-Base Name Reference: 0000 | N | index (3+)
            written = dynamicName < _base
                ? QpackWriter.WriteInteger(span, (int)(_base - 1 - dynamicName), 4, neverIndexed ? (byte)0x60 : (byte)0x40)
                : QpackWriter.WriteInteger(span, (int)(dynamicName - _base), 3, neverIndexed ? (byte)0x08 : (byte)0x00);
        }
        else
        {
            // §4.5.6 Literal Field Line with Literal Name: 0 | 0 | 1 | N | H | Name Length (3+)
            written = QpackWriter.WriteString(span, name, 4, neverIndexed ? (byte)0x30 : (byte)0x20, Huffman);
        }
        written += QpackWriter.WriteString(span[written..], value, 8, 0x00, Huffman);
        _lines.Advance(written);
    }
}
