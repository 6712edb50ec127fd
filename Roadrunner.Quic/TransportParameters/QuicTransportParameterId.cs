namespace Roadrunner.Quic.TransportParameters;

/// <summary>
/// The transport parameter identifiers of RFC 9000 §18.2, with the RFC's names. Identifiers of the form 31 * N + 27
/// are reserved for greasing (§18.1) and, like every unknown identifier, are ignored on receipt.
/// </summary>
public enum QuicTransportParameterId : ulong
{
    /// <summary>0x00: the Destination Connection ID of the client's first Initial; server only.</summary>
    original_destination_connection_id = 0x00,

    /// <summary>0x01: the idle timeout in milliseconds; 0 or absent disables it.</summary>
    max_idle_timeout = 0x01,

    /// <summary>0x02: a 16-byte stateless reset token; server only.</summary>
    stateless_reset_token = 0x02,

    /// <summary>0x03: the largest UDP payload the endpoint is willing to receive.</summary>
    max_udp_payload_size = 0x03,

    /// <summary>0x04: the initial connection-level flow control limit.</summary>
    initial_max_data = 0x04,

    /// <summary>0x05: the initial flow control limit for locally initiated bidirectional streams.</summary>
    initial_max_stream_data_bidi_local = 0x05,

    /// <summary>0x06: the initial flow control limit for peer-initiated bidirectional streams.</summary>
    initial_max_stream_data_bidi_remote = 0x06,

    /// <summary>0x07: the initial flow control limit for unidirectional streams.</summary>
    initial_max_stream_data_uni = 0x07,

    /// <summary>0x08: the initial maximum number of bidirectional streams the peer may open.</summary>
    initial_max_streams_bidi = 0x08,

    /// <summary>0x09: the initial maximum number of unidirectional streams the peer may open.</summary>
    initial_max_streams_uni = 0x09,

    /// <summary>0x0a: the exponent that scales the ACK Delay field.</summary>
    ack_delay_exponent = 0x0a,

    /// <summary>0x0b: the maximum ACK delay in milliseconds.</summary>
    max_ack_delay = 0x0b,

    /// <summary>0x0c: the endpoint does not support active connection migration; zero-length.</summary>
    disable_active_migration = 0x0c,

    /// <summary>0x0d: the server's preferred address; server only.</summary>
    preferred_address = 0x0d,

    /// <summary>0x0e: the maximum number of connection IDs from the peer the endpoint is willing to store.</summary>
    active_connection_id_limit = 0x0e,

    /// <summary>0x0f: the Source Connection ID of the endpoint's first Initial.</summary>
    initial_source_connection_id = 0x0f,

    /// <summary>0x10: the Source Connection ID of the server's Retry; server only.</summary>
    retry_source_connection_id = 0x10,
}
