using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Streams;

namespace Roadrunner.Quic.Connections;

/// <summary>
/// Limits and settings of one connection. Every inbound size is bounded here; defaults are documented per property.
/// </summary>
public sealed record QuicConnectionOptions
{
    /// <summary>What we grant the peer (initial_max_data, stream windows, stream counts; RFC 9000 §18.2). Defaults: 1 MiB connection, 256 KiB per stream, 100 bidirectional and 100 unidirectional streams.</summary>
    public QuicStreamLimits Limits { get; init; } = new(1 << 20, 1 << 18, 1 << 18, 1 << 18, 100, 100);

    /// <summary>Bytes buffered per stream on the send side before <c>Write</c> takes less than offered. Default 1 MiB.</summary>
    public int SendBufferLimit { get; init; } = 1 << 20;

    /// <summary>max_idle_timeout we announce, microseconds (RFC 9000 §10.1). Default 30 s; 0 disables ours.</summary>
    public long IdleTimeout { get; init; } = 30_000_000;

    /// <summary>The length of the connection IDs we issue, 4 to 20. Default 8.</summary>
    public int ConnectionIdLength { get; init; } = 8;

    /// <summary>active_connection_id_limit we announce (RFC 9000 §18.2). Default 4.</summary>
    public int ActiveConnectionIdLimit { get; init; } = 4;

    /// <summary>Most connection IDs we issue to the peer, whatever its limit. Default 4.</summary>
    public int MaxIssuedConnectionIds { get; init; } = 4;

    /// <summary>Largest UDP payload we send (RFC 9000 §14): 1200 unless the path is known to carry more. Default 1200.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Most CRYPTO bytes buffered ahead of the handshake per level (RFC 9000 §7.5: CRYPTO_BUFFER_EXCEEDED beyond). Default 64 KiB.</summary>
    public int MaxCryptoBuffer { get; init; } = 65536;

    /// <summary>Loss recovery and congestion control settings (RFC 9002).</summary>
    public QuicRecoveryOptions Recovery { get; init; } = new();

    /// <summary>
    /// The key from which stateless reset tokens are derived (RFC 9000 §10.3.2: HMAC of the connection ID), 32 bytes;
    /// the endpoint shares one among its connections so a reset can be sent without state. Null: a random key.
    /// </summary>
    public byte[]? StatelessResetKey { get; init; }

    /// <summary>
    /// Packets protected with one AEAD key before a key update is started (RFC 9001 §6.6). Null: the suite's
    /// confidentiality limit less a margin. Lower values exist for tests.
    /// </summary>
    public ulong? KeyUpdateInterval { get; init; }
}
