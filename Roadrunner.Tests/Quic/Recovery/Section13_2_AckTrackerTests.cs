using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;
using Shouldly;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>RFC 9000 §13.2 (Generating Acknowledgments): ranges, duplicates, when to acknowledge, and the ACK frame written.</summary>
[TestClass]
public sealed class Section13_2_AckTrackerTests
{
    private const QuicPacketNumberSpace App = QuicPacketNumberSpace.ApplicationData;

    private static QuicAckRange[] Ranges(QuicAckTracker tracker)
    {
        var ranges = new QuicAckRange[64];
        return ranges[..tracker.CopyRanges(ranges)];
    }

    private static void Receive(QuicAckTracker tracker, long now, params ulong[] packetNumbers)
    {
        foreach (ulong pn in packetNumbers) tracker.OnPacketReceived(pn, ackEliciting: true, now);
    }

    /// <summary>RFC 9000 §12.3: a packet number received before is a duplicate; recording it again changes nothing.</summary>
    [TestMethod]
    public void S12_3_Duplicates_AreDetected()
    {
        var tracker = new QuicAckTracker(App);
        tracker.LargestReceived.ShouldBeNull();
        Receive(tracker, 0, 0, 1, 2);
        tracker.IsDuplicate(1).ShouldBeTrue();
        tracker.IsDuplicate(3).ShouldBeFalse();
        tracker.OnPacketReceived(1, true, 10);
        Ranges(tracker).ShouldBe([new QuicAckRange(0, 2)]);
        tracker.LargestReceived.ShouldBe(2UL);
    }

    /// <summary>RFC 9000 §13.2.3: ranges are kept largest first and merge as gaps fill.</summary>
    [TestMethod]
    public void S13_2_3_Ranges_MergeAsGapsFill()
    {
        var tracker = new QuicAckTracker(App);
        Receive(tracker, 0, 0, 1, 2, 5, 6, 9);
        Ranges(tracker).ShouldBe([new(9, 9), new(5, 6), new(0, 2)]);
        Receive(tracker, 0, 4);
        Ranges(tracker).ShouldBe([new(9, 9), new(4, 6), new(0, 2)]);
        Receive(tracker, 0, 3);
        Ranges(tracker).ShouldBe([new(9, 9), new(0, 6)]);
        Receive(tracker, 0, 8, 7);
        Ranges(tracker).ShouldBe([new(0, 9)]);
        Receive(tracker, 0, 20, 15);
        Ranges(tracker).ShouldBe([new(20, 20), new(15, 15), new(0, 9)]);
        tracker.LargestReceived.ShouldBe(20UL);
    }

