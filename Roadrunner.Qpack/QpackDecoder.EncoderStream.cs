using Roadrunner.Hpack.Integers;
using Roadrunner.Qpack.Primitives;
using Roadrunner.Qpack.Tables;

namespace Roadrunner.Qpack;

/// <summary>The encoder stream (RFC 9204 §4.3): an incremental parser that applies each instruction to the table.</summary>
public sealed partial class QpackDecoder
{
    private byte[] _pending = [];
    private int _pendingLength;

    /// <summary>
    /// Applies octets received on the peer's encoder stream. They may end inside an instruction: the partial
    /// instruction is kept and completed by the next call. Blocked sections whose entries have now arrived are decoded
    /// before this returns (see <see cref="TryReadEvent"/>).
    /// </summary>
    /// <returns><see cref="QpackError.None"/>, or the connection error (QPACK_ENCODER_STREAM_ERROR, or
    /// QPACK_DECOMPRESSION_FAILED from a section decoded on the way).</returns>
    public QpackError ReceiveEncoderStream(ReadOnlySpan<byte> octets)
    {
        if (!_failure.IsNone) return _failure;

        ReadOnlySpan<byte> input = octets;
        if (_pendingLength > 0)
        {
            AppendPending(octets);
            input = _pending.AsSpan(0, _pendingLength);
        }

        int position = 0;
        while (position < input.Length)
        {
            string? reason = ApplyInstruction(input[position..], out int consumed);
            if (reason is not null)
            {
                _failure = QpackError.EncoderStream(reason);
                return _failure;
            }
            if (consumed == 0) break;   // the rest is a partial instruction
            position += consumed;
        }

        int left = input.Length - position;
        if (left > MaxPartialInstruction())
        {
            // Whatever its lengths say, no instruction this long can insert an entry the capacity admits.
            _failure = QpackError.EncoderStream(QpackErrors.InstructionTooLong);
            return _failure;
        }
        KeepPending(input[position..], input.Overlaps(_pending));

        Unblock();
        return _failure;
    }

    /// <summary>Applies one instruction; <paramref name="consumed"/> is 0 when it is not complete yet.</summary>
    private string? ApplyInstruction(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        var reader = new QpackReader(input);
        byte first = input[0];
        ReadStatus status;
        string? reason;

        if ((first & 0x80) != 0)
        {
            // §4.3.2 Insert with Name Reference: 1 | T | Name Index (6+), then the value
            status = reader.ReadInteger(6, out long index);
            if (status != ReadStatus.Done) return Incomplete(status);
            status = reader.ReadString(8, out var encodedValue, out bool huffman, MaxPartialInstruction());
            if (status != ReadStatus.Done) return Incomplete(status);

            ReadOnlySpan<byte> name;
            if ((first & 0x40) != 0)
            {
                if (index >= QpackStaticTable.Count) return QpackErrors.EncoderStaticIndexInvalid;
                name = QpackStaticTable.Name((int)index);
            }
            else
            {
                reason = Relative(index, out long absolute);
                if (reason is not null) return reason;
                _table.Get(absolute, out name, out _);
            }
            reason = DecodeEntryString(encodedValue, huffman, 0, out var value, out _);
            if (reason is not null) return reason;
            reason = Insert(name, value);
        }
        else if ((first & 0x40) != 0)
        {
            // §4.3.3 Insert with Literal Name: 0 | 1 | H | Name Length (5+), name, then the value
            status = reader.ReadString(6, out var encodedName, out bool nameHuffman, MaxPartialInstruction());
            if (status != ReadStatus.Done) return Incomplete(status);
            status = reader.ReadString(8, out var encodedValue, out bool valueHuffman, MaxPartialInstruction());
            if (status != ReadStatus.Done) return Incomplete(status);
            reason = DecodeEntryString(encodedName, nameHuffman, 0, out var name, out int used);
            if (reason is not null) return reason;
            reason = DecodeEntryString(encodedValue, valueHuffman, used, out var value, out _);
            if (reason is not null) return reason;
            reason = Insert(name, value);
        }
        else if ((first & 0x20) != 0)
        {
            // §4.3.1 Set Dynamic Table Capacity: 0 | 0 | 1 | Capacity (5+)
            status = reader.ReadInteger(5, out long capacity);
            if (status != ReadStatus.Done) return Incomplete(status);

            // "The decoder MUST treat a new dynamic table capacity value that exceeds this limit as a connection error."
            if (capacity > MaxTableCapacity) return QpackErrors.CapacityAboveMaximum;
            _table.SetCapacity((int)capacity);
            reason = null;
        }
        else
        {
            // §4.3.4 Duplicate: 0 | 0 | 0 | Index (5+)
            status = reader.ReadInteger(5, out long index);
            if (status != ReadStatus.Done) return Incomplete(status);
            reason = Relative(index, out long absolute);
            if (reason is not null) return reason;
            _table.Get(absolute, out var name, out var value);
            reason = Insert(name, value);
        }

        if (reason is null) consumed = reader.Position;
        return reason;
    }

