namespace Roadrunner.Quic.Packets;

/// <summary>
/// The kinds of QUIC packet (RFC 9000 §17; RFC 8999 for the version-independent forms). The first four values are
/// the Long Packet Type bits of RFC 9000 Table 5.
/// </summary>
public enum QuicPacketType
{
    /// <summary>Long header, type 0x00: the first packets of the handshake, with a token (§17.2.2).</summary>
    Initial = 0,

    /// <summary>Long header, type 0x01: early application data (§17.2.3).</summary>
    ZeroRtt = 1,

    /// <summary>Long header, type 0x02: the rest of the handshake (§17.2.4).</summary>
    Handshake = 2,

    /// <summary>Long header, type 0x03: a server's request to retry with a token; no packet number (§17.2.5).</summary>
    Retry = 3,

    /// <summary>Long header with version 0: the versions a server supports; no packet number (§17.2.1, RFC 8999 §6).</summary>
    VersionNegotiation,

    /// <summary>
    /// A long header of a version this codec does not speak. Only the fields RFC 8999 §5.1 fixes for every version
    /// (version and both connection IDs) are read, which is what a server needs to answer with Version Negotiation.
    /// </summary>
    UnsupportedVersion,

    /// <summary>Short header: application data after the handshake (§17.3.1).</summary>
    OneRtt,
}
