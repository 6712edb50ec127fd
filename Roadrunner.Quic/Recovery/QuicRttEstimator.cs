namespace Roadrunner.Quic.Recovery;

/// <summary>RTT estimation (RFC 9002 §5); all values in microseconds.</summary>
public sealed class QuicRttEstimator
{
    /// <summary>Creates the estimator with the initial RTT (RFC 9002 §5.3).</summary>
    public QuicRttEstimator(long initialRtt) => throw new NotImplementedException();

    /// <summary>The most recent sample.</summary>
    public long LatestRtt => throw new NotImplementedException();

    /// <summary>The minimum RTT seen (§5.2).</summary>
    public long MinRtt => throw new NotImplementedException();

    /// <summary>The smoothed RTT (§5.3).</summary>
    public long SmoothedRtt => throw new NotImplementedException();

    /// <summary>The RTT variation (§5.3).</summary>
    public long RttVariation => throw new NotImplementedException();

    /// <summary>Whether any sample has been taken.</summary>
    public bool HasSample => throw new NotImplementedException();

    /// <summary>Adds a sample (§5.3): ack delay is subtracted only after the handshake is confirmed, capped at max_ack_delay, and never below min_rtt.</summary>
    public void Update(long latestRtt, long ackDelay, long maxAckDelay, bool handshakeConfirmed) => throw new NotImplementedException();
}
