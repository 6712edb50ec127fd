namespace Roadrunner.Quic.Recovery;

/// <summary>RTT estimation (RFC 9002 §5); all values in microseconds.</summary>
public sealed class QuicRttEstimator
{
    private readonly long _initialRtt;

    /// <summary>Creates the estimator with the initial RTT (RFC 9002 §5.3).</summary>
    /// <param name="initialRtt">kInitialRtt, microseconds; must be positive.</param>
    public QuicRttEstimator(long initialRtt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialRtt);
        _initialRtt = initialRtt;
        Reset();
    }

    /// <summary>The most recent sample; 0 before any.</summary>
    public long LatestRtt { get; private set; }

    /// <summary>The minimum RTT seen (§5.2); 0 before any sample.</summary>
    public long MinRtt { get; private set; }

    /// <summary>The smoothed RTT (§5.3); the initial RTT before any sample.</summary>
    public long SmoothedRtt { get; private set; }

    /// <summary>The RTT variation (§5.3); half the initial RTT before any sample.</summary>
    public long RttVariation { get; private set; }

    /// <summary>Whether any sample has been taken.</summary>
    public bool HasSample { get; private set; }

    /// <summary>
    /// Adds a sample (§5.3, §A.7 UpdateRtt). The first sample sets smoothed_rtt to it and rttvar to half of it. Later
    /// samples subtract the acknowledgment delay, capped at <paramref name="maxAckDelay"/> once the handshake is
    /// confirmed, and only when what is left is not below min_rtt; min_rtt itself never has the delay removed (§5.2).
    /// </summary>
    /// <param name="latestRtt">now minus the send time of the largest newly acknowledged packet, microseconds.</param>
    /// <param name="ackDelay">The peer's decoded ACK Delay, microseconds (0 for Initial packets, §5.3).</param>
    /// <param name="maxAckDelay">The peer's max_ack_delay, microseconds.</param>
    /// <param name="handshakeConfirmed">Whether the handshake is confirmed (RFC 9001 §4.1.2).</param>
    public void Update(long latestRtt, long ackDelay, long maxAckDelay, bool handshakeConfirmed)
    {
        latestRtt = Math.Max(0, latestRtt);
        ackDelay = Math.Max(0, ackDelay);
        LatestRtt = latestRtt;
        if (!HasSample)
        {
            // §5.3: "smoothed_rtt = latest_rtt; rttvar = latest_rtt / 2" on the first sample, and §5.2: min_rtt is set to it.
            HasSample = true;
            MinRtt = latestRtt;
            SmoothedRtt = latestRtt;
            RttVariation = latestRtt / 2;
            return;
        }

        // §5.2: min_rtt is the minimum over samples, without subtracting the acknowledgment delay.
        MinRtt = Math.Min(MinRtt, latestRtt);

        // §5.3: "MUST use the lesser of the acknowledgment delay and the peer's max_ack_delay after the handshake is
        // confirmed"; before that the peer's max_ack_delay is not yet binding.
        if (handshakeConfirmed) ackDelay = Math.Min(ackDelay, maxAckDelay);

        // §5.3: "MUST NOT subtract the acknowledgment delay from the RTT sample if the resulting value is smaller than
        // the min_rtt".
        long adjusted = latestRtt;
        if (latestRtt >= MinRtt + ackDelay) adjusted = latestRtt - ackDelay;

        // §5.3: rttvar = 3/4 * rttvar + 1/4 * |smoothed_rtt - adjusted_rtt|; smoothed_rtt = 7/8 * smoothed_rtt + 1/8 * adjusted_rtt.
        RttVariation = ((3 * RttVariation) + Math.Abs(SmoothedRtt - adjusted)) / 4;
        SmoothedRtt = ((7 * SmoothedRtt) + adjusted) / 8;
    }

    /// <summary>Forgets every sample and returns to the initial RTT (§5.3; e.g. after a path change).</summary>
    public void Reset()
    {
        LatestRtt = 0;
        MinRtt = 0;
        SmoothedRtt = _initialRtt;
        RttVariation = _initialRtt / 2;
        HasSample = false;
    }
}
