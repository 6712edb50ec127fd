using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Streams;

namespace Roadrunner.Quic.Connections;

/// <summary>
/// One packet number space of a connection (RFC 9000 §12.3): its keys, the next packet number, the receive-side ACK
/// state, and the CRYPTO stream both ways (RFC 9001 §4.1.3), whose sent bytes are kept until acknowledged.
/// </summary>
internal sealed class QuicPacketSpaceState
{
    public QuicPacketSpaceState(QuicPacketNumberSpace space)
    {
        Space = space;
        Ack = new QuicAckTracker(space);
    }

    public QuicPacketNumberSpace Space { get; }

    public QuicAckTracker Ack { get; }

    public PacketKey? ReadKey { get; set; }

    public PacketKey? WriteKey { get; set; }

    public HeaderProtectionKey? ReadHeaderKey { get; set; }

    public HeaderProtectionKey? WriteHeaderKey { get; set; }

    public long NextPacketNumber { get; set; }

    public long LargestAcknowledged { get; set; } = -1;

    public QuicSendBuffer CryptoSend { get; } = new();

    public QuicReceiveBuffer CryptoReceive { get; } = new();

    /// <summary>Probe packets the loss detection timer asked for (RFC 9002 §6.2.4).</summary>
    public int ProbesPending { get; set; }

    public bool Discarded { get; set; }

    public bool CanSend => !Discarded && WriteKey is not null;

    public bool CanReceive => !Discarded && ReadKey is not null;

    public void DisposeKeys()
    {
        ReadKey?.Dispose();
        WriteKey?.Dispose();
        ReadHeaderKey?.Dispose();
        WriteHeaderKey?.Dispose();
        ReadKey = null;
        WriteKey = null;
        ReadHeaderKey = null;
        WriteHeaderKey = null;
    }
}
