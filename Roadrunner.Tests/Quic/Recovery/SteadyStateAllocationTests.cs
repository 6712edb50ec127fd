using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>The hot paths of recovery allocate nothing once warm: sending, acknowledging, receiving and writing ACK frames.</summary>
[TestClass]
public sealed class SteadyStateAllocationTests
{
    /// <summary>64 pooled packets sent and acknowledged by one range, many times: no bytes allocated on this thread after warm-up.</summary>
    [TestMethod]
    public void SendAndAcknowledge_AllocatesNothing()
    {
        var pool = new QuicSentPacket[64];
        for (int i = 0; i < pool.Length; i++) pool[i] = new QuicSentPacket();
        var recovery = new QuicLossRecovery { HandshakeConfirmed = true, IsApplicationLimited = true };
        var acknowledged = new List<QuicSentPacket>(64);
        var lost = new List<QuicSentPacket>(64);
        var ranges = new QuicAckRange[1];
        ulong next = 0;
        long now = 0;

        void Round()
        {
            ulong first = next;
            foreach (var packet in pool)
            {
                packet.Reset();
                packet.PacketNumber = next++;
                packet.Space = QuicPacketNumberSpace.ApplicationData;
                packet.Size = 1200;
                packet.AckEliciting = true;
                packet.InFlight = true;
                recovery.OnPacketSent(packet, now);
                now += 10;
            }

            now += 20_000;
            ranges[0] = new QuicAckRange(first, next - 1);
            acknowledged.Clear();
            lost.Clear();
            recovery.OnAckReceived(QuicPacketNumberSpace.ApplicationData, ranges, 1_000, now, acknowledged, lost);
            _ = recovery.LossDetectionDeadline;
            _ = recovery.NextSendTime(now, 1200);
        }

        for (int i = 0; i < 100; i++) Round();
        // The fewest of three measured rounds: code that allocates per call allocates in each, while a one-off
        // runtime allocation on this thread (a method promoted to its next tier late, under the suite's load) lands in one.
        Allocations.Fewest(() =>
        {
            for (int i = 0; i < 1_000; i++) Round();
        }).ShouldBe(0);
        acknowledged.Count.ShouldBe(64);
        recovery.BytesInFlight.ShouldBe(0);
    }

    /// <summary>64 packets received with a gap, an ACK frame written and its ranges trimmed, many times: no bytes allocated after warm-up.</summary>
    [TestMethod]
    public void ReceiveAndWriteAck_AllocatesNothing()
    {
        var tracker = new QuicAckTracker(QuicPacketNumberSpace.ApplicationData);
        var frame = new byte[256];
        ulong next = 0;
        long now = 0;

        void Round()
        {
            for (int i = 0; i < 64; i++)
            {
                tracker.OnPacketReceived(next + (ulong)(i == 63 ? 31 : i < 31 ? i : i + 1), true, now);
                now += 10;
            }

            next += 64;
            tracker.TryWriteAck(frame, now, out _).ShouldBeTrue();
            tracker.OnAckOfAckReceived(next - 1);
        }

        for (int i = 0; i < 100; i++) Round();
        // The fewest of three measured rounds: code that allocates per call allocates in each, while a one-off
        // runtime allocation on this thread (a method promoted to its next tier late, under the suite's load) lands in one.
        Allocations.Fewest(() =>
        {
            for (int i = 0; i < 1_000; i++) Round();
        }).ShouldBe(0);
    }
}
