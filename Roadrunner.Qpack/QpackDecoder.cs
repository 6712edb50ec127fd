using System.Buffers;
using Roadrunner.Hpack;
using Roadrunner.Qpack.FieldSections;
using Roadrunner.Qpack.Instructions;
using Roadrunner.Qpack.Primitives;
using Roadrunner.Qpack.Tables;

namespace Roadrunner.Qpack;

/// <summary>
/// Decodes QPACK (RFC 9204): applies the peer encoder's instructions to a bounded dynamic table, decodes encoded
/// field sections into an <see cref="IHeaderSink"/>, holds blocked sections until their entries arrive, and writes
/// the decoder-stream instructions that keep the peer's encoder in step. One instance per HTTP/3 connection.
/// </summary>
/// <remarks>
/// <para>
/// Sans-IO: octets of the peer's encoder stream go to <see cref="ReceiveEncoderStream"/> in whatever pieces they
/// arrive (a partial instruction is kept for the next call); each HEADERS frame payload goes whole to
/// <see cref="DecodeSection"/>; the octets for our decoder stream are drained with <see cref="WriteDecoderStream"/>;
/// blocked sections decoded later are reported by <see cref="TryReadEvent"/>.
/// </para>
/// <para>
/// Wire input never throws. Every refusal is a <see cref="QpackError"/> carrying the connection error code; after one
/// the decoder stays failed and answers every call with the same error, except
/// <see cref="QpackErrors.FieldSectionTooLarge"/>, which leaves the table in step (it is acknowledged as usual) so the
/// caller may answer that one stream instead of closing the connection.
/// </para>
/// <para>
/// Fields reach the sink as spans into the section, the table or a scratch buffer the decoder owns; decoding
/// allocates nothing once that buffer has grown to the largest Huffman-coded field seen (bounded by
/// <see cref="MaxFieldSectionSize"/>). Table entries use pooled arrays, returned by <see cref="Dispose"/>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var decoder = new QpackDecoder(maxTableCapacity: 4096, maxBlockedStreams: 16);
/// // SETTINGS: SETTINGS_QPACK_MAX_TABLE_CAPACITY = 4096, SETTINGS_QPACK_BLOCKED_STREAMS = 16
/// QpackError error = decoder.ReceiveEncoderStream(encoderStreamOctets);
/// QpackSectionResult result = decoder.DecodeSection(streamId: 0, headersPayload, sink);
/// if (result.Status == QpackSectionStatus.Blocked) { /* wait: a QpackSectionDecoded event will follow */ }
/// if (decoder.HasDecoderStreamData) decoder.WriteDecoderStream(decoderStreamWriter);
/// </code>
/// </example>
public sealed partial class QpackDecoder : IDisposable
{
    private readonly QpackDynamicTable _table = new();
    private readonly StringDecoder _strings = new();
    private readonly ArrayBufferWriter<byte> _decoderStream = new(64);
    private readonly List<BlockedSection> _blocked = [];
    private readonly Queue<QpackSectionDecoded> _events = new();
    private readonly int _maxEntries;
    private long _knownReceivedCount;
    private QpackError _failure = QpackError.None;

