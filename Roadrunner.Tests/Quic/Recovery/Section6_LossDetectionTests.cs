using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>RFC 9002 §6 and Appendix A: acknowledgment processing, packet- and time-threshold loss, PTO and discarding spaces.</summary>
[TestClass]
public sealed class Section6_LossDetectionTests
{
    private const QuicPacketNumberSpace Initial = QuicPacketNumberSpace.Initial;
    private const QuicPacketNumberSpace Handshake = QuicPacketNumberSpace.Handshake;
    private const QuicPacketNumberSpace App = QuicPacketNumberSpace.ApplicationData;

    /// <summary>RFC 9000 §13.1: "An endpoint SHOULD treat receipt of an acknowledgment for a packet it did not send as a connection error of type PROTOCOL_VIOLATION".</summary>
    [TestMethod]
    public void A7_AckOfUnsentPacket_IsProtocolViolation()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 2, 0, 1_000);
        var error = h.Ack(App, 50_000, 0, (0, 3));
        error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
        error.Reason.ShouldBe(QuicLossRecovery.AckOfUnsentPacket);
        error.FrameType.ShouldBe(0x02UL);
        h.Acknowledged.ShouldBeEmpty();
        h.Recovery.BytesInFlight.ShouldBe(3 * RecoveryHarness.Size);
    }

    /// <summary>RFC 9000 §13.1: an ACK in a space where nothing was sent is PROTOCOL_VIOLATION too (ACK_ECN keeps its frame type).</summary>
    [TestMethod]
    public void A7_AckInSpaceWithNothingSent_IsProtocolViolation()
    {
        var recovery = new QuicLossRecovery();
        var error = recovery.OnAckReceived(Handshake, [new QuicAckRange(0, 0)], 0, new QuicEcnCounts(0, 0, 0), 10, [], []);
        error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
        error.FrameType.ShouldBe(0x03UL);
    }

    /// <summary>§A.7: acknowledged packets come back once, in packet number order, across several ranges.</summary>
    [TestMethod]
    public void A7_Ack_ReturnsNewlyAcknowledgedOnceInOrder()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 9, 0, 100);
        h.Ack(App, 10_000, 0, (8, 9), (4, 5)).IsNone.ShouldBeTrue();
        h.AcknowledgedNumbers().ShouldBe([4UL, 5UL, 8UL, 9UL]);
        h.Ack(App, 11_000, 0, (7, 9), (4, 5));
        h.AcknowledgedNumbers().ShouldBe([7UL]);
        h.Ack(App, 12_000, 0, (7, 9));
        h.Acknowledged.ShouldBeEmpty();
    }

    /// <summary>§6.1.1: a packet is lost when a packet kPacketThreshold (3) or more numbers above it is acknowledged; the one within the threshold arms a time-threshold timer (§6.1.2).</summary>
    [TestMethod]
    public void S6_1_1_PacketThreshold_DeclaresLoss()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 4, 0, 1_000);
        h.Ack(App, 50_000, 0, (3, 4)).IsNone.ShouldBeTrue();
        h.LostNumbers().ShouldBe([0UL, 1UL]);
        h.AcknowledgedNumbers().ShouldBe([3UL, 4UL]);
        h.Recovery.BytesInFlight.ShouldBe(RecoveryHarness.Size); // packet 2 only

        // latest_rtt = 46 ms, loss_delay = 9/8 * 46 ms = 51.75 ms after packet 2 was sent at 2 ms.
        h.Recovery.LossDetectionDeadline.ShouldBe(2_000 + 51_750);
    }

    /// <summary>§6.1.2 and §A.9: when the time-threshold timer fires, the packet is declared lost and no probe is asked for.</summary>
    [TestMethod]
    public void S6_1_2_TimeThreshold_TimerFires_PacketLost()
    {
        var h = new RecoveryHarness();
        h.SendRange(App, 0, 4, 0, 1_000);
        h.Ack(App, 50_000, 0, (3, 4));
        h.Timeout(53_749).ShouldBe(default);
        h.Lost.ShouldBeEmpty();
        var action = h.Timeout(53_750);
        action.ProbeSpace.ShouldBeNull();
        h.LostNumbers().ShouldBe([2UL]);
        h.Recovery.BytesInFlight.ShouldBe(0);
        h.Recovery.LossDetectionDeadline.ShouldBeNull();
    }

    /// <summary>§6.1.2: the time threshold also applies at ACK time, with kGranularity as the least delay.</summary>
    [TestMethod]
    public void S6_1_2_TimeThreshold_AtAckTime()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0);
        h.Send(App, 1, 200_000);
        h.Ack(App, 300_000, 0, (1, 1)); // latest_rtt = 100 ms; packet 0 sent 300 ms ago > 112.5 ms
        h.LostNumbers().ShouldBe([0UL]);
    }

    /// <summary>§6.2.1: PTO = smoothed_rtt + max(4 * rttvar, kGranularity), doubled at each expiry; each asks for two probes in the space (§6.2.4).</summary>
    [TestMethod]
    public void S6_2_1_Pto_FiresWithBackoffAndTwoProbes()
    {
        var h = new RecoveryHarness();
        h.Send(Initial, 0, 0);

        // No sample: 333 ms + 4 * 166.5 ms = 999 ms.
        h.Recovery.LossDetectionDeadline.ShouldBe(999_000);
        h.Timeout(998_999).ShouldBe(default);
        h.Timeout(999_000).ShouldBe(new QuicLossDetectionAction(Initial, 2));
        h.Recovery.PtoCount.ShouldBe(1);
        h.Lost.ShouldBeEmpty(); // a PTO declares nothing lost (§6.2.4)
        h.Recovery.LossDetectionDeadline.ShouldBe(2 * 999_000);
        h.Timeout(2 * 999_000).ShouldBe(new QuicLossDetectionAction(Initial, 2));
        h.Recovery.PtoCount.ShouldBe(2);
        h.Recovery.LossDetectionDeadline.ShouldBe(4 * 999_000);

        // §6.2.1: "The PTO backoff factor is reset when an acknowledgment is received".
        h.Send(Initial, 1, 4 * 999_000);
        h.Ack(Initial, (4 * 999_000) + 100_000, 0, (0, 1));
        h.Recovery.PtoCount.ShouldBe(0);
    }

    /// <summary>§6.2.1: the PTO goes to the space with the earliest deadline.</summary>
    [TestMethod]
    public void S6_2_1_Pto_PicksEarliestSpace()
    {
        var h = new RecoveryHarness();
        h.Send(Initial, 0, 0);
        h.Send(Handshake, 0, 10_000);
        h.Timeout(999_000).ProbeSpace.ShouldBe(Initial);
        h.Recovery.DiscardSpace(Initial, 999_000, []);
        h.Timeout(1_009_000).ProbeSpace.ShouldBe(Handshake);
    }

    /// <summary>§6.2.1: "An endpoint MUST NOT set its PTO timer for the Application Data packet number space until the handshake is confirmed"; then it includes max_ack_delay.</summary>
    [TestMethod]
    public void S6_2_1_Pto_NotArmedForApplicationDataBeforeConfirmation()
    {
        var h = new RecoveryHarness();
        h.Send(App, 0, 0);
        h.Recovery.LossDetectionDeadline.ShouldBeNull();
        h.Timeout(10_000_000).ShouldBe(default);
        h.Recovery.HandshakeConfirmed = true;
        h.Recovery.LossDetectionDeadline.ShouldBe(999_000 + 25_000);
        h.Timeout(1_024_000).ShouldBe(new QuicLossDetectionAction(App, 2));
    }

    /// <summary>§6.2.2.1: a client whose address is not validated keeps a PTO with nothing in flight, and sends one padded Initial (no Handshake keys yet) or one Handshake packet.</summary>
    [TestMethod]
    public void S6_2_2_1_ClientAntiDeadlock_ProbesWithOnePacket()
    {
        var h = new RecoveryHarness();
        h.Recovery.PeerValidatedAddress = false;
        h.Send(Initial, 0, 0);
        h.Ack(Initial, 100_000, 0, (0, 0));
        h.Recovery.BytesInFlight.ShouldBe(0);

        // Armed from the ACK's time: 100 ms + (100 ms + 4 * 50 ms).
        h.Recovery.LossDetectionDeadline.ShouldBe(400_000);
        h.Timeout(400_000).ShouldBe(new QuicLossDetectionAction(Initial, 1));
        h.Recovery.PtoCount.ShouldBe(1);
        h.Recovery.LossDetectionDeadline.ShouldBe(400_000 + 600_000);

        // Once Initial keys are gone (RFC 9001 §4.9.1) the anti-deadlock probe is a Handshake packet.
        h.Recovery.DiscardSpace(Initial, 500_000, []);
        h.Timeout(800_000).ShouldBe(new QuicLossDetectionAction(Handshake, 1));

        // §6.2.2.1: a server, or a client whose address is validated, arms nothing when nothing is in flight.
        h.Recovery.PeerValidatedAddress = true;
        h.Recovery.LossDetectionDeadline.ShouldBeNull();
    }

    /// <summary>§6.2.1: a client not yet sure the server validated its address does not reset the PTO backoff on an ACK.</summary>
    [TestMethod]
    public void S6_2_1_UnvalidatedClient_KeepsBackoffOnAck()
    {
        var h = new RecoveryHarness();
        h.Recovery.PeerValidatedAddress = false;
        h.Send(Initial, 0, 0);
        h.Send(Initial, 1, 0);
        h.Timeout(999_000).ProbeSpace.ShouldBe(Initial);
        h.Ack(Initial, 1_100_000, 0, (0, 0));
        h.Recovery.PtoCount.ShouldBe(1);
    }

    /// <summary>§A.8: a server held by the anti-amplification limit arms no PTO.</summary>
    [TestMethod]
    public void A8_AntiAmplificationLimit_CancelsPto()
    {
        var h = new RecoveryHarness();
        h.Send(Initial, 0, 0);
        h.Recovery.AntiAmplificationLimited = true;
        h.Recovery.LossDetectionDeadline.ShouldBeNull();
        h.Recovery.AntiAmplificationLimited = false;
        h.Recovery.LossDetectionDeadline.ShouldBe(999_000);
    }

    /// <summary>§6.4 and §A.10: discarding a space removes its bytes in flight without a congestion event and hands its packets back.</summary>
    [TestMethod]
    public void S6_4_DiscardSpace_DropsBytesInFlight()
    {
        var h = new RecoveryHarness();
        h.SendRange(Initial, 0, 2, 0, 1_000);
        h.Send(Handshake, 0, 3_000);
        h.Recovery.BytesInFlight.ShouldBe(4 * RecoveryHarness.Size);
        var discarded = new List<QuicSentPacket>();
        h.Recovery.DiscardSpace(Initial, 5_000, discarded);
        discarded.Select(p => p.PacketNumber).ShouldBe([0UL, 1UL, 2UL]);
        h.Recovery.BytesInFlight.ShouldBe(RecoveryHarness.Size);
        h.Recovery.CongestionWindow.ShouldBe(12_000);
        h.Recovery.InRecovery(5_000).ShouldBeFalse();
        h.Recovery.LossDetectionDeadline.ShouldBe(3_000 + 999_000); // the Handshake packet's PTO
    }

    /// <summary>§6.3: "Clients that receive a Retry packet reset congestion control and loss recovery state, including resetting any pending timers"; the packets come back for their frames to be resent, and packet numbers continue.</summary>
    [TestMethod]
    public void S6_3_Retry_ResetsStateAndHandsPacketsBack()
    {
        var h = new RecoveryHarness();
        h.Recovery.PeerValidatedAddress = false;
        h.SendRange(Initial, 0, 1, 0, 1_000);
        h.Send(App, 0, 2_000);
        h.Timeout(1_000_000).ProbeSpace.ShouldBe(Initial); // 999 ms after packet 1
        var resend = new List<QuicSentPacket>();
        h.Recovery.OnRetryReceived(1_000_000, resend);
        resend.Select(p => (p.Space, p.PacketNumber)).ShouldBe([(Initial, 0UL), (Initial, 1UL), (App, 0UL)]);
        h.Recovery.BytesInFlight.ShouldBe(0);
        h.Recovery.CongestionWindow.ShouldBe(12_000);
        h.Recovery.PtoCount.ShouldBe(0);
        Should.Throw<ArgumentException>(() => h.Send(Initial, 1, 1_000_000));
        h.Send(Initial, 2, 1_000_000);
        h.Recovery.LossDetectionDeadline.ShouldBe(1_000_000 + 999_000);
    }

    /// <summary>§A.5: packet numbers must grow within a space; sending in a discarded space is misuse.</summary>
    [TestMethod]
    public void A5_OnPacketSent_RejectsMisuse()
    {
        var h = new RecoveryHarness();
        h.Send(App, 5, 0);
        Should.Throw<ArgumentException>(() => h.Send(App, 5, 1));
        h.Recovery.DiscardSpace(Initial, 0, []);
        Should.Throw<InvalidOperationException>(() => h.Send(Initial, 0, 1));
    }

    /// <summary>§A.1: many packets and tombstones in the middle (out-of-order ACKs) keep the queue ordered as it grows.</summary>
    [TestMethod]
    public void A1_ManyPackets_AckedOutOfOrder()
    {
        var h = new RecoveryHarness(new QuicRecoveryOptions { Pacing = false });
        h.Recovery.IsApplicationLimited = true;
        h.SendRange(App, 0, 299, 0, 0);
        h.Ack(App, 5_000, 0, (299, 299), (290, 296), (100, 150));
        h.Acknowledged.Count.ShouldBe(59);

        // Every packet up to 296 is now beyond the packet threshold; 297 and 298 are not.
        h.Lost.Count.ShouldBe(100 + 139);
        h.Recovery.BytesInFlight.ShouldBe(2 * RecoveryHarness.Size);
        h.SendRange(App, 300, 399, 6_000, 0);
        h.Ack(App, 9_000, 0, (0, 399));
        h.Acknowledged.Count.ShouldBe(102);
        h.Recovery.BytesInFlight.ShouldBe(0);
    }
}
