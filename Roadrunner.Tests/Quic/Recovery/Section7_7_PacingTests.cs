using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>RFC 9002 §7.7 (Pacing): an initial burst, then packets spaced at N * congestion_window / smoothed_rtt.</summary>
[TestClass]
public sealed class Section7_7_PacingTests
{
    /// <summary>§7.7: a burst of ten datagrams leaves at once, then each packet waits size / rate, rate = 1.25 * cwnd / smoothed_rtt.</summary>
    [TestMethod]
    public void S7_7_Pacer_BurstThenSpacing()
    {
        var pacer = new QuicPacer(1200);
        const long cwnd = 12_000, srtt = 100_000; // 0.15 bytes per microsecond: 1200 bytes every 8 ms
        long now = 1_000;
        for (int i = 0; i < 10; i++)
        {
            pacer.NextSendTime(now, 1200, cwnd, srtt).ShouldBe(now);
            pacer.OnPacketSent(now, 1200, cwnd, srtt);
        }

        long next = pacer.NextSendTime(now, 1200, cwnd, srtt);
        (next - now).ShouldBeInRange(8_000, 8_001);
        for (int i = 0; i < 5; i++)
        {
            now = next;
            pacer.NextSendTime(now, 1200, cwnd, srtt).ShouldBe(now);
            pacer.OnPacketSent(now, 1200, cwnd, srtt);
            next = pacer.NextSendTime(now, 1200, cwnd, srtt);
            (next - now).ShouldBeInRange(7_999, 8_001);
        }

        QuicPacer.RateBytesPerSecond(cwnd, srtt).ShouldBe(150_000.0);
    }

    /// <summary>§7.7: idle time refills the bucket only up to the burst, so a long pause does not allow an unbounded burst.</summary>
    [TestMethod]
    public void S7_7_Pacer_IdleRefillIsCapped()
    {
        var pacer = new QuicPacer(1200, burstPackets: 2);
        pacer.OnPacketSent(0, 1200, 12_000, 100_000);
        pacer.OnPacketSent(0, 1200, 12_000, 100_000);
        pacer.NextSendTime(0, 1200, 12_000, 100_000).ShouldBeInRange(8_000, 8_001);
        long later = 10_000_000;
        pacer.NextSendTime(later, 1200, 12_000, 100_000).ShouldBe(later);
        pacer.OnPacketSent(later, 1200, 12_000, 100_000);
        pacer.OnPacketSent(later, 1200, 12_000, 100_000);
        (pacer.NextSendTime(later, 1200, 12_000, 100_000) - later).ShouldBeInRange(8_000, 8_001);
    }

    /// <summary>§7.7 through <see cref="QuicLossRecovery.NextSendTime"/>: the rate follows the window and the RTT; with pacing off packets go at once.</summary>
    [TestMethod]
    public void S7_7_LossRecovery_PacesSends()
    {
        var h = new RecoveryHarness();
        h.Recovery.IsApplicationLimited = true; // keep the window at 12000
        h.Send(QuicPacketNumberSpace.ApplicationData, 0, 0);
        h.Ack(QuicPacketNumberSpace.ApplicationData, 100_000, 0, (0, 0));
        long now = 100_000;
        for (ulong pn = 1; pn <= 10; pn++)
        {
            h.Recovery.NextSendTime(now, 1200).ShouldBe(now);
            h.Send(QuicPacketNumberSpace.ApplicationData, pn, now);
        }

        (h.Recovery.NextSendTime(now, 1200) - now).ShouldBeInRange(7_999, 8_001);

        var unpaced = new RecoveryHarness(new QuicRecoveryOptions { Pacing = false });
        for (ulong pn = 0; pn < 20; pn++) unpaced.Send(QuicPacketNumberSpace.ApplicationData, pn, 0);
        unpaced.Recovery.NextSendTime(0, 1200).ShouldBe(0);
    }
}