    /// <summary>Creates a decoder that advertises these limits in its SETTINGS.</summary>
    /// <param name="maxTableCapacity">SETTINGS_QPACK_MAX_TABLE_CAPACITY (RFC 9204 §5): the largest dynamic table the peer may set; 0 turns the dynamic table off. Default 4096.</param>
    /// <param name="maxBlockedStreams">SETTINGS_QPACK_BLOCKED_STREAMS (§5): how many streams may wait for inserts at once. Default 16.</param>
    /// <param name="maxFieldSectionSize">The largest decoded field section accepted, counted as name + value + 32 per field line (RFC 9114 §4.2.2); also bounds a blocked section's encoded size. Default 16384.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit.</exception>
    public QpackDecoder(int maxTableCapacity = 4096, int maxBlockedStreams = 16, int maxFieldSectionSize = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBlockedStreams);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFieldSectionSize);
        MaxTableCapacity = maxTableCapacity;
        MaxBlockedStreams = maxBlockedStreams;
        MaxFieldSectionSize = maxFieldSectionSize;
        _maxEntries = RequiredInsertCount.MaxEntries(maxTableCapacity);
    }

    /// <summary>The SETTINGS_QPACK_MAX_TABLE_CAPACITY we advertise.</summary>
    public int MaxTableCapacity { get; }

    /// <summary>The SETTINGS_QPACK_BLOCKED_STREAMS we advertise.</summary>
    public int MaxBlockedStreams { get; }

    /// <summary>The largest decoded field section accepted (name + value + 32 per field line).</summary>
    public int MaxFieldSectionSize { get; }

    /// <summary>The dynamic table's capacity as the peer's encoder last set it (§4.3.1).</summary>
    public int TableCapacity => _table.Capacity;

    /// <summary>The dynamic table's size (§3.2.1).</summary>
    public int TableSize => _table.Size;

    /// <summary>The total number of entries inserted (§3.2.4).</summary>
    public long InsertCount => _table.InsertCount;

    /// <summary>The number of streams whose field section waits for inserts.</summary>
    public int BlockedStreamCount => _blocked.Count;

    /// <summary>True when there are octets for our decoder stream.</summary>
    public bool HasDecoderStreamData => _decoderStream.WrittenCount > 0 || _table.InsertCount > _knownReceivedCount;

    /// <summary>The connection error the decoder stopped at, or <see cref="QpackError.None"/>.</summary>
    public QpackError Failure => _failure;

    /// <summary>The dynamic table itself, for tests.</summary>
    internal QpackDynamicTable Table => _table;

    /// <summary>
    /// Decodes one encoded field section (a HEADERS frame payload) received on <paramref name="streamId"/>, sending
    /// each field line to <paramref name="sink"/>, or keeps it when it is blocked.
    /// </summary>
    /// <remarks>
    /// A blocked section is copied; <paramref name="sink"/> is kept until the section is decoded (reported by
    /// <see cref="TryReadEvent"/>) or the stream is cancelled with <see cref="CancelStream"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A stream ID outside 0 to 2^62-1.</exception>
    /// <exception cref="InvalidOperationException">A section of this stream is already blocked (a stream's sections are decoded in order).</exception>
    public QpackSectionResult DecodeSection(long streamId, ReadOnlySpan<byte> section, IHeaderSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        QpackDecoderInstructions.StreamId(streamId);
        if (!_failure.IsNone) return QpackSectionResult.Failed(_failure);
        if (IndexOfBlocked(streamId) >= 0) throw new InvalidOperationException("A field section of this stream is already blocked.");

        var error = ReadPrefix(section, out long requiredInsertCount, out long @base, out int prefixLength);
        if (!error.IsNone) return Fail(error);

        if (requiredInsertCount > _table.InsertCount)
        {
            // §2.2.1: the stream is blocked until the Insert Count reaches the Required Insert Count.
            if (_blocked.Count >= MaxBlockedStreams) return Fail(QpackError.Decompression(QpackErrors.TooManyBlockedStreams));
            if (section.Length > MaxFieldSectionSize) return Fail(QpackError.Decompression(QpackErrors.BlockedSectionTooLarge));
            var octets = ArrayPool<byte>.Shared.Rent(Math.Max(1, section.Length));
            section.CopyTo(octets);
            _blocked.Add(new BlockedSection(streamId, octets, section.Length, requiredInsertCount, sink));
            return QpackSectionResult.Blocked;
        }

        error = DecodeFieldLines(section[prefixLength..], requiredInsertCount, @base, sink);
        return Finish(streamId, requiredInsertCount, error) is { IsNone: false } failed ? QpackSectionResult.Failed(failed) : QpackSectionResult.Decoded;
    }

    /// <summary>
    /// The stream was reset or abandoned before its field sections were all decoded: drops its blocked section, if
    /// any, and tells the peer's encoder (§4.4.2 Stream Cancellation) so it can release the entries the stream used.
    /// </summary>
    /// <remarks>§2.2.2.2: a decoder whose maximum table capacity is 0 may omit the instruction, and does.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A stream ID outside 0 to 2^62-1.</exception>
    public void CancelStream(long streamId)
    {
        QpackDecoderInstructions.StreamId(streamId);
        int index = IndexOfBlocked(streamId);
        if (index >= 0)
        {
            ArrayPool<byte>.Shared.Return(_blocked[index].Octets);
            _blocked.RemoveAt(index);
        }
        if (MaxTableCapacity > 0) QpackDecoderInstructions.WriteStreamCancellation(_decoderStream, streamId);
    }

    /// <summary>Takes the next event: a blocked section that has now been decoded (or failed).</summary>
    public bool TryReadEvent(out QpackSectionDecoded decoded) => _events.TryDequeue(out decoded);

    /// <summary>
    /// Writes the pending decoder-stream instructions (§4.4): Section Acknowledgments and Stream Cancellations in the
    /// order they arose, then one Insert Count Increment for every insert not yet acknowledged either way.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteDecoderStream(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // §4.4.3: the increment covers inserts that no Section Acknowledgment has implied already; several inserts
        // received between two flushes cost one instruction.
        long unacknowledged = _table.InsertCount - _knownReceivedCount;
        if (unacknowledged > 0)
        {
            QpackDecoderInstructions.WriteInsertCountIncrement(_decoderStream, (int)Math.Min(unacknowledged, int.MaxValue));
            _knownReceivedCount += Math.Min(unacknowledged, int.MaxValue);
        }
        writer.Write(_decoderStream.WrittenSpan);
        _decoderStream.ResetWrittenCount();
    }

    /// <summary>Returns the pooled arrays of the table, blocked sections and pending input.</summary>
    public void Dispose()
    {
        _table.Dispose();
        foreach (var blocked in _blocked) ArrayPool<byte>.Shared.Return(blocked.Octets);
        _blocked.Clear();
        ReleasePending();
    }

    /// <summary>§4.5.1: reads Required Insert Count and Base.</summary>
    private QpackError ReadPrefix(ReadOnlySpan<byte> section, out long requiredInsertCount, out long @base, out int length)
    {
        //   0   1   2   3   4   5   6   7
        // +---+---+---+---+---+---+---+---+
        // |   Required Insert Count (8+)  |
        // +---+---------------------------+
        // | S |      Delta Base (7+)      |
        // +---+---------------------------+
        requiredInsertCount = @base = 0;
        length = 0;
        var reader = new QpackReader(section);
        var status = reader.ReadInteger(8, out long encodedInsertCount);
        if (status != ReadStatus.Done) return SectionReadError(status);
        bool negative = !reader.End && (reader.Peek() & 0x80) != 0;
        status = reader.ReadInteger(7, out long deltaBase);
        if (status != ReadStatus.Done) return SectionReadError(status);
        length = reader.Position;

        if (!RequiredInsertCount.TryDecode(encodedInsertCount, _maxEntries, _table.InsertCount, out requiredInsertCount))
            return QpackError.Decompression(QpackErrors.RequiredInsertCountInvalid);

        // §4.5.1.2: S = 0: Base = ReqInsertCount + DeltaBase; S = 1: Base = ReqInsertCount - DeltaBase - 1.
        @base = negative ? requiredInsertCount - deltaBase - 1 : requiredInsertCount + deltaBase;
        return @base < 0 ? QpackError.Decompression(QpackErrors.BaseNegative) : QpackError.None;
    }

    /// <summary>After a section is decoded: §4.4.1, acknowledge it when it used the dynamic table.</summary>
    private QpackError Finish(long streamId, long requiredInsertCount, QpackError error)
    {
        bool keepsTableInStep = error.IsNone || ReferenceEquals(error.Reason, QpackErrors.FieldSectionTooLarge);
        if (!keepsTableInStep)
        {
            _failure = error;
            return error;
        }
        if (requiredInsertCount > 0)
        {
            // §4.4.1: "After processing an encoded field section whose declared Required Insert Count is not zero,
            // the decoder emits a Section Acknowledgment instruction"; it implies every insert up to that count.
            QpackDecoderInstructions.WriteSectionAcknowledgment(_decoderStream, streamId);
            _knownReceivedCount = Math.Max(_knownReceivedCount, requiredInsertCount);
        }
        return error;
    }

    /// <summary>Decodes the blocked sections whose Required Insert Count has been reached, oldest first.</summary>
    private void Unblock()
    {
        for (int i = 0; i < _blocked.Count && _failure.IsNone;)
        {
            var blocked = _blocked[i];
            if (blocked.RequiredInsertCount > _table.InsertCount)
            {
                i++;
                continue;
            }
            _blocked.RemoveAt(i);
            var section = blocked.Octets.AsSpan(0, blocked.Length);
            var error = ReadPrefix(section, out long requiredInsertCount, out long @base, out int prefixLength);
            if (error.IsNone) error = DecodeFieldLines(section[prefixLength..], requiredInsertCount, @base, blocked.Sink);
            error = Finish(blocked.StreamId, requiredInsertCount, error);
            ArrayPool<byte>.Shared.Return(blocked.Octets);
            _events.Enqueue(new QpackSectionDecoded(blocked.StreamId, error));
        }
    }

    private int IndexOfBlocked(long streamId)
    {
        for (int i = 0; i < _blocked.Count; i++)
        {
            if (_blocked[i].StreamId == streamId) return i;
        }
        return -1;
    }

    private QpackSectionResult Fail(QpackError error)
    {
        _failure = error;
        return QpackSectionResult.Failed(error);
    }

    private static QpackError SectionReadError(ReadStatus status) =>
        QpackError.Decompression(status == ReadStatus.Overflow ? QpackErrors.IntegerOverflow : QpackErrors.SectionTruncated);
}
