namespace Roadrunner.Quic.Recovery;

/// <summary>
/// A token-bucket pacer (RFC 9002 §7.7): tokens, in bytes, refill at N * congestion_window / smoothed_rtt with N = 1.25,
/// up to a burst of ten datagrams (the initial window's worth), and each packet sent takes its size. A packet may go
/// when the bucket holds its size; otherwise <see cref="NextSendTime"/> says when it will. Sans-IO: the caller arms
/// its own timer for that time.
/// </summary>
public sealed class QuicPacer
{
    /// <summary>N of §7.7, as a fraction: the rate is 5/4 of congestion_window per smoothed_rtt, so that the window can be used in less than an RTT.</summary>
    public const double RateMultiplier = 1.25;

    private double _tokens;
    private long _lastRefill;
    private bool _started;

    /// <summary>Creates a pacer whose bucket starts full.</summary>
    /// <param name="maxDatagramSize">max_datagram_size, bytes.</param>
    /// <param name="burstPackets">How many datagrams may leave back to back after an idle period. Default 10 (§7.7 suggests bursts no larger than the initial window).</param>
    public QuicPacer(int maxDatagramSize, int burstPackets = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDatagramSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstPackets);
        Capacity = (long)maxDatagramSize * burstPackets;
        _tokens = Capacity;
    }

    /// <summary>The bucket's size, bytes.</summary>
    public long Capacity { get; }

    /// <summary>The pacing rate in bytes per second for a window and a smoothed RTT (§7.7: rate = N * congestion_window / smoothed_rtt).</summary>
    public static double RateBytesPerSecond(long congestionWindow, long smoothedRtt) => smoothedRtt <= 0 ? double.PositiveInfinity : RateMultiplier * congestionWindow * 1_000_000.0 / smoothedRtt;

    /// <summary>When a packet of <paramref name="size"/> bytes may go, microseconds; <paramref name="now"/> when at once.</summary>
    public long NextSendTime(long now, int size, long congestionWindow, long smoothedRtt)
    {
        double rate = PerMicrosecond(congestionWindow, smoothedRtt);
        if (double.IsPositiveInfinity(rate)) return now;
        double tokens = TokensAt(now, rate);
        double needed = Math.Min(size, Capacity);
        if (tokens >= needed) return now;
        return now + (long)Math.Ceiling((needed - tokens) / rate);
    }

    /// <summary>Takes <paramref name="size"/> bytes from the bucket. It may go negative when a packet is sent early (a probe), delaying the next ones.</summary>
    public void OnPacketSent(long now, int size, long congestionWindow, long smoothedRtt)
    {
        double rate = PerMicrosecond(congestionWindow, smoothedRtt);
        _tokens = double.IsPositiveInfinity(rate) ? Capacity : TokensAt(now, rate);
        _lastRefill = Math.Max(_lastRefill, now);
        _started = true;
        _tokens -= size;
    }

    private static double PerMicrosecond(long congestionWindow, long smoothedRtt) => smoothedRtt <= 0 ? double.PositiveInfinity : RateMultiplier * congestionWindow / smoothedRtt;

    private double TokensAt(long now, double rate)
    {
        if (!_started || now <= _lastRefill) return _started ? _tokens : Capacity;
        return Math.Min(Capacity, _tokens + ((now - _lastRefill) * rate));
    }
}
