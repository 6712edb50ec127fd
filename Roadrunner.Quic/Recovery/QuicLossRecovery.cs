using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;

namespace Roadrunner.Quic.Recovery;

/// <summary>
/// Loss detection and congestion control for one connection, after RFC 9002 Appendices A and B: RTT estimation
/// (§5), packet- and time-threshold loss (§6.1), PTO (§6.2), persistent congestion (§7.6), NewReno (§7) and pacing
/// (§7.7). Sans-IO: times are microseconds passed in; lost and acknowledged packets are handed back in lists.
/// </summary>
/// <remarks>
/// The loss detection timer is not a stored value but computed from the state whenever
/// <see cref="LossDetectionDeadline"/> is read (§A.8 SetLossDetectionTimer), so changing
/// <see cref="HandshakeConfirmed"/>, <see cref="PeerValidatedAddress"/> or <see cref="AntiAmplificationLimited"/> takes
/// effect at once. Sent packets are kept per space in packet number order in a ring buffer, so an ACK costs a binary
/// search per range plus the packets it acknowledges, and steady state allocates nothing.
/// </remarks>
/// <example>
/// <code>
/// recovery.OnPacketSent(packet, now);                       // after writing each packet
/// var error = recovery.OnAckReceived(space, ranges, ackDelayMicros, now, acked, lost);
/// foreach (var p in acked) { if (p.LargestAcknowledged is { } la) ackTrackers[(int)p.Space].OnAckOfAckReceived(la); }
/// foreach (var p in lost) { /* re-queue p.Frames */ }
/// long at = recovery.NextSendTime(now, 1200);              // pacing: at &lt;= now means send now
/// if (recovery.LossDetectionDeadline is { } t &amp;&amp; now &gt;= t)
/// {
///     var action = recovery.OnLossDetectionTimeout(now, lost);
///     if (action.ProbeSpace is { } probeSpace) { /* send action.ProbeCount ack-eliciting packets in probeSpace */ }
/// }
/// </code>
/// </example>
public sealed class QuicLossRecovery
{
    /// <summary>kGranularity (§6.1.2, §A.2): the timer granularity, 1 ms in microseconds.</summary>
    public const long Granularity = 1_000;

    /// <summary>kPersistentCongestionThreshold (§7.6.1, §B.2).</summary>
    public const int PersistentCongestionThreshold = 3;

    /// <summary>The reason of the PROTOCOL_VIOLATION returned for an ACK of a packet number never sent (RFC 9000 §13.1).</summary>
    public const string AckOfUnsentPacket = "RFC 9000 §13.1: ACK frame acknowledges a packet number that was never sent";

    // 2^30 times any sane PTO still fits a long; backing off further changes nothing in practice.
    private const int MaxBackoffShift = 30;
    private const int SpaceCount = 3;

    private readonly QuicRecoveryOptions _options;
    private readonly QuicSentPacketQueue[] _sent = [new(), new(), new()];
    private readonly ulong?[] _largestAcked = new ulong?[SpaceCount];
    private readonly ulong?[] _largestSent = new ulong?[SpaceCount];
    private readonly long[] _timeOfLastAckEliciting = new long[SpaceCount];
    private readonly long?[] _lossTime = new long?[SpaceCount];
    private readonly int[] _ackElicitingInFlight = new int[SpaceCount];
    private readonly bool[] _discarded = new bool[SpaceCount];
    private readonly ulong[] _ecnCeCounters = new ulong[SpaceCount];
    private readonly long?[] _latestAckedTimeSent = new long?[SpaceCount];
    private long? _firstRttSampleTime;

    // The "now" of the last event that would have run SetLossDetectionTimer (§A.8): the anti-deadlock PTO counts from it.
    private long _timerBase;

