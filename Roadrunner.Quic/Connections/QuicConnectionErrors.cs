namespace Roadrunner.Quic.Connections;

/// <summary>Constant reasons for connection-level faults and closes, each naming its RFC rule.</summary>
public static class QuicConnectionErrors
{
    /// <summary>§10.1.</summary>
    public const string IdleTimeout = "RFC 9000 §10.1: idle timeout";

    /// <summary>§10.3.</summary>
    public const string StatelessReset = "RFC 9000 §10.3: stateless reset received";

    /// <summary>§20.1: a server at its cap of established connections refuses one more.</summary>
    public const string ConnectionRefused = "RFC 9000 §20.1: the server is at its connection limit";

    /// <summary>§6.2.</summary>
    public const string VersionNegotiation = "RFC 9000 §6.2: no common version";

    /// <summary>§7.3.</summary>
    public const string InitialSourceMismatch = "RFC 9000 §7.3: initial_source_connection_id does not match the Source Connection ID used";

    /// <summary>§7.3.</summary>
    public const string OriginalDestinationMismatch = "RFC 9000 §7.3: original_destination_connection_id does not match";

    /// <summary>§7.3.</summary>
    public const string RetrySourceMismatch = "RFC 9000 §7.3: retry_source_connection_id missing or does not match the Retry";

    /// <summary>§17.2, §17.3.1.</summary>
    public const string ReservedBits = "RFC 9000 §17.2: reserved bits set after header protection removal";

    /// <summary>§19.7.</summary>
    public const string NewTokenFromClient = "RFC 9000 §19.7: NEW_TOKEN sent by a client";

    /// <summary>§19.20.</summary>
    public const string HandshakeDoneFromClient = "RFC 9000 §19.20: HANDSHAKE_DONE sent by a client";

    /// <summary>§7.5.</summary>
    public const string CryptoBufferExceeded = "RFC 9000 §7.5: CRYPTO data beyond the buffered limit";

    /// <summary>§5.1.1.</summary>
    public const string ConnectionIdLimit = "RFC 9000 §5.1.1: more active connection IDs than active_connection_id_limit";

    /// <summary>§19.15.</summary>
    public const string NewConnectionIdZeroLength = "RFC 9000 §19.15: NEW_CONNECTION_ID to a peer using a zero-length connection ID";

    /// <summary>§19.15.</summary>
    public const string NewConnectionIdConflict = "RFC 9000 §19.15: the same sequence number with a different connection ID";

    /// <summary>§19.16.</summary>
    public const string RetireUnknownSequence = "RFC 9000 §19.16: RETIRE_CONNECTION_ID for a sequence number never sent";

    /// <summary>§19.16.</summary>
    public const string RetireCurrentId = "RFC 9000 §19.16: RETIRE_CONNECTION_ID for the connection ID of the packet carrying it";

    /// <summary>RFC 9001 §6.6.</summary>
    public const string AeadLimit = "RFC 9001 §6.6: integrity limit of failed decryptions reached";

    /// <summary>RFC 9001 §6.</summary>
    public const string KeyUpdateTooEarly = "RFC 9001 §6.2: key update before the handshake was confirmed";
}
