using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;

namespace Roadrunner.Quic.Recovery;

/// <summary>
/// Loss detection and congestion control for one connection, after RFC 9002 Appendices A and B: RTT estimation
/// (§5), packet- and time-threshold loss (§6.1), PTO (§6.2), persistent congestion (§7.6), NewReno (§7) and pacing
/// (§7.7). Sans-IO: times are microseconds passed in; lost and acknowledged packets are handed back in lists.
/// </summary>
public sealed class QuicLossRecovery
{
    /// <summary>Creates the state of a new connection.</summary>
    public QuicLossRecovery(QuicRecoveryOptions? options = null) => throw new NotImplementedException();

    /// <summary>The RTT estimator (RFC 9002 §5).</summary>
    public QuicRttEstimator Rtt => throw new NotImplementedException();

    /// <summary>Bytes in flight across all spaces.</summary>
    public long BytesInFlight => throw new NotImplementedException();

    /// <summary>The congestion window, bytes.</summary>
    public long CongestionWindow => throw new NotImplementedException();

    /// <summary>How many more bytes the congestion window allows now (0 when full).</summary>
    public long SendAllowance => throw new NotImplementedException();

    /// <summary>The earliest time the pacer lets the next packet of <paramref name="size"/> bytes go, microseconds; at most <paramref name="now"/> when it may go at once.</summary>
    public long NextSendTime(long now, int size) => throw new NotImplementedException();

    /// <summary>When <see cref="OnLossDetectionTimeout"/> must run, microseconds; null when no timer is armed (RFC 9002 §A.8).</summary>
    public long? LossDetectionDeadline => throw new NotImplementedException();

    /// <summary>The peer's max_ack_delay, microseconds, once its transport parameters are known. Default 25 ms.</summary>
    public long PeerMaxAckDelay { get; set; }

    /// <summary>Set by the connection once the handshake is confirmed (RFC 9001 §4.1.2): PTO then includes the application space and max_ack_delay.</summary>
    public bool HandshakeConfirmed { get; set; }

    /// <summary>Client only: whether the server has validated our address (RFC 9002 §6.2.2.1 anti-deadlock). Servers leave it true.</summary>
    public bool PeerValidatedAddress { get; set; } = true;

    /// <summary>Records a sent packet (RFC 9002 §A.5). The packet is handed back later through one of the lists.</summary>
    public void OnPacketSent(QuicSentPacket packet, long now) => throw new NotImplementedException();

    /// <summary>
    /// Processes an ACK frame received in <paramref name="space"/> (RFC 9002 §A.7): newly acknowledged packets are added
    /// to <paramref name="acknowledged"/>, packets now deemed lost to <paramref name="lost"/>. An ACK of a packet number
    /// never sent is PROTOCOL_VIOLATION (RFC 9000 §13.1).
    /// </summary>
    /// <param name="space">The space of the packet that carried the ACK.</param>
    /// <param name="ranges">The acknowledged ranges, largest first.</param>
    /// <param name="ackDelay">The ACK Delay field already decoded with the peer's ack_delay_exponent, microseconds.</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <param name="acknowledged">Receives newly acknowledged packets.</param>
    /// <param name="lost">Receives packets declared lost.</param>
    public QuicError OnAckReceived(QuicPacketNumberSpace space, ReadOnlySpan<QuicAckRange> ranges, long ackDelay, long now, List<QuicSentPacket> acknowledged, List<QuicSentPacket> lost) =>
        throw new NotImplementedException();

    /// <summary>Runs the loss detection timer (RFC 9002 §A.9): declares time-threshold losses or asks for probes.</summary>
    public QuicLossDetectionAction OnLossDetectionTimeout(long now, List<QuicSentPacket> lost) => throw new NotImplementedException();

    /// <summary>
    /// Drops a space whose keys are discarded (RFC 9002 §A.10): its packets leave bytes in flight without being counted
    /// as lost, and are handed to <paramref name="discarded"/>.
    /// </summary>
    public void DiscardSpace(QuicPacketNumberSpace space, long now, List<QuicSentPacket> discarded) => throw new NotImplementedException();

    /// <summary>Whether an ECN-CE or a loss has put the connection in recovery now (for tests and telemetry).</summary>
    public bool InRecovery(long now) => throw new NotImplementedException();
}
