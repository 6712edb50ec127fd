namespace Roadrunner.Quic;

/// <summary>
/// The encryption levels of a QUIC connection (RFC 9001 §4): each carries its own keys and, except 0-RTT, its own
/// CRYPTO stream. Initial and Handshake each have a packet number space of their own; 0-RTT and 1-RTT share the
/// application data space (RFC 9000 §12.3).
/// </summary>
public enum QuicEncryptionLevel
{
    /// <summary>Initial packets, protected with keys derived from the client's first Destination Connection ID.</summary>
    Initial = 0,

    /// <summary>0-RTT packets (early data). Not offered by this implementation: no session resumption.</summary>
    ZeroRtt = 1,

    /// <summary>Handshake packets, protected with the TLS handshake traffic secrets.</summary>
    Handshake = 2,

    /// <summary>1-RTT (short header) packets, protected with the TLS application traffic secrets.</summary>
    Application = 3,
}
