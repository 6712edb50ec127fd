namespace Roadrunner.Quic.Recovery;

/// <summary>The three packet number spaces (RFC 9000 §12.3); acknowledgment and loss detection run per space.</summary>
public enum QuicPacketNumberSpace
{
    /// <summary>Initial packets.</summary>
    Initial = 0,

    /// <summary>Handshake packets.</summary>
    Handshake = 1,

    /// <summary>0-RTT and 1-RTT packets.</summary>
    ApplicationData = 2,
}
