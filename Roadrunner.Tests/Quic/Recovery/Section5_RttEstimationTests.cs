using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>RFC 9002 §5 (Estimating the Round-Trip Time): first sample, smoothing, ack delay, min_rtt and when samples are taken.</summary>
[TestClass]
public sealed class Section5_RttEstimationTests
{
    private const QuicPacketNumberSpace App = QuicPacketNumberSpace.ApplicationData;

    /// <summary>§5.3: before any sample, smoothed_rtt = kInitialRtt and rttvar = kInitialRtt / 2.</summary>
    [TestMethod]
    public void S5_3_BeforeAnySample_UsesInitialRtt()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.HasSample.ShouldBeFalse();
        rtt.SmoothedRtt.ShouldBe(333_000);
        rtt.RttVariation.ShouldBe(166_500);
    }

    /// <summary>§5.3: "smoothed_rtt = latest_rtt; rttvar = latest_rtt / 2" on the first sample, whatever the ack delay.</summary>
    [TestMethod]
    public void S5_3_FirstSample_SetsSmoothedAndHalfVariation()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, ackDelay: 20_000, maxAckDelay: 25_000, handshakeConfirmed: true);
        rtt.HasSample.ShouldBeTrue();
        rtt.LatestRtt.ShouldBe(100_000);
        rtt.MinRtt.ShouldBe(100_000);
        rtt.SmoothedRtt.ShouldBe(100_000);
        rtt.RttVariation.ShouldBe(50_000);
    }

    /// <summary>§5.3: later samples are smoothed with 7/8 and 3/4 weights after the ack delay is subtracted.</summary>
    [TestMethod]
    public void S5_3_SecondSample_SubtractsAckDelayAndSmooths()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, 0, 25_000, true);
        rtt.Update(150_000, ackDelay: 20_000, maxAckDelay: 25_000, handshakeConfirmed: true);

        // adjusted = 130 ms; rttvar = (3 * 50 + |100 - 130|) / 4 = 45 ms; smoothed = (7 * 100 + 130) / 8 = 103.75 ms.
        rtt.RttVariation.ShouldBe(45_000);
        rtt.SmoothedRtt.ShouldBe(103_750);
        rtt.LatestRtt.ShouldBe(150_000);
        rtt.MinRtt.ShouldBe(100_000);
    }

    /// <summary>§5.3: without ack delay the sample is used as it is.</summary>
    [TestMethod]
    public void S5_3_SecondSample_WithoutAckDelay()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, 0, 25_000, true);
        rtt.Update(140_000, 0, 25_000, true);
        rtt.RttVariation.ShouldBe(47_500); // (3 * 50 + 40) / 4
        rtt.SmoothedRtt.ShouldBe(105_000); // (7 * 100 + 140) / 8
    }

    /// <summary>§5.3: "MUST use the lesser of the acknowledgment delay and the peer's max_ack_delay after the handshake is confirmed"; before, the reported delay is used.</summary>
    [TestMethod]
    [DataRow(true, 125_000L)]
    [DataRow(false, 110_000L)]
    public void S5_3_AckDelay_CappedAtMaxAckDelayOnlyAfterConfirmation(bool confirmed, long adjusted)
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, 0, 25_000, confirmed);
        rtt.Update(150_000, ackDelay: 40_000, maxAckDelay: 25_000, handshakeConfirmed: confirmed);
        rtt.SmoothedRtt.ShouldBe(((7 * 100_000) + adjusted) / 8);
    }

    /// <summary>§5.3: "MUST NOT subtract the acknowledgment delay from the RTT sample if the resulting value is smaller than the min_rtt".</summary>
    [TestMethod]
    public void S5_3_AckDelay_NotSubtractedBelowMinRtt()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, 0, 25_000, true);
        rtt.Update(110_000, ackDelay: 20_000, maxAckDelay: 25_000, handshakeConfirmed: true);
        rtt.SmoothedRtt.ShouldBe(101_250); // (7 * 100 + 110) / 8: the delay was not taken off
    }

    /// <summary>§5.2: min_rtt is the smallest sample, with no ack delay removed.</summary>
    [TestMethod]
    public void S5_2_MinRtt_IsSmallestRawSample()
    {
        var rtt = new QuicRttEstimator(333_000);
        rtt.Update(100_000, 0, 25_000, true);
        rtt.Update(80_000, 10_000, 25_000, true);
        rtt.Update(120_000, 0, 25_000, true);
        rtt.MinRtt.ShouldBe(80_000);
        rtt.LatestRtt.ShouldBe(120_000);
    }

    /// <summary>§5.1: a sample is taken when the largest acknowledged is newly acknowledged and an ack-eliciting packet is among those newly acknowledged.</summary>
    [TestMethod]
    public void S5_1_Sample_FromLargestNewlyAcknowledged()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0);
        h.Send(App, 1, 10_000, ackEliciting: false, inFlight: false);
        h.Ack(App, 100_000, 0, (0, 1)).IsNone.ShouldBeTrue();
        h.Recovery.Rtt.LatestRtt.ShouldBe(90_000); // from packet 1, the largest, sent at 10 ms
    }

    /// <summary>§5.1: no sample when no newly acknowledged packet is ack-eliciting.</summary>
    [TestMethod]
    public void S5_1_NoSample_WhenOnlyNonAckElicitingAcknowledged()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0, ackEliciting: false, inFlight: false);
        h.Ack(App, 100_000, 0, (0, 0));
        h.Recovery.Rtt.HasSample.ShouldBeFalse();
    }

    /// <summary>§5.1: no sample when the largest acknowledged was acknowledged before.</summary>
    [TestMethod]
    public void S5_1_NoSample_WhenLargestNotNewlyAcknowledged()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0);
        h.Send(App, 1, 0);
        h.Ack(App, 100_000, 0, (1, 1));
        h.Ack(App, 500_000, 0, (0, 1));
        h.AcknowledgedNumbers().ShouldBe([0UL]);
        h.Recovery.Rtt.LatestRtt.ShouldBe(100_000);
    }

    /// <summary>§5.3: the ack delay of Initial packets is ignored (they are not delayed by the peer).</summary>
    [TestMethod]
    public void S5_3_InitialAckDelay_Ignored()
    {
        var h = new RecoveryHarness();
        h.Send(QuicPacketNumberSpace.Initial, 0, 0);
        h.Send(QuicPacketNumberSpace.Initial, 1, 0);
        h.Ack(QuicPacketNumberSpace.Initial, 100_000, 0, (0, 0));
        h.Ack(QuicPacketNumberSpace.Initial, 150_000, 40_000, (1, 1));
        h.Recovery.Rtt.SmoothedRtt.ShouldBe(((7 * 100_000) + 150_000) / 8);
    }
}
