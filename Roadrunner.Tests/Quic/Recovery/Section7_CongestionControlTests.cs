using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>RFC 9002 §7 and Appendix B: NewReno slow start, congestion avoidance, recovery, persistent congestion, application limits and ECN.</summary>
[TestClass]
public sealed class Section7_CongestionControlTests
{
    private const QuicPacketNumberSpace App = QuicPacketNumberSpace.ApplicationData;
    private const int Size = RecoveryHarness.Size;

    /// <summary>§7.2: the initial window is min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)); the minimum 2 * max_datagram_size.</summary>
    [TestMethod]
    public void S7_2_InitialAndMinimumWindow()
    {
        var reno = new QuicNewReno(1200);
        reno.CongestionWindow.ShouldBe(12_000);
        reno.MinimumWindow.ShouldBe(2_400);
        new QuicNewReno(1500).CongestionWindow.ShouldBe(14_720);
        new QuicLossRecovery().SendAllowance.ShouldBe(12_000);
    }

    /// <summary>§7.3.1: in slow start the window grows by the bytes acknowledged.</summary>
    [TestMethod]
    public void S7_3_1_SlowStart_GrowsByBytesAcknowledged()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 9, 0, 0);
        h.Recovery.SendAllowance.ShouldBe(0);
        h.Ack(App, 100_000, 0, (0, 9));
        h.Recovery.CongestionWindow.ShouldBe(24_000);
        h.Recovery.BytesInFlight.ShouldBe(0);
        h.Recovery.Congestion.InSlowStart.ShouldBeTrue();
    }

    /// <summary>§7.3.2: a loss halves the window (kLossReductionFactor) and starts a recovery period; acknowledgments of packets sent before it do not grow the window.</summary>
    [TestMethod]
    public void S7_3_2_Loss_HalvesWindowAndStartsRecovery()
    {
        var h = LossAt100Ms();
        h.Recovery.CongestionWindow.ShouldBe(6_000);
        h.Recovery.Congestion.SlowStartThreshold.ShouldBe(6_000);
        h.Recovery.InRecovery(100_000).ShouldBeTrue();
        h.Recovery.Congestion.RecoveryStartTime.ShouldBe(100_000);
    }

    /// <summary>§7.3.2: "does not reduce its congestion window again until a packet sent after the start of the recovery period is acknowledged"; that acknowledgment ends the period.</summary>
    [TestMethod]
    public void S7_3_2_RecoveryPeriod_NoSecondReductionForEarlierLosses()
    {
        var h = LossAt100Ms();
        h.Ack(App, 110_000, 0, (5, 5), (3, 3));
        h.LostNumbers().ShouldBe([1UL, 2UL]);
        h.Recovery.CongestionWindow.ShouldBe(6_000); // packets sent before the recovery started
        h.Recovery.InRecovery(110_000).ShouldBeTrue();

        h.Send(App, 6, 120_000);
        h.Ack(App, 220_000, 0, (5, 6), (3, 3));
        h.LostNumbers().ShouldBe([4UL]); // time threshold, still part of the same event
        h.Recovery.CongestionWindow.ShouldBe(6_000);
        h.Recovery.InRecovery(220_000).ShouldBeFalse();

        // A loss of a packet sent after the recovery started is a new congestion event.
        h.SendRange(App, 7, 10, 230_000, 0);
        h.Ack(App, 330_000, 0, (10, 10), (5, 6), (3, 3));
        h.LostNumbers().ShouldBe([7UL]);
        h.Recovery.CongestionWindow.ShouldBe(3_000);
        h.Recovery.InRecovery(330_000).ShouldBeTrue();
    }

    /// <summary>§7.3.3: in congestion avoidance the window grows by one max_datagram_size per window of bytes acknowledged.</summary>
    [TestMethod]
    public void S7_3_3_CongestionAvoidance_OneDatagramPerWindow()
    {
        var h = LossAt100Ms();
        h.Ack(App, 110_000, 0, (1, 5)); // the rest of the old flight, inside the recovery period
        h.Recovery.CongestionWindow.ShouldBe(6_000);
        h.Recovery.Congestion.InSlowStart.ShouldBeFalse();

        h.SendRange(App, 6, 10, 120_000, 0); // 6000 bytes, one window
        h.Ack(App, 220_000, 0, (1, 9));
        h.Recovery.CongestionWindow.ShouldBe(6_000); // 4800 of 6000 bytes acknowledged
        h.Ack(App, 221_000, 0, (1, 10));
        h.Recovery.CongestionWindow.ShouldBe(7_200);
        h.Recovery.InRecovery(221_000).ShouldBeFalse();
    }

    /// <summary>§7.8: "the congestion window SHOULD NOT be increased" while the sender is application-limited.</summary>
    [TestMethod]
    public void S7_8_ApplicationLimited_NoGrowth()
    {
        var h = new RecoveryHarness();
        h.Recovery.IsApplicationLimited = true;
        h.SendRange(App, 0, 1, 0, 0);
        h.Ack(App, 100_000, 0, (0, 1));
        h.Recovery.CongestionWindow.ShouldBe(12_000);
        h.Recovery.BytesInFlight.ShouldBe(0);
        h.Recovery.IsApplicationLimited = false;
        h.Send(App, 2, 100_000);
        h.Ack(App, 200_000, 0, (0, 2));
        h.Recovery.CongestionWindow.ShouldBe(12_000 + Size);
    }

    /// <summary>§7.6.2: two ack-eliciting packets lost, sent after the first RTT sample and more than the persistent congestion duration apart, with nothing acknowledged between, collapse the window to kMinimumWindow.</summary>
    [TestMethod]
    public void S7_6_2_PersistentCongestion_CollapsesWindow()
    {
        var h = WithRttSample();

        // Duration = (100 ms + 4 * 50 ms + 25 ms) * 3 = 975 ms; packets 1 and 3 are 1000 ms apart.
        h.Send(App, 1, 200_000);
        h.Send(App, 2, 700_000);
        h.Send(App, 3, 1_200_000);
        h.Send(App, 4, 1_300_000, ackEliciting: false, inFlight: false); // acknowledging it takes no RTT sample
        h.Ack(App, 1_400_000, 0, (4, 4), (0, 0));
        h.LostNumbers().ShouldBe([1UL, 2UL, 3UL]);
        h.Recovery.CongestionWindow.ShouldBe(2 * Size);
        h.Recovery.InRecovery(1_400_000).ShouldBeFalse();
    }

    /// <summary>§7.6.2: a shorter span is an ordinary congestion event.</summary>
    [TestMethod]
    public void S7_6_2_ShortSpan_IsNotPersistentCongestion()
    {
        var h = WithRttSample();
        h.Send(App, 1, 300_000);
        h.Send(App, 2, 700_000);
        h.Send(App, 3, 1_200_000); // 900 ms after packet 1
        h.Send(App, 4, 1_300_000, ackEliciting: false, inFlight: false);
        h.Ack(App, 1_400_000, 0, (4, 4), (0, 0));
        h.LostNumbers().ShouldBe([1UL, 2UL, 3UL]);
        h.Recovery.CongestionWindow.ShouldBe(6_600); // 13200 from the first ACK, halved
    }

    /// <summary>§7.6.2: an acknowledged packet between the two lost ones breaks the period.</summary>
    [TestMethod]
    public void S7_6_2_AcknowledgedPacketBetween_IsNotPersistentCongestion()
    {
        var h = WithRttSample();
        h.Send(App, 1, 200_000);
        h.Send(App, 2, 700_000);
        h.Send(App, 3, 1_200_000);
        h.Send(App, 4, 1_300_000, ackEliciting: false, inFlight: false);
        h.Ack(App, 1_400_000, 0, (4, 4), (2, 2), (0, 0));
        h.LostNumbers().ShouldBe([1UL, 3UL]);
        h.Recovery.CongestionWindow.ShouldBeGreaterThan(2 * Size);
    }

    /// <summary>§7.6.2: "across all packet number spaces, none of the packets sent between the send times of these two packets are acknowledged": an acknowledged Handshake packet sent in between breaks the period.</summary>
    [TestMethod]
    public void S7_6_2_AcknowledgedInOtherSpace_IsNotPersistentCongestion()
    {
        var h = WithRttSample();
        h.Send(App, 1, 200_000);
        h.Send(QuicPacketNumberSpace.Handshake, 0, 500_000);
        h.Ack(QuicPacketNumberSpace.Handshake, 600_000, 0, (0, 0));
        h.Send(App, 2, 700_000);
        h.Send(App, 3, 1_200_000);
        h.Send(App, 4, 1_300_000, ackEliciting: false, inFlight: false);
        h.Ack(App, 1_400_000, 0, (4, 4), (0, 0));
        h.LostNumbers().ShouldBe([1UL, 2UL, 3UL]);
        h.Recovery.CongestionWindow.ShouldBe((13_200 + Size) / 2);
    }

    /// <summary>§7.6.2: "The persistent congestion period SHOULD NOT start until there is at least one RTT sample".</summary>
    [TestMethod]
    public void S7_6_2_NoRttSample_NoPersistentCongestion()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0);
        h.Send(App, 1, 4_000_000); // more than (333 ms + 4 * 166.5 ms + 25 ms) * 3 after packet 0
        for (ulong pn = 2; pn <= 4; pn++) h.Send(App, pn, 4_100_000, ackEliciting: false, inFlight: false);
        h.Ack(App, 4_200_000, 0, (4, 4));
        h.LostNumbers().ShouldBe([0UL, 1UL]);
        h.Recovery.CongestionWindow.ShouldBe(6_000);
    }

    /// <summary>§7.1 and §B.7: an increased ECN-CE count is a congestion event; the same count again is not.</summary>
    [TestMethod]
    public void S7_1_EcnCe_IsCongestionEvent()
    {
        var recovery = new QuicLossRecovery();
        var acked = new List<QuicSentPacket>();
        var lost = new List<QuicSentPacket>();
        for (ulong pn = 0; pn < 4; pn++) recovery.OnPacketSent(new QuicSentPacket { PacketNumber = pn, Space = App, Size = Size, AckEliciting = true, InFlight = true }, 0);
        recovery.OnAckReceived(App, [new(0, 1)], 0, new Roadrunner.Quic.Frames.QuicEcnCounts(2, 0, 1), 100_000, acked, lost).IsNone.ShouldBeTrue();
        recovery.CongestionWindow.ShouldBe(6_000);
        recovery.InRecovery(100_000).ShouldBeTrue();
        recovery.OnAckReceived(App, [new(0, 3)], 0, new Roadrunner.Quic.Frames.QuicEcnCounts(4, 0, 1), 110_000, acked, lost);
        recovery.CongestionWindow.ShouldBe(6_000);
    }

    /// <summary>§B.8: only in-flight packets count toward a congestion event; a lost ACK-only packet is handed back but changes nothing.</summary>
    [TestMethod]
    public void B8_LostAckOnlyPacket_IsNoCongestionEvent()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0, ackEliciting: false, inFlight: false);
        h.SendRange(App, 1, 3, 0, 0);
        h.Ack(App, 100_000, 0, (1, 3));
        h.LostNumbers().ShouldBe([0UL]);
        h.Recovery.InRecovery(100_000).ShouldBeFalse();
        h.Recovery.CongestionWindow.ShouldBe(12_000 + (3 * Size));
    }

    /// <summary>§7.2: the window never drops below kMinimumWindow.</summary>
    [TestMethod]
    public void S7_2_Window_NeverBelowMinimum()
    {
        var reno = new QuicNewReno(1200);
        for (int i = 0; i < 10; i++) reno.OnCongestionEvent((10 * i) + 5, (10 * i) + 6);
        reno.CongestionWindow.ShouldBe(2_400);
    }

    /// <summary>Packets 0..5 sent at 0..5 ms; packet 3 acknowledged at 100 ms, so packet 0 is lost by the packet threshold.</summary>
    private static RecoveryHarness LossAt100Ms()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 5, 0, 1_000);
        h.Ack(App, 100_000, 0, (3, 3));
        h.LostNumbers().ShouldBe([0UL]);
        return h;
    }

    /// <summary>Handshake confirmed; packet 0 sent at 0 and acknowledged at 100 ms: smoothed_rtt 100 ms, rttvar 50 ms, window 13200.</summary>
    private static RecoveryHarness WithRttSample()
    {
        var h = new RecoveryHarness();
        h.Recovery.HandshakeConfirmed = true;
        h.Send(App, 0, 0);
        h.Ack(App, 100_000, 0, (0, 0));
        h.Recovery.Rtt.SmoothedRtt.ShouldBe(100_000);
        h.Recovery.CongestionWindow.ShouldBe(13_200);
        return h;
    }
}