    /// <summary>Creates the state of a new connection.</summary>
    public QuicLossRecovery(QuicRecoveryOptions? options = null)
    {
        _options = options ?? new QuicRecoveryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PacketThreshold, 1, nameof(options));
        Rtt = new QuicRttEstimator(_options.InitialRtt);
        Congestion = new QuicNewReno(_options.MaxDatagramSize, _options.InitialWindow);
        Pacer = new QuicPacer(_options.MaxDatagramSize);
    }

    /// <summary>The RTT estimator (RFC 9002 §5).</summary>
    public QuicRttEstimator Rtt { get; }

    /// <summary>The congestion controller (RFC 9002 §7).</summary>
    public QuicNewReno Congestion { get; }

    /// <summary>The pacer (RFC 9002 §7.7).</summary>
    public QuicPacer Pacer { get; }

    /// <summary>Bytes in flight across all spaces.</summary>
    public long BytesInFlight => Congestion.BytesInFlight;

    /// <summary>The congestion window, bytes.</summary>
    public long CongestionWindow => Congestion.CongestionWindow;

    /// <summary>How many more bytes the congestion window allows now (0 when full).</summary>
    public long SendAllowance => Congestion.SendAllowance;

    /// <summary>Set by the connection while it is application- or flow-control-limited: the window does not grow (§7.8).</summary>
    public bool IsApplicationLimited
    {
        get => Congestion.IsApplicationLimited;
        set => Congestion.IsApplicationLimited = value;
    }

    /// <summary>The PTO backoff exponent, pto_count (§6.2.1).</summary>
    public int PtoCount { get; private set; }

    /// <summary>The earliest time the pacer lets the next packet of <paramref name="size"/> bytes go, microseconds; at most <paramref name="now"/> when it may go at once.</summary>
    public long NextSendTime(long now, int size) => _options.Pacing ? Pacer.NextSendTime(now, size, CongestionWindow, Rtt.SmoothedRtt) : now;

    /// <summary>When <see cref="OnLossDetectionTimeout"/> must run, microseconds; null when no timer is armed (RFC 9002 §A.8).</summary>
    public long? LossDetectionDeadline
    {
        get
        {
            // §A.8: a time-threshold loss timer takes precedence over the PTO (§6.2.1: "MUST NOT be set if a timer is set
            // for time threshold loss detection").
            var (earliestLossTime, _) = EarliestLossTime();
            if (earliestLossTime is { } lossTime) return lossTime;

            // §A.8: "if (server is at anti-amplification limit): loss_detection_timer.cancel()"; the client's next
            // datagram re-arms it.
            if (AntiAmplificationLimited) return null;

            // §A.8: nothing to detect; but a client whose address the server has not validated keeps a timer
            // (§6.2.2.1 anti-deadlock).
            if (AckElicitingInFlight == 0 && PeerCompletedAddressValidation) return null;

            return PtoTimeAndSpace().Time;
        }
    }

    /// <summary>The peer's max_ack_delay, microseconds, once its transport parameters are known. Default 25 ms.</summary>
    public long PeerMaxAckDelay { get; set; } = 25_000;

    /// <summary>Set by the connection once the handshake is confirmed (RFC 9001 §4.1.2): PTO then includes the application space and max_ack_delay.</summary>
    public bool HandshakeConfirmed { get; set; }

    /// <summary>
    /// Client only: whether the server has validated our address (RFC 9002 §6.2.2.1 anti-deadlock), i.e. a Handshake
    /// packet of ours was acknowledged (§A.6 PeerCompletedAddressValidation). Servers leave it true.
    /// </summary>
    public bool PeerValidatedAddress { get; set; } = true;

    /// <summary>Server only: set while the anti-amplification limit (RFC 9000 §8.1) blocks sending; no PTO is armed meanwhile (§A.8).</summary>
    public bool AntiAmplificationLimited { get; set; }

    private bool PeerCompletedAddressValidation => PeerValidatedAddress || HandshakeConfirmed;

    private int AckElicitingInFlight => _ackElicitingInFlight[0] + _ackElicitingInFlight[1] + _ackElicitingInFlight[2];

    // §A.8 "has handshake keys": a client discards Initial keys when it first sends a Handshake packet (RFC 9001 §4.9.1),
    // so either event says the Handshake space is in use.
    private bool HasHandshakeKeys => _discarded[(int)QuicPacketNumberSpace.Initial] || _largestSent[(int)QuicPacketNumberSpace.Handshake] is not null;

    /// <summary>
    /// Records a sent packet (RFC 9002 §A.5). The packet is handed back later through one of the lists. Its
    /// <see cref="QuicSentPacket.TimeSent"/> is set to <paramref name="now"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The packet number is not above the last one sent in its space (RFC 9000 §12.3).</exception>
    /// <exception cref="InvalidOperationException">The packet's space was discarded.</exception>
    public void OnPacketSent(QuicSentPacket packet, long now)
    {
        ArgumentNullException.ThrowIfNull(packet);
        int space = (int)packet.Space;
        if (_discarded[space]) throw new InvalidOperationException("The packet number space was discarded.");
        if (_largestSent[space] is { } previous && packet.PacketNumber <= previous)
        {
            throw new ArgumentException("Packet numbers must increase within a packet number space (RFC 9000 §12.3).", nameof(packet));
        }

        packet.TimeSent = now;
        _largestSent[space] = packet.PacketNumber;
        _sent[space].Add(packet);
        if (packet.AckEliciting)
        {
            _timeOfLastAckEliciting[space] = now;
            _ackElicitingInFlight[space]++;
        }

        if (packet.InFlight)
        {
            Congestion.OnPacketSent(packet.Size);
            if (_options.Pacing) Pacer.OnPacketSent(now, packet.Size, CongestionWindow, Rtt.SmoothedRtt);
            _timerBase = now;
        }
    }

    /// <summary>
    /// Processes an ACK frame received in <paramref name="space"/> (RFC 9002 §A.7): newly acknowledged packets are added
    /// to <paramref name="acknowledged"/>, packets now deemed lost to <paramref name="lost"/>. An ACK of a packet number
    /// never sent is PROTOCOL_VIOLATION (RFC 9000 §13.1).
    /// </summary>
    /// <param name="space">The space of the packet that carried the ACK.</param>
    /// <param name="ranges">The acknowledged ranges, largest first.</param>
    /// <param name="ackDelay">The ACK Delay field already decoded with the peer's ack_delay_exponent, microseconds; ignored in Initial and Handshake (§5.3).</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <param name="acknowledged">Receives newly acknowledged packets, in ascending packet number order.</param>
    /// <param name="lost">Receives packets declared lost, in ascending packet number order.</param>
    public QuicError OnAckReceived(QuicPacketNumberSpace space, ReadOnlySpan<QuicAckRange> ranges, long ackDelay, long now, List<QuicSentPacket> acknowledged, List<QuicSentPacket> lost) =>
        OnAckReceived(space, ranges, ackDelay, null, now, acknowledged, lost);

    /// <summary>
    /// Processes an ACK frame as <see cref="OnAckReceived(QuicPacketNumberSpace, ReadOnlySpan{QuicAckRange}, long, long, List{QuicSentPacket}, List{QuicSentPacket})"/>,
    /// with the ECN Counts of an ACK_ECN frame: an increase of the ECN-CE count is a congestion event (§7.1, §B.7).
    /// </summary>
    /// <param name="space">The space of the packet that carried the ACK.</param>
    /// <param name="ranges">The acknowledged ranges, largest first.</param>
    /// <param name="ackDelay">The ACK Delay field already decoded with the peer's ack_delay_exponent, microseconds; ignored in Initial and Handshake (§5.3).</param>
    /// <param name="ecnCounts">The frame's ECN Counts; null for a plain ACK.</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <param name="acknowledged">Receives newly acknowledged packets, in ascending packet number order.</param>
    /// <param name="lost">Receives packets declared lost, in ascending packet number order.</param>
    public QuicError OnAckReceived(QuicPacketNumberSpace space, ReadOnlySpan<QuicAckRange> ranges, long ackDelay, QuicEcnCounts? ecnCounts, long now, List<QuicSentPacket> acknowledged, List<QuicSentPacket> lost)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(lost);
        if (ranges.IsEmpty) return default;
        int s = (int)space;
        ulong largest = ranges[0].Largest;

        // RFC 9000 §13.1: "An endpoint SHOULD treat receipt of an acknowledgment for a packet it did not send as a
        // connection error of type PROTOCOL_VIOLATION".
        if (_largestSent[s] is not { } largestSent || largest > largestSent)
        {
            return QuicError.ProtocolViolation((ulong)(ecnCounts is null ? QuicFrameType.ACK : QuicFrameType.ACK_ECN), AckOfUnsentPacket);
        }

        if (_discarded[s]) return default;
        _timerBase = now;

        // §A.7: largest_acked_packet[pn_space] = max(largest_acked_packet[pn_space], ack.largest_acked).
        _largestAcked[s] = _largestAcked[s] is { } previous ? Math.Max(previous, largest) : largest;

        // §A.7 DetectAndRemoveAckedPackets: a binary search per range, then the packets inside it, smallest range first
        // so the list comes out in ascending order.
        var queue = _sent[s];
        int firstNew = acknowledged.Count;
        bool includesAckEliciting = false;
        for (int r = ranges.Length - 1; r >= 0; r--)
        {
            var range = ranges[r];
            if (range.Smallest > range.Largest) continue;
            for (int i = queue.LowerBound(range.Smallest); i < queue.Count && queue[i].Number <= range.Largest; i++)
            {
                if (queue[i].Packet is null) continue;
                var packet = queue.Remove(i, acknowledged: true);
                acknowledged.Add(packet);
                _latestAckedTimeSent[s] = _latestAckedTimeSent[s] is { } latest ? Math.Max(latest, packet.TimeSent) : packet.TimeSent;
                if (packet.AckEliciting)
                {
                    includesAckEliciting = true;
                    _ackElicitingInFlight[s]--;
                }
            }
        }

        // §A.7: "Nothing to do if there are no newly acked packets."
        if (acknowledged.Count == firstNew)
        {
            queue.Trim();
            return default;
        }

        // §5.1: an RTT sample is taken only "if the largest acknowledged packet number is newly acknowledged and at least
        // one of the newly acknowledged packets was ack-eliciting".
        var largestNewlyAcked = acknowledged[^1];
        if (largestNewlyAcked.PacketNumber == largest && includesAckEliciting)
        {
            // §5.3: "MAY ignore the acknowledgment delay for Initial packets, since these acknowledgments are not delayed
            // by the peer"; nor are Handshake ones (RFC 9000 §13.2.1), whose ACK Delay a sender "SHOULD send a value of
            // 0" for (RFC 9000 §19.3).
            long delay = space == QuicPacketNumberSpace.ApplicationData ? ackDelay : 0;
            Rtt.Update(now - largestNewlyAcked.TimeSent, delay, PeerMaxAckDelay, HandshakeConfirmed);
            _firstRttSampleTime ??= now;
        }

        // §B.7 ProcessECN: "If the ECN-CE counter reported by the peer has increased, this could be a new congestion event".
        if (ecnCounts is { } ecn && ecn.EcnCe > _ecnCeCounters[s])
        {
            _ecnCeCounters[s] = ecn.EcnCe;
            long? sentTime = largestNewlyAcked.PacketNumber == largest ? largestNewlyAcked.TimeSent : TimeSentOf(queue, largest);
            if (sentTime is { } t) Congestion.OnCongestionEvent(t, now);
        }

        // §A.7: losses first, so that a recovery period they start covers the acknowledgments of older packets.
        DetectAndRemoveLostPackets(s, now, lost);

        // §B.5 OnPacketsAcked.
        for (int i = firstNew; i < acknowledged.Count; i++)
        {
            var packet = acknowledged[i];
            if (packet.InFlight) Congestion.OnPacketAcked(packet.Size, packet.TimeSent);
        }

        // §6.2.1: "The PTO backoff factor is reset when an acknowledgment is received, except ... a client that is not
        // yet certain that the server has finished validating the client's address".
        if (PeerCompletedAddressValidation) PtoCount = 0;
        return default;
    }

    /// <summary>
    /// Runs the loss detection timer (RFC 9002 §A.9): declares time-threshold losses or asks for probes. Does nothing
    /// (and returns no probe) before <see cref="LossDetectionDeadline"/>.
    /// </summary>
    /// <remarks>
    /// A PTO asks for two probes (§6.2.4: "An endpoint MAY send up to two full-sized datagrams containing ack-eliciting
    /// packets"), so that one lost probe does not cost another backed-off timeout. The client's anti-deadlock PTO
    /// (§6.2.2.1), sent when it has nothing in flight, asks for one: its only purpose is to let the server send again,
    /// and a single padded Initial or a Handshake packet does that (§A.9).
    /// </remarks>
    public QuicLossDetectionAction OnLossDetectionTimeout(long now, List<QuicSentPacket> lost)
    {
        ArgumentNullException.ThrowIfNull(lost);
        if (LossDetectionDeadline is not { } deadline || now < deadline) return default;
        _timerBase = now;

        var (earliestLossTime, lossSpace) = EarliestLossTime();
        if (earliestLossTime is not null)
        {
            // §A.9: "Time threshold loss Detection".
            DetectAndRemoveLostPackets(lossSpace, now, lost);
            return default;
        }

        QuicLossDetectionAction action;
        if (AckElicitingInFlight == 0)
        {
            // §A.9: "Client sends an anti-deadlock packet: Initial is padded to earn more anti-amplification credit, a
            // Handshake packet proves address ownership."
            action = new QuicLossDetectionAction(HasHandshakeKeys ? QuicPacketNumberSpace.Handshake : QuicPacketNumberSpace.Initial, 1);
        }
        else
        {
            action = new QuicLossDetectionAction(PtoTimeAndSpace().Space, 2);
        }

        PtoCount++;
        return action;
    }

    /// <summary>
    /// Drops a space whose keys are discarded (RFC 9002 §A.10): its packets leave bytes in flight without being counted
    /// as lost, and are handed to <paramref name="discarded"/>.
    /// </summary>
    public void DiscardSpace(QuicPacketNumberSpace space, long now, List<QuicSentPacket> discarded)
    {
        ArgumentNullException.ThrowIfNull(discarded);
        int s = (int)space;
        var queue = _sent[s];
        for (int i = 0; i < queue.Count; i++)
        {
            if (queue[i].Packet is not { } packet) continue;
            if (packet.InFlight) Congestion.OnPacketDiscarded(packet.Size);
            discarded.Add(packet);
        }

        // §A.10: "sent_packets[pn_space].clear(); time_of_last_ack_eliciting_packet[pn_space] = 0; loss_time[pn_space] =
        // 0; pto_count = 0; SetLossDetectionTimer()".
        queue.Clear();
        _timeOfLastAckEliciting[s] = 0;
        _lossTime[s] = null;
        _ackElicitingInFlight[s] = 0;
        _discarded[s] = true;
        PtoCount = 0;
        _timerBase = now;
    }

    /// <summary>
    /// Client only: a Retry was received (RFC 9002 §6.3: "Clients that receive a Retry packet reset congestion control and
    /// loss recovery state, including resetting any pending timers"). Every packet still tracked (Initial, and 0-RTT in
    /// the application space) is handed to <paramref name="resend"/> for its frames to be sent again in new packets;
    /// packet numbers keep growing (RFC 9000 §17.2.5.3), and RTT samples are kept.
    /// </summary>
    public void OnRetryReceived(long now, List<QuicSentPacket> resend)
    {
        ArgumentNullException.ThrowIfNull(resend);
        for (int s = 0; s < SpaceCount; s++)
        {
            var queue = _sent[s];
            for (int i = 0; i < queue.Count; i++)
            {
                if (queue[i].Packet is { } packet) resend.Add(packet);
            }

            queue.Clear();
            _timeOfLastAckEliciting[s] = 0;
            _lossTime[s] = null;
            _ackElicitingInFlight[s] = 0;
        }

        Congestion.Reset();
        PtoCount = 0;
        _timerBase = now;
    }

    /// <summary>
    /// Whether a loss or an ECN-CE report has put the connection in a recovery period that has not yet ended
    /// (§7.3.2: it ends when a packet sent after it started is acknowledged).
    /// </summary>
    /// <param name="now">The current time, microseconds; a period that started later than it is not yet running.</param>
    public bool InRecovery(long now) => Congestion.InRecoveryPeriod && Congestion.RecoveryStartTime <= now;

    private static long? TimeSentOf(QuicSentPacketQueue queue, ulong packetNumber)
    {
        int index = queue.LowerBound(packetNumber);
        return index < queue.Count && queue[index].Number == packetNumber ? queue[index].TimeSent : null;
    }

    // §7.6.2: "across all packet number spaces, none of the packets sent between the send times of these two packets are
    // acknowledged". Within the space, acknowledged tombstones between the two are seen directly; for the other spaces
    // only the latest send time of an acknowledged packet is kept, so any acknowledgment of a packet sent after the
    // period's start is taken as breaking it (erring toward no collapse of the window).
    private bool AckedInOtherSpaceSince(int space, long start)
    {
        for (int s = 0; s < SpaceCount; s++)
        {
            if (s != space && _latestAckedTimeSent[s] is { } t && t > start) return true;
        }

        return false;
    }

    private (long? Time, int Space) EarliestLossTime()
    {
        // §A.8 GetLossTimeAndSpace.
        long? time = _lossTime[0];
        int space = 0;
        for (int s = 1; s < SpaceCount; s++)
        {
            if (_lossTime[s] is { } t && (time is null || t < time))
            {
                time = t;
                space = s;
            }
        }

        return (time, space);
    }

    private (long? Time, QuicPacketNumberSpace Space) PtoTimeAndSpace()
    {
        // §A.8 GetPtoTimeAndSpace: duration = (smoothed_rtt + max(4 * rttvar, kGranularity)) * (2 ^ pto_count).
        int shift = Math.Min(PtoCount, MaxBackoffShift);
        long duration = (Rtt.SmoothedRtt + Math.Max(4 * Rtt.RttVariation, Granularity)) << shift;

        // §A.8: "Anti-deadlock PTO starts from the current time".
        if (AckElicitingInFlight == 0)
        {
            return (_timerBase + duration, HasHandshakeKeys ? QuicPacketNumberSpace.Handshake : QuicPacketNumberSpace.Initial);
        }

        long? timeout = null;
        var timeoutSpace = QuicPacketNumberSpace.Initial;
        for (int s = 0; s < SpaceCount; s++)
        {
            if (_ackElicitingInFlight[s] == 0) continue;
            long spaceDuration = duration;
            if (s == (int)QuicPacketNumberSpace.ApplicationData)
            {
                // §6.2.1: "An endpoint MUST NOT set its PTO timer for the Application Data packet number space until the
                // handshake is confirmed"; once it is, the PTO includes max_ack_delay.
                if (!HandshakeConfirmed) return (timeout, timeoutSpace);
                spaceDuration += PeerMaxAckDelay << shift;
            }

            long t = _timeOfLastAckEliciting[s] + spaceDuration;
            if (timeout is null || t < timeout)
            {
                timeout = t;
                timeoutSpace = (QuicPacketNumberSpace)s;
            }
        }

        return (timeout, timeoutSpace);
    }

    private void DetectAndRemoveLostPackets(int space, long now, List<QuicSentPacket> lost)
    {
        // §A.10 DetectAndRemoveLostPackets.
        _lossTime[space] = null;
        if (_largestAcked[space] is not { } largestAcked) return;
        var queue = _sent[space];

        // §6.1.2: loss_delay = max(kTimeThreshold * max(smoothed_rtt, latest_rtt), kGranularity), kTimeThreshold = 9/8.
        long lossDelay = Math.Max(9 * Math.Max(Rtt.LatestRtt, Rtt.SmoothedRtt) / 8, Granularity);
        long lostSendTime = now - lossDelay;

        // §7.6.1: (smoothed_rtt + max(4 * rttvar, kGranularity) + max_ack_delay) * kPersistentCongestionThreshold.
        long persistentDuration = (Rtt.SmoothedRtt + Math.Max(4 * Rtt.RttVariation, Granularity) + PeerMaxAckDelay) * PersistentCongestionThreshold;
        long? periodStart = null;
        bool persistent = false;
        long? lastLossTimeSent = null;

        int end = queue.LowerBound(largestAcked + 1);
        for (int i = 0; i < end; i++)
        {
            ref var entry = ref queue[i];
            if (entry.Packet is not { } packet)
            {
                // §7.6.2: persistent congestion needs "none of the packets sent between the send times of these two
                // packets" acknowledged.
                if (entry.Acknowledged) periodStart = null;
                continue;
            }

            // §6.1.1 packet threshold, §6.1.2 time threshold.
            if (entry.TimeSent <= lostSendTime || largestAcked >= entry.Number + (ulong)_options.PacketThreshold)
            {
                queue.Remove(i, acknowledged: false);
                lost.Add(packet);
                if (packet.AckEliciting) _ackElicitingInFlight[space]--;
                if (packet.InFlight)
                {
                    Congestion.OnPacketLost(packet.Size);
                    lastLossTimeSent = lastLossTimeSent is { } last ? Math.Max(last, packet.TimeSent) : packet.TimeSent;
                }

                // §7.6.2: two ack-eliciting packets, sent after the first RTT sample, spanning more than the duration.
                if (packet.AckEliciting && _firstRttSampleTime is { } firstSample && packet.TimeSent > firstSample)
                {
                    if (periodStart is not { } start) periodStart = packet.TimeSent;
                    else if (packet.TimeSent - start > persistentDuration && !AckedInOtherSpaceSince(space, start)) persistent = true;
                }
            }
            else
            {
                long lossTime = entry.TimeSent + lossDelay;
                _lossTime[space] = _lossTime[space] is { } current ? Math.Min(current, lossTime) : lossTime;
            }
        }

        queue.Trim();

        // §B.8 OnPacketsLost: one congestion event for the newest loss, then persistent congestion.
        if (lastLossTimeSent is { } newest) Congestion.OnCongestionEvent(newest, now);
        if (persistent) Congestion.OnPersistentCongestion();
    }
}
