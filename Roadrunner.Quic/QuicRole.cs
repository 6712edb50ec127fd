namespace Roadrunner.Quic;

/// <summary>Which end of a QUIC connection an endpoint is (RFC 9000 §2.1: the client initiates the connection).</summary>
public enum QuicRole
{
    /// <summary>The endpoint that initiates the connection.</summary>
    Client,

    /// <summary>The endpoint that accepts the connection.</summary>
    Server,
}
