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

    /// <summary>
    /// Most connections whose handshake is complete, at once. While it is reached, new client Initials are dropped; a
    /// handshake that completes beyond it is closed with CONNECTION_REFUSED (RFC 9000 §20.1). Handshakes in progress
    /// are counted apart, under <see cref="MaxHandshakes"/>. Default 10,000.
    /// </summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// Most connections still in their handshake (half-open) at once; client Initials beyond it are dropped. Kept apart
    /// from <see cref="MaxConnections"/> so that Initials from spoofed addresses, whose handshakes never finish, cannot
    /// take the places of established clients. Default 1,000.
    /// </summary>
    public int MaxHandshakes { get; init; } = 1_000;

    /// <summary>
    /// How long a connection may take to complete its handshake, microseconds; then it is dropped silently (no
    /// CONNECTION_CLOSE) and its place under <see cref="MaxHandshakes"/> freed. Default 10 s.
    /// </summary>
    public long HandshakeTimeout { get; init; } = 10_000_000;

    /// <summary>When a new client must first prove its address with a Retry round trip (RFC 9000 §8.1.2). Default <see cref="QuicRetryMode.UnderLoad"/>.</summary>
    public QuicRetryMode Retry { get; init; } = QuicRetryMode.UnderLoad;

    /// <summary>
    /// With <see cref="QuicRetryMode.UnderLoad"/>: once this many handshakes are in progress, every new Initial without a
    /// valid token is answered with a Retry instead of opening a connection. Keep it below <see cref="MaxHandshakes"/>,
    /// so that the clients who come back with the token find room. Default 100.
    /// </summary>
    public int RetryThreshold { get; init; } = 100;

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

    /// <summary>
    /// The static key for stateless reset tokens (RFC 9000 §10.3.2), 32 bytes, and for Retry and NEW_TOKEN tokens too
    /// unless <see cref="TokenKey"/> is set. Endpoints that share it (after a restart, or several behind one address)
    /// recognise each other's resets. Default null: random per endpoint.
    /// </summary>
    public byte[]? StaticKey { get; init; }

    /// <summary>
    /// The key for Retry and NEW_TOKEN tokens (RFC 9000 §8.1.2, §8.1.3), 32 bytes. Endpoints that share it accept each
    /// other's tokens. Default null: derived from <see cref="StaticKey"/>.
    /// </summary>
    public byte[]? TokenKey { get; init; }

    /// <summary>The length of <see cref="StaticKey"/> and <see cref="TokenKey"/>: 32 bytes.</summary>
    public const int KeyLength = 32;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tls);
        ArgumentNullException.ThrowIfNull(Connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHandshakes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HandshakeTimeout);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryThreshold);
        if (!Enum.IsDefined(Retry)) throw new ArgumentOutOfRangeException(nameof(Retry));
        if (StaticKey is not null && StaticKey.Length != KeyLength) throw new ArgumentException("The static key is 32 bytes.", nameof(StaticKey));
        if (TokenKey is not null && TokenKey.Length != KeyLength) throw new ArgumentException("The token key is 32 bytes.", nameof(TokenKey));
    }
}
