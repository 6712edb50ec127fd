namespace Roadrunner.Quic.Recovery;

/// <summary>
/// A packet handed to <see cref="QuicLossRecovery.OnPacketSent"/> (RFC 9002 §A.1.1). Instances are owned by the
/// connection, which may pool them: recovery hands each back exactly once, as acknowledged, lost or discarded.
/// </summary>
public sealed class QuicSentPacket
{
    /// <summary>The packet number.</summary>
    public ulong PacketNumber { get; set; }

    /// <summary>The packet number space it was sent in.</summary>
    public QuicPacketNumberSpace Space { get; set; }

    /// <summary>When it was sent, in microseconds.</summary>
    public long TimeSent { get; set; }

    /// <summary>Bytes it occupies on the wire (UDP payload share), counted in bytes in flight when <see cref="InFlight"/>.</summary>
    public int Size { get; set; }

    /// <summary>Whether it contains a frame other than ACK, PADDING and CONNECTION_CLOSE (RFC 9002 §2).</summary>
    public bool AckEliciting { get; set; }

    /// <summary>Whether it counts toward bytes in flight: ack-eliciting or carrying PADDING (RFC 9002 §2).</summary>
    public bool InFlight { get; set; }

    /// <summary>The largest packet number acknowledged by an ACK frame inside this packet, if any (RFC 9000 §13.2.4).</summary>
    public ulong? LargestAcknowledged { get; set; }

    /// <summary>The retransmittable content, for the connection to re-queue when lost.</summary>
    public List<QuicSentFrame> Frames { get; } = [];

    /// <summary>Clears the packet for reuse.</summary>
    public void Reset()
    {
        PacketNumber = 0;
        Space = QuicPacketNumberSpace.Initial;
        TimeSent = 0;
        Size = 0;
        AckEliciting = false;
        InFlight = false;
        LargestAcknowledged = null;
        Frames.Clear();
    }
}
