using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Quic.Endpoints;

/// <summary>Settings of a <see cref="QuicServerEndpoint"/>.</summary>
public sealed record QuicServerEndpointOptions
{
    /// <summary>Certificate and ALPN for every connection.</summary>
    public required QuicTlsServerOptions Tls { get; init; }

    /// <summary>Limits of each connection.</summary>
    public QuicConnectionOptions Connection { get; init; } = new();

    /// <summary>Most connections at once; client Initials beyond it are dropped. Default 10,000.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Whether every new client must first prove its address with a Retry round trip (RFC 9000 §8.1.2). Default false.</summary>
    public bool RequireRetry { get; init; }

    /// <summary>How long a Retry token stays valid, microseconds. Default 10 s.</summary>
    public long RetryTokenLifetime { get; init; } = 10_000_000;

    /// <summary>Most stateless resets sent per second (RFC 9000 §10.3.3 asks for a bound). Default 100.</summary>
    public int MaxStatelessResetsPerSecond { get; init; } = 100;

    /// <summary>The static key for stateless reset tokens and Retry tokens, 32 bytes; null: random per endpoint.</summary>
    public byte[]? StaticKey { get; init; }
}
