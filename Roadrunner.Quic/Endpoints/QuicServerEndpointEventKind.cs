namespace Roadrunner.Quic.Endpoints;

/// <summary>What a <see cref="QuicServerEndpointEvent"/> reports.</summary>
public enum QuicServerEndpointEventKind
{
    /// <summary>A client's Initial created a connection.</summary>
    ConnectionAccepted,

    /// <summary>A connection ended and was removed.</summary>
    ConnectionRemoved,
}
