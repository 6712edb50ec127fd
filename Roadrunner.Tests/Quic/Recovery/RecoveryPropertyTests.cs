using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>Seeded random runs checked against simple models: each sent packet comes back exactly once, bytes in flight add up, and the ACK tracker's ranges match the set of packets received.</summary>
[TestClass]
public sealed class RecoveryPropertyTests
{
    /// <summary>Random sends (some skipped numbers, some non-ack-eliciting), random ACKs of sent numbers, timeouts and a discarded space: every packet is handed back once, and bytes in flight equal the in-flight packets still held.</summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void RandomTraffic_EachPacketHandedBackOnce(int seed)
    {
        var random = new Random(seed);
        var recovery = new QuicLossRecovery { HandshakeConfirmed = true };
        var outstanding = new Dictionary<(QuicPacketNumberSpace, ulong), QuicSentPacket>();
        var handedBack = new HashSet<QuicSentPacket>(ReferenceEqualityComparer.Instance);
        var sent = new List<ulong>[] { [], [], [] };
        var next = new ulong[3];
        var acked = new List<QuicSentPacket>();
        var lost = new List<QuicSentPacket>();
        long now = 0;

        void Take(List<QuicSentPacket> packets)
        {
            foreach (var packet in packets)
            {
                handedBack.Add(packet).ShouldBeTrue("a packet came back twice");
                outstanding.Remove((packet.Space, packet.PacketNumber)).ShouldBeTrue();
            }

            packets.Clear();
        }

        for (int step = 0; step < 3_000; step++)
        {
            now += random.Next(0, 5_000);
            var space = step < 1_000 ? (QuicPacketNumberSpace)random.Next(0, 3) : QuicPacketNumberSpace.ApplicationData;
            int s = (int)space;
            int choice = random.Next(10);
            if (step == 1_000)
            {
                recovery.DiscardSpace(QuicPacketNumberSpace.Initial, now, lost);
                recovery.DiscardSpace(QuicPacketNumberSpace.Handshake, now, lost);
                Take(lost);
            }
            else if (choice < 6)
            {
                next[s] += (ulong)(random.Next(5) == 0 ? 2 : 1);
                bool eliciting = random.Next(4) != 0;
                var packet = new QuicSentPacket { PacketNumber = next[s], Space = space, Size = random.Next(50, 1200), AckEliciting = eliciting, InFlight = eliciting || random.Next(2) == 0 };
                recovery.OnPacketSent(packet, now);
                outstanding.Add((space, packet.PacketNumber), packet);
                sent[s].Add(packet.PacketNumber);
            }
            else if (choice < 9 && sent[s].Count > 0)
            {
                // Up to three ranges of sent numbers, largest first with a gap of at least one between.
                var ranges = new List<QuicAckRange>();
                int index = sent[s].Count - 1 - random.Next(Math.Min(3, sent[s].Count));
                while (index >= 0 && ranges.Count < 3)
                {
                    ulong largest = sent[s][index];
                    int low = Math.Max(0, index - random.Next(0, 8));
                    ulong smallest = sent[s][low];
                    if (ranges.Count > 0 && largest + 2 > ranges[^1].Smallest) break;
                    ranges.Add(new QuicAckRange(smallest, largest));
                    index = low - 1 - random.Next(0, 4);
                }

                if (ranges.Count > 0)
                {
                    recovery.OnAckReceived(space, ranges.ToArray(), random.Next(0, 30_000), now, acked, lost).IsNone.ShouldBeTrue();
                    for (int i = 1; i < acked.Count; i++) acked[i].PacketNumber.ShouldBeGreaterThan(acked[i - 1].PacketNumber);
                    Take(acked);
                    Take(lost);
                }
            }
            else if (recovery.LossDetectionDeadline is { } deadline)
            {
                now = Math.Max(now, deadline);
                recovery.OnLossDetectionTimeout(now, lost);
                Take(lost);
            }

            long inFlight = outstanding.Values.Where(p => p.InFlight).Sum(p => (long)p.Size);
            recovery.BytesInFlight.ShouldBe(inFlight);
            recovery.CongestionWindow.ShouldBeGreaterThanOrEqualTo(2 * 1200);
        }
    }

    /// <summary>Packets received in a random order, with duplicates: the ranges are exactly the runs of the set received, largest first, and IsDuplicate agrees with the set.</summary>
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void AckTracker_RandomOrder_RangesMatchSet(int seed)
    {
        var random = new Random(seed);
        var tracker = new QuicAckTracker(QuicPacketNumberSpace.ApplicationData, maxRanges: 1_000);
        var received = new SortedSet<ulong>();
        for (int i = 0; i < 2_000; i++)
        {
            ulong pn = (ulong)random.Next(0, 600);
            tracker.IsDuplicate(pn).ShouldBe(received.Contains(pn));
            tracker.OnPacketReceived(pn, random.Next(2) == 0, i);
            received.Add(pn);
        }

        var expected = new List<QuicAckRange>();
        foreach (ulong pn in received.Reverse())
        {
            if (expected.Count > 0 && expected[^1].Smallest == pn + 1) expected[^1] = expected[^1] with { Smallest = pn };
            else expected.Add(new QuicAckRange(pn, pn));
        }

        var ranges = new QuicAckRange[1_000];
        ranges[..tracker.CopyRanges(ranges)].ShouldBe(expected.ToArray());
        tracker.LargestReceived.ShouldBe(received.Max);
    }
}
