using Roadrunner.Quic.Frames;

namespace Roadrunner.Quic.Recovery;

/// <summary>
/// The receive side of acknowledgment for one packet number space (RFC 9000 §13.2): which packet numbers arrived
/// (bounded ranges), duplicate detection, when an ACK is due, and the ACK frame itself with a real ACK Delay.
/// </summary>
public sealed class QuicAckTracker
{
    /// <summary>Creates a tracker.</summary>
    /// <param name="space">The space; Initial and Handshake acknowledge at once (RFC 9000 §13.2.1).</param>
    /// <param name="maxRanges">Most ranges kept and reported; older ones are forgotten (RFC 9000 §13.2.3). Default 32.</param>
    public QuicAckTracker(QuicPacketNumberSpace space, int maxRanges = 32) => throw new NotImplementedException();

    /// <summary>Our ack_delay_exponent (RFC 9000 §18.2), used to encode ACK Delay. Default 3.</summary>
    public int AckDelayExponent { get; set; } = 3;

    /// <summary>Our max_ack_delay, microseconds (RFC 9000 §18.2). Default 25 ms.</summary>
    public long MaxAckDelay { get; set; } = 25_000;

    /// <summary>Whether <paramref name="packetNumber"/> was already received (RFC 9000 §12.3: duplicates are discarded), or is older than what is still tracked.</summary>
    public bool IsDuplicate(ulong packetNumber) => throw new NotImplementedException();

    /// <summary>The largest packet number received, for packet number decoding (RFC 9000 §A.3); null before any.</summary>
    public ulong? LargestReceived => throw new NotImplementedException();

    /// <summary>Records a successfully processed packet (RFC 9000 §13.2.1).</summary>
    public void OnPacketReceived(ulong packetNumber, bool ackEliciting, long now) => throw new NotImplementedException();

    /// <summary>When an ACK must be sent at the latest, microseconds; null when none is owed (RFC 9000 §13.2.1).</summary>
    public long? AckDeadline => throw new NotImplementedException();

    /// <summary>Whether an ACK should go in the next packet of this space (immediately owed, or past its deadline).</summary>
    public bool ShouldSendAck(long now) => throw new NotImplementedException();

    /// <summary>Writes an ACK frame for what has been received, with ACK Delay measured from the largest packet's arrival; false when nothing to acknowledge or no room.</summary>
    public bool TryWriteAck(Span<byte> destination, long now, out int bytesWritten) => throw new NotImplementedException();

    /// <summary>Called when a packet we sent that carried an ACK with this largest value is acknowledged: ranges below it need not be reported again (RFC 9000 §13.2.4).</summary>
    public void OnAckOfAckReceived(ulong largestAcknowledged) => throw new NotImplementedException();

    /// <summary>The ranges currently tracked, largest first.</summary>
    public int CopyRanges(Span<QuicAckRange> destination) => throw new NotImplementedException();
}
