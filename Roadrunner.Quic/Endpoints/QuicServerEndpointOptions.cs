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

    /// <summary>
    /// Whether each connection, once its handshake is confirmed, gets a NEW_TOKEN frame (RFC 9000 §8.1.3, §19.7) with a
    /// token bound to the client's address, which lets the client's next connection from that address skip address
    /// validation (no Retry, no anti-amplification limit). Default true.
    /// </summary>
    public bool IssueNewTokens { get; init; } = true;

    /// <summary>
    /// How long a NEW_TOKEN token stays valid, microseconds. Default 24 h. RFC 9000 §8.1.3 asks that such tokens carry
    /// an expiry; they are meant for a later connection, so they live far longer than a Retry token, but a shorter life
    /// narrows the window in which a token seen on the wire could be replayed from the same address.
    /// </summary>
    public long NewTokenLifetime { get; init; } = 86_400_000_000;

    /// <summary>Most stateless resets sent per second (RFC 9000 §10.3.3 asks for a bound). Default 100.</summary>
    public int MaxStatelessResetsPerSecond { get; init; } = 100;

    /// <summary>The static key for stateless reset tokens, Retry tokens and NEW_TOKEN tokens, 32 bytes; null: random per endpoint.</summary>
    public byte[]? StaticKey { get; init; }
}
