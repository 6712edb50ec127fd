namespace Roadrunner.Quic.Errors;

/// <summary>
/// The transport error codes of RFC 9000 §20.1, carried in a CONNECTION_CLOSE frame of type 0x1c. The names keep the
/// RFC's spelling so code reads against the RFC. The range 0x0100–0x01ff (CRYPTO_ERROR) carries a TLS alert; see
/// <see cref="QuicCryptoError"/>.
/// </summary>
public enum QuicTransportErrorCode : ulong
{
    /// <summary>0x00: the connection is closing abruptly in the absence of any error.</summary>
    NO_ERROR = 0x00,

    /// <summary>0x01: the endpoint encountered an internal error and cannot continue with the connection.</summary>
    INTERNAL_ERROR = 0x01,

    /// <summary>0x02: the server refused to accept a new connection.</summary>
    CONNECTION_REFUSED = 0x02,

    /// <summary>0x03: an endpoint received more data than it permitted in its advertised data limits (§4).</summary>
    FLOW_CONTROL_ERROR = 0x03,

    /// <summary>0x04: an endpoint received a frame for a stream identifier that exceeded its advertised stream limit (§4.6).</summary>
    STREAM_LIMIT_ERROR = 0x04,

    /// <summary>0x05: an endpoint received a frame for a stream that was not in a state that permitted that frame (§3).</summary>
    STREAM_STATE_ERROR = 0x05,

    /// <summary>0x06: a final size changed, or data was received beyond it (§4.5).</summary>
    FINAL_SIZE_ERROR = 0x06,

    /// <summary>0x07: an endpoint received a frame that was badly formatted.</summary>
    FRAME_ENCODING_ERROR = 0x07,

    /// <summary>0x08: transport parameters were badly formatted, invalid, absent when required, or duplicated (§7.4).</summary>
    TRANSPORT_PARAMETER_ERROR = 0x08,

    /// <summary>0x09: the peer provided more connection IDs than the advertised active_connection_id_limit.</summary>
    CONNECTION_ID_LIMIT_ERROR = 0x09,

    /// <summary>0x0a: a protocol compliance error that is not covered by a more specific code.</summary>
    PROTOCOL_VIOLATION = 0x0a,

    /// <summary>0x0b: a server received a client Initial that contained an invalid Token field.</summary>
    INVALID_TOKEN = 0x0b,

    /// <summary>0x0c: the application or application protocol caused the connection to be closed.</summary>
    APPLICATION_ERROR = 0x0c,

    /// <summary>0x0d: an endpoint received more data in CRYPTO frames than it can buffer.</summary>
    CRYPTO_BUFFER_EXCEEDED = 0x0d,

    /// <summary>0x0e: an endpoint detected errors in performing key updates (RFC 9001 §6).</summary>
    KEY_UPDATE_ERROR = 0x0e,

    /// <summary>0x0f: an endpoint reached the confidentiality or integrity limit for the AEAD (RFC 9001 §6.6).</summary>
    AEAD_LIMIT_REACHED = 0x0f,

    /// <summary>0x10: no network path can support the QUIC connection (§8.2).</summary>
    NO_VIABLE_PATH = 0x10,

    /// <summary>
    /// 0x0100: the first code of the CRYPTO_ERROR range 0x0100–0x01ff; the low byte is a TLS alert (RFC 9001 §4.8).
    /// Use <see cref="QuicCryptoError.FromAlert"/> to make a code for a particular alert.
    /// </summary>
    CRYPTO_ERROR = 0x0100,
}