    /// <summary>A primitive that ran out of input is a wait; one that overflowed is an error.</summary>
    private static string? Incomplete(ReadStatus status) => status switch
    {
        ReadStatus.Overflow => QpackErrors.IntegerOverflow,

        // A string longer than any entry the capacity admits is refused at its length, not buffered.
        ReadStatus.TooLong => QpackErrors.InstructionTooLong,
        _ => null,
    };

    /// <summary>§3.2.5: relative index 0 is the most recent insert; it must name an entry still in the table.</summary>
    private string? Relative(long index, out long absolute)
    {
        absolute = _table.InsertCount - 1 - index;
        return _table.Contains(absolute) ? null : QpackErrors.EncoderReferenceInvalid;
    }

    /// <summary>A string of an entry can never be longer than the capacity, which bounds the scratch buffer.</summary>
    private string? DecodeEntryString(ReadOnlySpan<byte> encoded, bool huffman, int offset, out ReadOnlySpan<byte> value, out int used)
    {
        var status = _strings.Decode(encoded, huffman, offset, _table.Capacity, out value, out used);
        return status switch
        {
            StringDecoder.Status.Done => null,
            StringDecoder.Status.TooLarge => QpackErrors.EntryTooLarge,
            _ => QpackErrors.HuffmanInvalid,
        };
    }

    private string? Insert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // §3.2.2: "It is an error if the encoder attempts to add an entry that is larger than the dynamic table capacity;
        // the decoder MUST treat this as a connection error of type QPACK_ENCODER_STREAM_ERROR."
        if (QpackDynamicTable.EntrySize(name.Length, value.Length) > _table.Capacity) return QpackErrors.EntryTooLarge;
        _table.Insert(name, value);
        return null;
    }

    /// <summary>Two prefixed integers and the Huffman form of strings filling the maximum capacity (at most 30 bits an octet).</summary>
    private long MaxPartialInstruction() => 2L * QpackReader.MaxIntegerLength + (MaxTableCapacity * 30L + 7) / 8;

    private void AppendPending(ReadOnlySpan<byte> octets)
    {
        int kept = _pendingLength;
        int needed = kept + octets.Length;
        if (needed > _pending.Length)
        {
            var pending = System.Buffers.ArrayPool<byte>.Shared.Rent(needed);
            _pending.AsSpan(0, kept).CopyTo(pending);
            ReleasePending();
            _pending = pending;
        }
        octets.CopyTo(_pending.AsSpan(kept));
        _pendingLength = needed;
    }

    private void KeepPending(ReadOnlySpan<byte> rest, bool inPending)
    {
        if (rest.IsEmpty)
        {
            _pendingLength = 0;
            return;
        }
        if (!inPending && rest.Length > _pending.Length)
        {
            ReleasePending();
            _pending = System.Buffers.ArrayPool<byte>.Shared.Rent(rest.Length);
        }
        rest.CopyTo(_pending);   // overlapping copies are safe: the rest lies at or after the start
        _pendingLength = rest.Length;
    }

    private void ReleasePending()
    {
        if (_pending.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(_pending);
        _pending = [];
        _pendingLength = 0;
    }
}