    /// <summary>RFC 9000 §13.2.3: at most maxRanges are kept; the smallest is forgotten and its numbers become duplicates.</summary>
    [TestMethod]
    public void S13_2_3_Ranges_AreBounded()
    {
        var tracker = new QuicAckTracker(App, maxRanges: 3);
        Receive(tracker, 0, 0, 2, 4, 6);
        Ranges(tracker).ShouldBe([new(6, 6), new(4, 4), new(2, 2)]);
        tracker.Floor.ShouldBe(1UL);
        tracker.IsDuplicate(0).ShouldBeTrue();
        tracker.IsDuplicate(1).ShouldBeFalse(); // the floor sits just above the forgotten range
        tracker.IsDuplicate(3).ShouldBeFalse();

        // A packet below every kept range, with the table full, is not kept either.
        var full = new QuicAckTracker(App, maxRanges: 2);
        Receive(full, 0, 10, 12, 5);
        Ranges(full).ShouldBe([new(12, 12), new(10, 10)]);
        full.IsDuplicate(5).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §13.2.1: an ack-eliciting packet above the largest with missing packets between is acknowledged at once, as is one below the largest.</summary>
    [TestMethod]
    public void S13_2_1_Gap_AcknowledgedImmediately()
    {
        var tracker = new QuicAckTracker(App);
        tracker.OnPacketReceived(0, true, 1_000);
        tracker.ShouldSendAck(1_000).ShouldBeFalse();
        tracker.OnPacketReceived(2, true, 2_000);
        tracker.ShouldSendAck(2_000).ShouldBeTrue();
        tracker.AckDeadline.ShouldBe(2_000);

        var reordered = new QuicAckTracker(App);
        reordered.OnPacketReceived(5, false, 0);
        reordered.OnPacketReceived(4, true, 1_000); // below the largest
        reordered.ShouldSendAck(1_000).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §13.2.2: "A receiver SHOULD send an ACK frame after receiving at least two ack-eliciting packets."</summary>
    [TestMethod]
    public void S13_2_2_EverySecondAckElicitingPacket()
    {
        var tracker = new QuicAckTracker(App);
        tracker.OnPacketReceived(0, true, 0);
        tracker.ShouldSendAck(0).ShouldBeFalse();
        tracker.OnPacketReceived(1, false, 0); // not ack-eliciting: does not count
        tracker.ShouldSendAck(0).ShouldBeFalse();
        tracker.OnPacketReceived(2, true, 0);
        tracker.ShouldSendAck(0).ShouldBeTrue();
        tracker.TryWriteAck(new byte[64], 0, out _).ShouldBeTrue();
        tracker.ShouldSendAck(0).ShouldBeFalse();
        tracker.AckDeadline.ShouldBeNull();
        tracker.OnPacketReceived(3, true, 0);
        tracker.ShouldSendAck(0).ShouldBeFalse();
        tracker.OnPacketReceived(4, true, 0);
        tracker.ShouldSendAck(0).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §13.2.1: a single ack-eliciting 1-RTT packet is acknowledged within max_ack_delay.</summary>
    [TestMethod]
    public void S13_2_1_DelayedAck_Deadline()
    {
        var tracker = new QuicAckTracker(App) { MaxAckDelay = 20_000 };
        tracker.AckDeadline.ShouldBeNull();
        tracker.OnPacketReceived(0, true, 1_000);
        tracker.AckDeadline.ShouldBe(21_000);
        tracker.ShouldSendAck(20_999).ShouldBeFalse();
        tracker.ShouldSendAck(21_000).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §13.2.1: non-ack-eliciting packets owe no ACK, but are reported in the next one.</summary>
    [TestMethod]
    public void S13_2_1_NonAckEliciting_OwesNothing()
    {
        var tracker = new QuicAckTracker(App);
        tracker.OnPacketReceived(0, false, 0);
        tracker.OnPacketReceived(3, false, 0);
        tracker.AckDeadline.ShouldBeNull();
        tracker.ShouldSendAck(1_000_000).ShouldBeFalse();
        Ranges(tracker).ShouldBe([new(3, 3), new(0, 0)]);
    }

    /// <summary>RFC 9000 §13.2.1: "An endpoint MUST acknowledge all ack-eliciting Initial and Handshake packets immediately".</summary>
    [TestMethod]
    [DataRow(QuicPacketNumberSpace.Initial)]
    [DataRow(QuicPacketNumberSpace.Handshake)]
    public void S13_2_1_InitialAndHandshake_AcknowledgedImmediately(QuicPacketNumberSpace space)
    {
        var tracker = new QuicAckTracker(space);
        tracker.OnPacketReceived(0, true, 5_000);
        tracker.ShouldSendAck(5_000).ShouldBeTrue();
        tracker.AckDeadline.ShouldBe(5_000);
    }

    /// <summary>RFC 9000 §13.2.5 and §19.3: ACK Delay is the time since the largest packet arrived, in units of 2^ack_delay_exponent microseconds.</summary>
    [TestMethod]
    public void S19_3_AckDelay_EncodedWithExponent3()
    {
        var tracker = new QuicAckTracker(App) { AckDelayExponent = 3 };
        for (ulong pn = 0; pn <= 4; pn++) tracker.OnPacketReceived(pn, true, 10_000);
        var buffer = new byte[64];
        tracker.TryWriteAck(buffer, 10_000 + 8_007, out int written).ShouldBeTrue();

        // Type 0x02, Largest 4, ACK Delay 8007 >> 3 = 1000 (two-byte varint 0x43e8), Range Count 0, First ACK Range 4.
        buffer[..written].ShouldBe(new byte[] { 0x02, 0x04, 0x43, 0xe8, 0x00, 0x04 });
        var reader = new QuicFrameReader(buffer.AsSpan(0, written), QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out var error).ShouldBeTrue(error.Reason);
        frame.Type.ShouldBe(QuicFrameType.ACK);
        frame.LargestAcknowledged.ShouldBe(4UL);
        frame.AckDelay.ShouldBe(1000UL);
        frame.FirstAckRange.ShouldBe(4UL);
    }

    /// <summary>RFC 9000 §19.3.1: several ranges come out as Gap and ACK Range Length fields that read back to the same ranges.</summary>
    [TestMethod]
    public void S19_3_1_AckFrame_ReadsBackToRanges()
    {
        var tracker = new QuicAckTracker(App);
        Receive(tracker, 0, 0, 1, 2, 5, 6, 9);
        var buffer = new byte[64];
        tracker.TryWriteAck(buffer, 0, out int written).ShouldBeTrue();
        var reader = new QuicFrameReader(buffer.AsSpan(0, written), QuicPacketType.OneRtt);
        reader.TryReadFrame(out var frame, out _).ShouldBeTrue();
        var read = new List<QuicAckRange>();
        foreach (var range in frame.GetAckRanges()) read.Add(range);
        read.ShouldBe([new(9, 9), new(5, 6), new(0, 2)]);
    }

    /// <summary>RFC 9000 §19.3: "Because the receiver doesn't use the ACK Delay for Initial and Handshake packets, a sender SHOULD send a value of 0."</summary>
    [TestMethod]
    public void S19_3_AckDelay_ZeroInInitial()
    {
        var tracker = new QuicAckTracker(QuicPacketNumberSpace.Initial);
        tracker.OnPacketReceived(0, true, 0);
        var buffer = new byte[64];
        tracker.TryWriteAck(buffer, 50_000, out int written).ShouldBeTrue();
        buffer[..written].ShouldBe(new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00 });
    }

    /// <summary>An ACK that does not fit whole leaves out the smallest ranges; with no room or nothing received, nothing is written.</summary>
    [TestMethod]
    public void S13_2_TryWriteAck_ShrinksOrFails()
    {
        var tracker = new QuicAckTracker(App);
        tracker.TryWriteAck(new byte[64], 0, out int written).ShouldBeFalse();
        written.ShouldBe(0);
        Receive(tracker, 0, 0, 2, 4);
        tracker.TryWriteAck(new byte[2], 0, out written).ShouldBeFalse();
        tracker.ShouldSendAck(0).ShouldBeTrue(); // still owed
        var buffer = new byte[6]; // type, largest, delay, count, first range = 5 bytes; each extra range 2 bytes
        tracker.TryWriteAck(buffer, 0, out written).ShouldBeTrue();
        written.ShouldBe(5);
        buffer[..written].ShouldBe(new byte[] { 0x02, 0x04, 0x00, 0x00, 0x00 });
        tracker.ShouldSendAck(0).ShouldBeFalse();
    }

    /// <summary>RFC 9000 §13.2.4: once an ACK of ours is acknowledged, ranges at or below its Largest Acknowledged are dropped and become duplicates.</summary>
    [TestMethod]
    public void S13_2_4_AckOfAck_TrimsRanges()
    {
        var tracker = new QuicAckTracker(App);
        Receive(tracker, 0, 0, 1, 2, 5, 6, 9);
        tracker.OnAckOfAckReceived(6);
        Ranges(tracker).ShouldBe([new(9, 9)]);
        tracker.IsDuplicate(3).ShouldBeTrue();
        tracker.IsDuplicate(6).ShouldBeTrue();
        tracker.IsDuplicate(8).ShouldBeFalse();
        tracker.OnAckOfAckReceived(4); // older: nothing more
        Ranges(tracker).ShouldBe([new(9, 9)]);
        tracker.OnAckOfAckReceived(9);
        tracker.RangeCount.ShouldBe(0);
        tracker.LargestReceived.ShouldBe(9UL);
        tracker.TryWriteAck(new byte[64], 0, out _).ShouldBeFalse();
    }
}
