using Roadrunner.Quic.Buffers;

namespace Roadrunner.Quic.Frames;

/// <summary>
/// Walks the acknowledged ranges of an ACK frame from the largest down (RFC 9000 §19.3.1), decoding the Gap and ACK
/// Range Length fields as it goes. The frame reader has already checked that no range underflows, so this never fails.
/// </summary>
public ref struct QuicAckRangeEnumerator
{
    private readonly ulong _largest;
    private readonly ulong _firstRange;
    private QuicSpanReader _ranges;
    private bool _started;
    private QuicAckRange _current;

    internal QuicAckRangeEnumerator(ulong largest, ulong firstRange, ReadOnlySpan<byte> ranges)
    {
        _largest = largest;
        _firstRange = firstRange;
        _ranges = new QuicSpanReader(ranges);
        _started = false;
        _current = default;
    }

    /// <summary>The current range.</summary>
    public readonly QuicAckRange Current => _current;

    /// <summary>Returns this enumerator, so that it works in <c>foreach</c>.</summary>
    public readonly QuicAckRangeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next (smaller) range.</summary>
    public bool MoveNext()
    {
        if (!_started)
        {
            // §19.3.1: "smallest = largest - ack_range" for the First ACK Range.
            _started = true;
            _current = new QuicAckRange(_largest - _firstRange, _largest);
            return true;
        }

        if (!_ranges.TryReadVarint(out ulong gap) || !_ranges.TryReadVarint(out ulong length)) return false;

        // §19.3.1: "largest = previous_smallest - gap - 2", "smallest = largest - ack_range".
        ulong largest = _current.Smallest - gap - 2;
        _current = new QuicAckRange(largest - length, largest);
        return true;
    }
}
