namespace Roadrunner.Quic.Packets;

/// <summary>
/// Why a packet header was rejected. A packet with a malformed header is discarded, not answered (RFC 9000 §12.2,
/// §17.2): the kind tells the caller whether the rest of the datagram can still be read.
/// </summary>
public enum QuicPacketErrorKind
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The datagram ends inside a header field.</summary>
    Truncated,

    /// <summary>The Fixed Bit (0x40) is 0 in a packet of version 1 (§17.2, §17.3.1).</summary>
    FixedBitClear,

    /// <summary>A version 1 long header carries a connection ID longer than 20 bytes (§17.2).</summary>
    ConnectionIdTooLong,

    /// <summary>The Length field runs past the end of the datagram (§12.2, §17.2).</summary>
    LengthPastDatagram,

    /// <summary>The Length field is too small to hold even a one-byte packet number (§17.2).</summary>
    LengthTooSmall,

    /// <summary>A Version Negotiation packet whose version list is not a whole number of 32-bit versions (§17.2.1).</summary>
    MalformedVersionList,

    /// <summary>A Retry packet too short for its 16-byte integrity tag, or with an empty token (§17.2.5).</summary>
    MalformedRetry,

    /// <summary>A coalesced packet whose Destination Connection ID differs from the first packet's (§12.2).</summary>
    ConnectionIdMismatch,
}
