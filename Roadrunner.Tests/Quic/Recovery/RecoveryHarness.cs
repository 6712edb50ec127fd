using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;

namespace Roadrunner.Tests.Quic.Recovery;

/// <summary>Drives a <see cref="QuicLossRecovery"/> with a fake clock: packets are sent and acknowledged by number.</summary>
internal sealed class RecoveryHarness
{
    public const int Size = 1200;

    public RecoveryHarness(QuicRecoveryOptions? options = null) => Recovery = new QuicLossRecovery(options);

    public QuicLossRecovery Recovery { get; }

    public List<QuicSentPacket> Acknowledged { get; } = [];

    public List<QuicSentPacket> Lost { get; } = [];

    public QuicSentPacket Send(QuicPacketNumberSpace space, ulong packetNumber, long now, bool ackEliciting = true, bool inFlight = true, int size = Size)
    {
        var packet = new QuicSentPacket { PacketNumber = packetNumber, Space = space, Size = size, AckEliciting = ackEliciting, InFlight = inFlight };
        Recovery.OnPacketSent(packet, now);
        return packet;
    }

    public void SendRange(QuicPacketNumberSpace space, ulong first, ulong last, long start, long interval)
    {
        for (ulong pn = first; pn <= last; pn++) Send(space, pn, start + ((long)(pn - first) * interval));
    }

    /// <summary>Acknowledges the given (smallest, largest) ranges, largest first; the lists are cleared first.</summary>
    public QuicError Ack(QuicPacketNumberSpace space, long now, long ackDelay, params (ulong Smallest, ulong Largest)[] ranges)
    {
        Acknowledged.Clear();
        Lost.Clear();
        var span = new QuicAckRange[ranges.Length];
        for (int i = 0; i < ranges.Length; i++) span[i] = new QuicAckRange(ranges[i].Smallest, ranges[i].Largest);
        return Recovery.OnAckReceived(space, span, ackDelay, now, Acknowledged, Lost);
    }

    public QuicLossDetectionAction Timeout(long now)
    {
        Lost.Clear();
        return Recovery.OnLossDetectionTimeout(now, Lost);
    }

    public ulong[] LostNumbers() => [.. Lost.Select(p => p.PacketNumber)];

    public ulong[] AcknowledgedNumbers() => [.. Acknowledged.Select(p => p.PacketNumber)];
}
