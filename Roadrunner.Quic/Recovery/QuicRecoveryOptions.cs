namespace Roadrunner.Quic.Recovery;

/// <summary>Constants of loss detection and congestion control (RFC 9002 §6.2.2, §7.2, Appendix A.2 and B.2).</summary>
public sealed record QuicRecoveryOptions
{
    /// <summary>The RTT assumed before any sample, microseconds. Default 333 ms (kInitialRtt, RFC 9002 §6.2.2).</summary>
    public long InitialRtt { get; init; } = 333_000;

    /// <summary>The maximum datagram size used for congestion-window arithmetic, bytes. Default 1200 (RFC 9002 §7.2).</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>The initial congestion window, bytes. Default min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)) (RFC 9002 §7.2).</summary>
    public int? InitialWindow { get; init; }

    /// <summary>Packet reordering threshold (kPacketThreshold, RFC 9002 §6.1.1). Default 3.</summary>
    public int PacketThreshold { get; init; } = 3;

    /// <summary>Whether to pace sends (RFC 9002 §7.7). Default true.</summary>
    public bool Pacing { get; init; } = true;
}
