namespace Roadrunner.Quic.Frames;

/// <summary>
/// The frame types of RFC 9000 §19 (Table 3 in §12.4), with the RFC's names. The eight STREAM types 0x08–0x0f are one
/// value here, <see cref="STREAM"/>; their low three bits are flags (OFF, LEN, FIN) that <see cref="QuicFrame"/> exposes.
/// </summary>
public enum QuicFrameType : ulong
{
    /// <summary>0x00 (§19.1): no semantic value; increases the size of a packet.</summary>
    PADDING = 0x00,

    /// <summary>0x01 (§19.2): checks that a peer is alive; ack-eliciting.</summary>
    PING = 0x01,

    /// <summary>0x02 (§19.3): acknowledges packet ranges.</summary>
    ACK = 0x02,

    /// <summary>0x03 (§19.3): an ACK with ECN counts.</summary>
    ACK_ECN = 0x03,

    /// <summary>0x04 (§19.4): abruptly ends the sending part of a stream.</summary>
    RESET_STREAM = 0x04,

    /// <summary>0x05 (§19.5): asks the peer to stop sending on a stream.</summary>
    STOP_SENDING = 0x05,

    /// <summary>0x06 (§19.6): cryptographic handshake data.</summary>
    CRYPTO = 0x06,

    /// <summary>0x07 (§19.7): a token for the client's next Initial.</summary>
    NEW_TOKEN = 0x07,

    /// <summary>0x08–0x0f (§19.8): stream data; bit 0x04 OFF, 0x02 LEN, 0x01 FIN.</summary>
    STREAM = 0x08,

    /// <summary>0x10 (§19.9): connection-level flow control limit.</summary>
    MAX_DATA = 0x10,

    /// <summary>0x11 (§19.10): stream-level flow control limit.</summary>
    MAX_STREAM_DATA = 0x11,

    /// <summary>0x12 (§19.11): cumulative limit on bidirectional streams.</summary>
    MAX_STREAMS_BIDI = 0x12,

    /// <summary>0x13 (§19.11): cumulative limit on unidirectional streams.</summary>
    MAX_STREAMS_UNI = 0x13,

    /// <summary>0x14 (§19.12): blocked by connection-level flow control.</summary>
    DATA_BLOCKED = 0x14,

    /// <summary>0x15 (§19.13): blocked by stream-level flow control.</summary>
    STREAM_DATA_BLOCKED = 0x15,

    /// <summary>0x16 (§19.14): blocked by the bidirectional stream limit.</summary>
    STREAMS_BLOCKED_BIDI = 0x16,

    /// <summary>0x17 (§19.14): blocked by the unidirectional stream limit.</summary>
    STREAMS_BLOCKED_UNI = 0x17,

    /// <summary>0x18 (§19.15): an alternative connection ID with its stateless reset token.</summary>
    NEW_CONNECTION_ID = 0x18,

    /// <summary>0x19 (§19.16): retires a connection ID the peer issued.</summary>
    RETIRE_CONNECTION_ID = 0x19,

    /// <summary>0x1a (§19.17): path validation challenge.</summary>
    PATH_CHALLENGE = 0x1a,

    /// <summary>0x1b (§19.18): path validation response.</summary>
    PATH_RESPONSE = 0x1b,

    /// <summary>0x1c (§19.19): connection closed with a transport error code.</summary>
    CONNECTION_CLOSE = 0x1c,

    /// <summary>0x1d (§19.19): connection closed with an application error code.</summary>
    CONNECTION_CLOSE_APPLICATION = 0x1d,

    /// <summary>0x1e (§19.20): the server confirms the handshake.</summary>
    HANDSHAKE_DONE = 0x1e,
}
