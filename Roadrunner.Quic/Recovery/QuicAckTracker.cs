using Roadrunner.Quic.Frames;

namespace Roadrunner.Quic.Recovery;

/// <summary>
/// The receive side of acknowledgment for one packet number space (RFC 9000 §13.2): which packet numbers arrived
/// (bounded ranges), duplicate detection, when an ACK is due, and the ACK frame itself with a real ACK Delay.
/// </summary>
/// <remarks>
/// Ranges are kept largest first, merged as gaps fill, in a fixed array of <c>maxRanges</c>: recording a packet in
/// order touches the first range only, and nothing is allocated after construction. When a range has to be forgotten
/// (too many, or acknowledged by an ACK of our ACK), a floor rises above it so that its packet numbers are from then on
/// duplicates: RFC 9000 §13.2.3 "Maintaining a minimum packet number that increases as ranges are discarded".
/// </remarks>
/// <example>
/// <code>
/// if (tracker.IsDuplicate(pn)) return;                       // RFC 9000 §12.3
/// /* process the frames */
/// tracker.OnPacketReceived(pn, ackEliciting, now);
/// if (tracker.ShouldSendAck(now) &amp;&amp; tracker.TryWriteAck(payload, now, out int n)) { /* n bytes of ACK frame */ }
/// /* else arm a timer for tracker.AckDeadline */
/// </code>
/// </example>
public sealed class QuicAckTracker
{
    private readonly QuicPacketNumberSpace _space;
    private readonly int _maxRanges;

    // Largest first; one spare slot so an insertion can happen before the smallest is dropped.
    private readonly QuicAckRange[] _ranges;
    private int _count;
    private ulong _floor;
    private ulong? _largestReceived;
    private long _largestReceivedTime;
    private int _ackElicitingSinceAck;
    private long? _ackDueAt;
    private bool _immediate;

