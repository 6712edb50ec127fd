namespace Roadrunner.Quic.Connections;

/// <summary>The life of a connection (RFC 9000 §10).</summary>
public enum QuicConnectionState
{
    /// <summary>The handshake is running.</summary>
    Handshaking,

    /// <summary>The handshake completed; data flows.</summary>
    Established,

    /// <summary>We sent CONNECTION_CLOSE and answer further packets with it, for three PTOs (§10.2.1).</summary>
    Closing,

    /// <summary>The peer closed; we send nothing, for three PTOs (§10.2.2).</summary>
    Draining,

    /// <summary>Gone: the caller may forget the connection.</summary>
    Closed,
}
