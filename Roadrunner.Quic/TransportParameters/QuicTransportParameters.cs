using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.TransportParameters;

/// <summary>
/// The transport parameters an endpoint announces in its handshake (RFC 9000 §7.4, §18.2). Every property starts at the
/// RFC's default, the value that applies when the parameter is absent; connection IDs and the server-only values are
/// null when absent. <see cref="QuicTransportParametersCodec"/> encodes and decodes them.
/// </summary>
/// <example>
/// <code>
/// var local = new QuicTransportParameters
/// {
///     InitialSourceConnectionId = new QuicConnectionId(scid),
///     InitialMaxData = 1 &lt;&lt; 20,
///     InitialMaxStreamsBidi = 100,
/// };
/// Span&lt;byte&gt; extension = stackalloc byte[QuicTransportParametersCodec.GetEncodedLength(local)];
/// QuicTransportParametersCodec.TryEncode(local, extension, out int written);
/// </code>
/// </example>
public sealed record QuicTransportParameters
{
    /// <summary>The smallest legal max_udp_payload_size (§18.2: "Values below 1200 are invalid").</summary>
    public const ulong MinUdpPayloadSize = 1200;

    /// <summary>The default max_udp_payload_size, 65527 (§18.2), the largest UDP payload.</summary>
    public const ulong DefaultMaxUdpPayloadSize = 65527;

    /// <summary>The largest legal ack_delay_exponent (§18.2: "Values above 20 are invalid").</summary>
    public const ulong MaxAckDelayExponent = 20;

    /// <summary>max_ack_delay must be below this (§18.2: "Values of 2^14 or greater are invalid").</summary>
    public const ulong MaxAckDelayLimit = 1 << 14;

    /// <summary>The largest stream count a max_streams parameter may carry, 2^60 (§4.6).</summary>
    public const ulong MaxStreams = 1UL << 60;

    /// <summary>
    /// original_destination_connection_id (0x00): the Destination Connection ID of the first Initial the client sent
    /// (§7.3). Server only; a server always sends it. Default: absent.
    /// </summary>
    public QuicConnectionId? OriginalDestinationConnectionId { get; init; }

    /// <summary>
    /// max_idle_timeout (0x01), in milliseconds. Default 0: "Idle timeout is disabled when both endpoints omit this
    /// transport parameter or specify a value of 0."
    /// </summary>
    public ulong MaxIdleTimeout { get; init; }

    /// <summary>stateless_reset_token (0x02): the token for the server's handshake connection ID (§10.3). Server only. Default: absent.</summary>
    public QuicStatelessResetToken? StatelessResetToken { get; init; }

    /// <summary>
    /// max_udp_payload_size (0x03): the largest UDP payload the endpoint will receive. Default 65527; values below 1200
    /// are invalid.
    /// </summary>
    public ulong MaxUdpPayloadSize { get; init; } = DefaultMaxUdpPayloadSize;

    /// <summary>initial_max_data (0x04): the initial connection flow control limit in bytes (§4.1). Default 0.</summary>
    public ulong InitialMaxData { get; init; }

    /// <summary>initial_max_stream_data_bidi_local (0x05): initial limit for bidirectional streams this endpoint opens. Default 0.</summary>
    public ulong InitialMaxStreamDataBidiLocal { get; init; }

    /// <summary>initial_max_stream_data_bidi_remote (0x06): initial limit for bidirectional streams the peer opens. Default 0.</summary>
    public ulong InitialMaxStreamDataBidiRemote { get; init; }

    /// <summary>initial_max_stream_data_uni (0x07): initial limit for unidirectional streams the peer opens. Default 0.</summary>
    public ulong InitialMaxStreamDataUni { get; init; }

    /// <summary>initial_max_streams_bidi (0x08): bidirectional streams the peer may open. Default 0; at most 2^60.</summary>
    public ulong InitialMaxStreamsBidi { get; init; }

    /// <summary>initial_max_streams_uni (0x09): unidirectional streams the peer may open. Default 0; at most 2^60.</summary>
    public ulong InitialMaxStreamsUni { get; init; }

    /// <summary>ack_delay_exponent (0x0a): scales the ACK Delay field as 2^exponent microseconds. Default 3; at most 20.</summary>
    public ulong AckDelayExponent { get; init; } = 3;

    /// <summary>max_ack_delay (0x0b): the longest the endpoint delays an acknowledgment, in milliseconds. Default 25; below 2^14.</summary>
    public ulong MaxAckDelay { get; init; } = 25;

    /// <summary>disable_active_migration (0x0c): the endpoint does not support active migration (§9). Default false (absent).</summary>
    public bool DisableActiveMigration { get; init; }

    /// <summary>preferred_address (0x0d): the address the server would rather be reached at (§9.6). Server only. Default: absent.</summary>
    public QuicPreferredAddress? PreferredAddress { get; init; }

    /// <summary>
    /// active_connection_id_limit (0x0e): how many of the peer's connection IDs the endpoint stores (§5.1.1). Default 2;
    /// "The value of the active_connection_id_limit parameter MUST be at least 2."
    /// </summary>
    public ulong ActiveConnectionIdLimit { get; init; } = 2;

    /// <summary>initial_source_connection_id (0x0f): the Source Connection ID of the endpoint's first Initial (§7.3). Always sent.</summary>
    public QuicConnectionId? InitialSourceConnectionId { get; init; }

    /// <summary>retry_source_connection_id (0x10): the Source Connection ID of the server's Retry (§7.3). Server only, after a Retry. Default: absent.</summary>
    public QuicConnectionId? RetrySourceConnectionId { get; init; }
}