    /// <summary>Creates a tracker.</summary>
    /// <param name="space">The space; Initial and Handshake acknowledge at once (RFC 9000 §13.2.1).</param>
    /// <param name="maxRanges">Most ranges kept and reported; older ones are forgotten (RFC 9000 §13.2.3). Default 32.</param>
    public QuicAckTracker(QuicPacketNumberSpace space, int maxRanges = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRanges);
        _space = space;
        _maxRanges = maxRanges;
        _ranges = new QuicAckRange[maxRanges + 1];
    }

    /// <summary>Our ack_delay_exponent (RFC 9000 §18.2), used to encode ACK Delay. Default 3.</summary>
    public int AckDelayExponent { get; set; } = 3;

    /// <summary>Our max_ack_delay, microseconds (RFC 9000 §18.2). Default 25 ms.</summary>
    public long MaxAckDelay { get; set; } = 25_000;

    /// <summary>How many ack-eliciting packets may arrive before an ACK is sent at once (RFC 9000 §13.2.2: "after receiving at least two"). Default 2.</summary>
    public int AckElicitingThreshold { get; set; } = 2;

    /// <summary>The number of ranges currently tracked.</summary>
    public int RangeCount => _count;

    /// <summary>Packet numbers below this are treated as duplicates: their ranges were forgotten (RFC 9000 §13.2.3).</summary>
    public ulong Floor => _floor;

    /// <summary>The largest packet number received, for packet number decoding (RFC 9000 §A.3); null before any.</summary>
    public ulong? LargestReceived => _largestReceived;

    /// <summary>When an ACK must be sent at the latest, microseconds; null when none is owed (RFC 9000 §13.2.1).</summary>
    public long? AckDeadline => _ackElicitingSinceAck == 0 ? null : _ackDueAt;

    /// <summary>Whether <paramref name="packetNumber"/> was already received (RFC 9000 §12.3: duplicates are discarded), or is older than what is still tracked.</summary>
    public bool IsDuplicate(ulong packetNumber)
    {
        if (packetNumber < _floor) return true;
        for (int i = 0; i < _count; i++)
        {
            var range = _ranges[i];
            if (packetNumber > range.Largest) return false;
            if (packetNumber >= range.Smallest) return true;
        }

        return false;
    }

    /// <summary>Records a successfully processed packet (RFC 9000 §13.2.1). A duplicate is ignored.</summary>
    /// <param name="packetNumber">The full (decoded) packet number.</param>
    /// <param name="ackEliciting">Whether it carried a frame other than ACK, PADDING and CONNECTION_CLOSE.</param>
    /// <param name="now">When it arrived, microseconds.</param>
    public void OnPacketReceived(ulong packetNumber, bool ackEliciting, long now)
    {
        if (IsDuplicate(packetNumber)) return;

        // RFC 9000 §13.2.1: acknowledge at once an ack-eliciting packet that is below one already received, or above
        // the largest with missing packets between.
        bool outOfOrder = _largestReceived is { } largest && (packetNumber < largest || packetNumber > largest + 1);

        Insert(packetNumber);
        if (_largestReceived is not { } previous || packetNumber > previous)
        {
            _largestReceived = packetNumber;
            _largestReceivedTime = now;
        }

        // RFC 9000 §13.2.1: "An endpoint MUST NOT send a non-ack-eliciting packet in response to a non-ack-eliciting
        // packet": such a packet is recorded, but owes nothing.
        if (!ackEliciting) return;

        _ackElicitingSinceAck++;
        bool immediate =
            _space != QuicPacketNumberSpace.ApplicationData // §13.2.1: Initial and Handshake "immediately"
            || outOfOrder // §13.2.1: out-of-order ack-eliciting packets
            || _ackElicitingSinceAck >= AckElicitingThreshold; // §13.2.2: "after receiving at least two ack-eliciting packets"
        long due = immediate ? now : now + MaxAckDelay; // §13.2.1: "within its advertised max_ack_delay"
        if (immediate) _immediate = true;
        _ackDueAt = _ackDueAt is { } current ? Math.Min(current, due) : due;
    }

    /// <summary>Whether an ACK should go in the next packet of this space (immediately owed, or past its deadline).</summary>
    public bool ShouldSendAck(long now) => _ackElicitingSinceAck > 0 && (_immediate || now >= _ackDueAt);

    /// <summary>
    /// Writes an ACK frame for what has been received, with ACK Delay measured from the largest packet's arrival; false
    /// when nothing to acknowledge or no room. When all ranges do not fit, the smallest are left out. Writing clears
    /// what is owed until more ack-eliciting packets arrive.
    /// </summary>
    public bool TryWriteAck(Span<byte> destination, long now, out int bytesWritten)
    {
        bytesWritten = 0;
        if (_count == 0) return false;

        // RFC 9000 §13.2.5: the delay is measured from the receipt of the largest acknowledged packet, and encoded in
        // units of 2^ack_delay_exponent microseconds (§19.3, §18.2). §19.3: "Because the receiver doesn't use the ACK
        // Delay for Initial and Handshake packets, a sender SHOULD send a value of 0."
        ulong ackDelay = 0;
        if (_space == QuicPacketNumberSpace.ApplicationData && _ranges[0].Largest == _largestReceived)
        {
            ackDelay = (ulong)Math.Max(0, now - _largestReceivedTime) >> AckDelayExponent;
        }

        for (int count = _count; count > 0; count--)
        {
            if (QuicFrameWriter.TryWriteAck(destination, _ranges.AsSpan(0, count), ackDelay, out bytesWritten))
            {
                _ackElicitingSinceAck = 0;
                _ackDueAt = null;
                _immediate = false;
                return true;
            }
        }

        bytesWritten = 0;
        return false;
    }

    /// <summary>
    /// Called when a packet we sent that carried an ACK with this largest value is acknowledged: ranges wholly at or
    /// below it need not be reported again (RFC 9000 §13.2.4), and the floor rises above them (§13.2.3).
    /// </summary>
    public void OnAckOfAckReceived(ulong largestAcknowledged)
    {
        while (_count > 0 && _ranges[_count - 1].Largest <= largestAcknowledged)
        {
            DropSmallest();
        }
    }

    /// <summary>The ranges currently tracked, largest first; returns how many were copied.</summary>
    public int CopyRanges(Span<QuicAckRange> destination)
    {
        int n = Math.Min(_count, destination.Length);
        _ranges.AsSpan(0, n).CopyTo(destination);
        return n;
    }

    private void Insert(ulong packetNumber)
    {
        for (int i = 0; i < _count; i++)
        {
            var range = _ranges[i];
            if (packetNumber > range.Largest + 1)
            {
                // Above this range with a gap: a new range goes before it.
                InsertAt(i, new QuicAckRange(packetNumber, packetNumber));
                return;
            }

            if (packetNumber == range.Largest + 1)
            {
                // Extends this range upward; the range above (if any) is more than one away, or it would have matched below.
                _ranges[i] = range with { Largest = packetNumber };
                return;
            }

            if (packetNumber >= range.Smallest) return; // inside: a duplicate

            if (packetNumber + 1 == range.Smallest)
            {
                // Extends this range downward, and may close the gap to the next range.
                if (i + 1 < _count && _ranges[i + 1].Largest + 1 == packetNumber)
                {
                    _ranges[i] = range with { Smallest = _ranges[i + 1].Smallest };
                    RemoveAt(i + 1);
                }
                else
                {
                    _ranges[i] = range with { Smallest = packetNumber };
                }

                return;
            }
        }

        InsertAt(_count, new QuicAckRange(packetNumber, packetNumber));
    }

    private void InsertAt(int index, QuicAckRange range)
    {
        Array.Copy(_ranges, index, _ranges, index + 1, _count - index);
        _ranges[index] = range;
        _count++;

        // RFC 9000 §13.2.3: bounded state; the oldest (smallest) range goes first.
        if (_count > _maxRanges) DropSmallest();
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_ranges, index + 1, _ranges, index, _count - index - 1);
        _count--;
    }

    private void DropSmallest()
    {
        _floor = Math.Max(_floor, _ranges[_count - 1].Largest + 1);
        _count--;
    }
}
