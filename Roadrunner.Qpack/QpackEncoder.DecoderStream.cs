using Roadrunner.Qpack.Primitives;

namespace Roadrunner.Qpack;

/// <summary>The decoder stream (RFC 9204 §4.4): an incremental parser that applies the peer decoder's feedback.</summary>
public sealed partial class QpackEncoder
{
    private readonly byte[] _partial = new byte[QpackReader.MaxIntegerLength];
    private int _partialLength;

    /// <summary>
    /// Applies octets received on the peer's decoder stream. They may end inside an instruction: the partial
    /// instruction is kept and completed by the next call.
    /// </summary>
    /// <returns><see cref="QpackError.None"/>, or a QPACK_DECODER_STREAM_ERROR; after one the encoder answers every call with it.</returns>
    public QpackError ReceiveDecoderStream(ReadOnlySpan<byte> octets)
    {
        if (!Failure.IsNone) return Failure;

        if (_partialLength > 0)
        {
            // Every decoder instruction is one integer, at most MaxLength octets: the kept octets plus enough new
            // ones either complete it or prove it overflows.
            Span<byte> joined = stackalloc byte[QpackReader.MaxIntegerLength];
            int taken = Math.Min(octets.Length, QpackReader.MaxIntegerLength - _partialLength);
            _partial.AsSpan(0, _partialLength).CopyTo(joined);
            octets[..taken].CopyTo(joined[_partialLength..]);
            var error = ApplyInstruction(joined[..(_partialLength + taken)], out int consumed);
            if (!error.IsNone) return Failure = error;
            if (consumed == 0)
            {
                joined[..(_partialLength + taken)].CopyTo(_partial);
                _partialLength += taken;
                return QpackError.None;
            }
            octets = octets[(consumed - _partialLength)..];
            _partialLength = 0;
        }

        while (!octets.IsEmpty)
        {
            var error = ApplyInstruction(octets, out int consumed);
            if (!error.IsNone) return Failure = error;
            if (consumed == 0)
            {
                octets.CopyTo(_partial);
                _partialLength = octets.Length;
                break;
            }
            octets = octets[consumed..];
        }
        return QpackError.None;
    }

    /// <summary>Applies one instruction; <paramref name="consumed"/> is 0 when it is not complete yet.</summary>
    private QpackError ApplyInstruction(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        var reader = new QpackReader(input);
        byte first = input[0];
        int prefixBits = (first & 0x80) != 0 ? 7 : 6;
        var status = reader.ReadInteger(prefixBits, out long value);
        if (status == ReadStatus.NeedMoreData) return QpackError.None;
        if (status == ReadStatus.Overflow) return QpackError.DecoderStream(QpackErrors.DecoderInstructionOverflow);
        consumed = reader.Position;

        if ((first & 0x80) != 0)
        {
            // §4.4.1 Section Acknowledgment: 1 | Stream ID (7+). It acknowledges the stream's oldest outstanding section.
            int index = 0;
            while (index < _outstanding.Count && _outstanding[index].StreamId != value) index++;
            if (index == _outstanding.Count) return QpackError.DecoderStream(QpackErrors.UnexpectedAcknowledgment);

            // §2.1.4: "If the Required Insert Count of the acknowledged field section is greater than the current
            // Known Received Count, the encoder updates the Known Received Count to that value."
            _knownReceivedCount = Math.Max(_knownReceivedCount, _outstanding[index].RequiredInsertCount);
            _outstanding.RemoveAt(index);
        }
        else if ((first & 0x40) != 0)
        {
            // §4.4.2 Stream Cancellation: 01 | Stream ID (6+). Every outstanding section of the stream is dropped;
            // it says nothing about inserts received.
            for (int i = _outstanding.Count - 1; i >= 0; i--)
            {
                if (_outstanding[i].StreamId == value) _outstanding.RemoveAt(i);
            }
        }
        else
        {
            // §4.4.3 Insert Count Increment: 00 | Increment (6+)
            if (value == 0) return QpackError.DecoderStream(QpackErrors.ZeroIncrement);
            if (_knownReceivedCount + value > _table.InsertCount) return QpackError.DecoderStream(QpackErrors.IncrementBeyondInserts);
            _knownReceivedCount += value;
        }
        return QpackError.None;
    }
}
