namespace Roadrunner.Quic.Recovery;

/// <summary>
/// The NewReno congestion controller of RFC 9002 §7 and Appendix B: slow start, congestion avoidance and a recovery
/// period, with bytes in flight. NewReno is the controller RFC 9002 specifies and gives pseudo-code for, so its
/// behaviour can be checked line by line against the RFC; CUBIC (RFC 9438) or BBR could come later behind the same
/// calls. Sizes are bytes, times microseconds.
/// </summary>
public sealed class QuicNewReno
{
    // §B.5: congestion avoidance adds max_datagram_size * sent_bytes / congestion_window per acknowledged packet; this
    // counts acknowledged bytes instead and adds one datagram per window's worth, which is the same growth without
    // integer division losing the small increments.
    private long _bytesAckedInAvoidance;

    /// <summary>Creates the controller (§7.2, §B.3).</summary>
    /// <param name="maxDatagramSize">max_datagram_size, bytes.</param>
    /// <param name="initialWindow">The initial congestion window, bytes; null for min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)).</param>
    public QuicNewReno(int maxDatagramSize, long? initialWindow = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagramSize, 1200);
        MaxDatagramSize = maxDatagramSize;
        MinimumWindow = 2L * maxDatagramSize;
        InitialWindow = Math.Max(MinimumWindow, initialWindow ?? Math.Min(10L * maxDatagramSize, Math.Max(14720L, 2L * maxDatagramSize)));
        CongestionWindow = InitialWindow;
    }

    /// <summary>kLossReductionFactor (§7.3.2, §B.2): the window is halved on a congestion event.</summary>
    public const int LossReductionDivisor = 2;

    /// <summary>max_datagram_size, bytes.</summary>
    public int MaxDatagramSize { get; }

    /// <summary>kInitialWindow, bytes (§7.2).</summary>
    public long InitialWindow { get; }

    /// <summary>kMinimumWindow = 2 * max_datagram_size (§7.2): the window never goes below it.</summary>
    public long MinimumWindow { get; }

    /// <summary>The congestion window, bytes.</summary>
    public long CongestionWindow { get; private set; }

    /// <summary>The slow start threshold, bytes; <see cref="long.MaxValue"/> until the first congestion event (§B.3).</summary>
    public long SlowStartThreshold { get; private set; } = long.MaxValue;

    /// <summary>Bytes of in-flight packets sent and neither acknowledged, lost nor discarded.</summary>
    public long BytesInFlight { get; private set; }

    /// <summary>When the current recovery period started (congestion_recovery_start_time, §B.3); null when none.</summary>
    public long? RecoveryStartTime { get; private set; }

    /// <summary>
    /// Whether a recovery period is running: it starts at a congestion event and ends when a packet sent after its
    /// start is acknowledged (§7.3.2).
    /// </summary>
    public bool InRecoveryPeriod { get; private set; }

    /// <summary>
    /// Set by the connection while it sends less than the window allows (nothing to send, or flow control): the window
    /// is then not increased, since the acknowledgments say nothing about the path's capacity (§7.8, §B.5
    /// IsAppOrFlowControlLimited).
    /// </summary>
    public bool IsApplicationLimited { get; set; }

    /// <summary>Whether the controller is in slow start (§7.3.1).</summary>
    public bool InSlowStart => CongestionWindow < SlowStartThreshold;

    /// <summary>How many more bytes the window allows now (0 when full).</summary>
    public long SendAllowance => Math.Max(0, CongestionWindow - BytesInFlight);

    /// <summary>Counts an in-flight packet (§B.4 OnPacketSentCC).</summary>
    public void OnPacketSent(int sentBytes) => BytesInFlight += sentBytes;

    /// <summary>Whether a packet sent at <paramref name="timeSent"/> belongs to the current recovery period (§B.4 InCongestionRecovery).</summary>
    public bool InCongestionRecovery(long timeSent) => RecoveryStartTime is { } start && timeSent <= start;

    /// <summary>An in-flight packet was acknowledged (§B.5 OnPacketAcked): slow start or congestion avoidance.</summary>
    public void OnPacketAcked(int sentBytes, long timeSent)
    {
        BytesInFlight = Math.Max(0, BytesInFlight - sentBytes);

        // §7.3.2: "A recovery period ends ... when a packet sent during the recovery period is acknowledged".
        if (InRecoveryPeriod && !InCongestionRecovery(timeSent)) InRecoveryPeriod = false;

        // §7.8: "the congestion window SHOULD NOT be increased in either slow start or congestion avoidance" when it
        // is not fully utilized.
        if (IsApplicationLimited) return;

        // §7.3.2: no increase for packets sent before the recovery period started.
        if (InCongestionRecovery(timeSent)) return;

        if (InSlowStart)
        {
            // §7.3.1: "increases the congestion window by the number of bytes acknowledged".
            CongestionWindow += sentBytes;
            return;
        }

        // §7.3.3: "limit the increase of the congestion window to at most one maximum datagram size for each
        // congestion window that is acknowledged".
        _bytesAckedInAvoidance += sentBytes;
        if (_bytesAckedInAvoidance >= CongestionWindow)
        {
            _bytesAckedInAvoidance -= CongestionWindow;
            CongestionWindow += MaxDatagramSize;
        }
    }

    /// <summary>An in-flight packet was declared lost: it leaves bytes in flight (§B.8). The congestion event is <see cref="OnCongestionEvent"/>.</summary>
    public void OnPacketLost(int sentBytes) => BytesInFlight = Math.Max(0, BytesInFlight - sentBytes);

    /// <summary>An in-flight packet's space was discarded: it leaves bytes in flight with no congestion signal (§A.10, §B.9).</summary>
    public void OnPacketDiscarded(int sentBytes) => BytesInFlight = Math.Max(0, BytesInFlight - sentBytes);

    /// <summary>
    /// A loss or an ECN-CE report for a packet sent at <paramref name="timeSent"/> (§B.6 OnCongestionEvent): unless that
    /// packet belongs to the current recovery period, a new period starts now and the window is halved, never below
    /// the minimum (§7.3.2).
    /// </summary>
    public void OnCongestionEvent(long timeSent, long now)
    {
        // §7.3.2: "does not reduce its congestion window again until a packet sent after the start of the recovery
        // period is acknowledged"; a loss of a packet sent before the recovery start is part of the same event.
        if (InCongestionRecovery(timeSent)) return;

        RecoveryStartTime = now;
        InRecoveryPeriod = true;
        SlowStartThreshold = CongestionWindow / LossReductionDivisor;
        CongestionWindow = Math.Max(SlowStartThreshold, MinimumWindow);
        _bytesAckedInAvoidance = 0;
    }

    /// <summary>Returns to the initial state with nothing in flight (RFC 9002 §6.3: a client resets congestion control on a Retry).</summary>
    public void Reset()
    {
        CongestionWindow = InitialWindow;
        SlowStartThreshold = long.MaxValue;
        BytesInFlight = 0;
        RecoveryStartTime = null;
        InRecoveryPeriod = false;
        _bytesAckedInAvoidance = 0;
    }

    /// <summary>Persistent congestion was established (§7.6.2, §B.8): the window collapses to the minimum and recovery ends.</summary>
    public void OnPersistentCongestion()
    {
        CongestionWindow = MinimumWindow;
        RecoveryStartTime = null;
        InRecoveryPeriod = false;
        _bytesAckedInAvoidance = 0;
    }
}
