using System.Globalization;
using Roadrunner.Quic.Endpoints;

namespace Roadrunner.Server.Listening;

/// <summary>
/// The QUIC side of a listener that speaks HTTP/3: how it guards its handshakes against Initials from spoofed
/// addresses (RFC 9000 §8, §21.1.1.1), and the keys that let several instances, or one across restarts, agree.
/// Defaults are given on each property.
/// </summary>
/// <example>
/// <code>
/// var options = new ListenerOptions
/// {
///     Protocols = [Protocol.Http1, Protocol.Http2, Protocol.Http3],
///     Tls = TlsOptions.FromPemFiles("cert.pem", "key.pem"),
///     Quic = new QuicServerOptions { Retry = QuicRetryMode.Always, TokenKeyFile = "/etc/roadrunner/quic-token.key" },
///     Routes = routes,
/// };
/// </code>
/// </example>
public sealed record QuicServerOptions
{
    /// <summary>The length of a key: 32 bytes.</summary>
    public const int KeyLength = QuicServerEndpointOptions.KeyLength;

    /// <summary>
    /// When a new client must first prove its address with a Retry round trip (RFC 9000 §8.1.2): never, only once
    /// <see cref="RetryThreshold"/> handshakes are in progress, or always. Default <see cref="QuicRetryMode.UnderLoad"/>.
    /// </summary>
    public QuicRetryMode Retry { get; init; } = QuicRetryMode.UnderLoad;

    /// <summary>
    /// Handshakes in progress from which, with <see cref="QuicRetryMode.UnderLoad"/>, a new client without a valid token
    /// is answered with a Retry. Below <see cref="MaxHandshakes"/>, so clients that return with their token find room.
    /// Default 100.
    /// </summary>
    public int RetryThreshold { get; init; } = 100;

    /// <summary>
    /// Most HTTP/3 connections still in their QUIC handshake at once (half-open); Initials beyond it are dropped. Counted
    /// apart from <see cref="ListenerOptions.MaxClients"/>, which caps the connections whose handshake completed, so
    /// handshakes that never finish cannot take established clients' places. Default 1,000.
    /// </summary>
    public int MaxHandshakes { get; init; } = 1_000;

    /// <summary>
    /// How long a QUIC handshake may take; then the connection is dropped silently and its place under
    /// <see cref="MaxHandshakes"/> freed. Default 10 s.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The key stateless reset tokens derive from (RFC 9000 §10.3.2), 32 bytes. Give the same key to every instance
    /// behind one address, and across restarts, so that a reset one sends is recognised by the client of another.
    /// Default null: random per process (or read from <see cref="StatelessResetKeyFile"/>).
    /// </summary>
    public byte[]? StatelessResetKey { get; init; }

    /// <summary>
    /// A file holding <see cref="StatelessResetKey"/>: 32 raw bytes, or 64 hexadecimal digits (surrounding white space
    /// ignored). Read when the listener starts. Default null.
    /// </summary>
    public string? StatelessResetKeyFile { get; init; }

    /// <summary>
    /// The key that seals and opens Retry and NEW_TOKEN tokens (RFC 9000 §8.1.2, §8.1.3), 32 bytes. Instances that share
    /// it accept each other's tokens, and tokens survive a restart. Default null: random per process (or read from
    /// <see cref="TokenKeyFile"/>).
    /// </summary>
    public byte[]? TokenKey { get; init; }

    /// <summary>A file holding <see cref="TokenKey"/>, in the form of <see cref="StatelessResetKeyFile"/>. Default null.</summary>
    public string? TokenKeyFile { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Retry)) throw new ArgumentOutOfRangeException(nameof(Retry));
        ArgumentOutOfRangeException.ThrowIfNegative(RetryThreshold);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHandshakes);
        if (HandshakeTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout));
        CheckKey(StatelessResetKey, StatelessResetKeyFile, nameof(StatelessResetKey));
        CheckKey(TokenKey, TokenKeyFile, nameof(TokenKey));
    }

    /// <summary>The stateless reset key from the bytes or the file; null for a random one.</summary>
    internal byte[]? LoadStatelessResetKey() => StatelessResetKey ?? (StatelessResetKeyFile is null ? null : ReadKeyFile(StatelessResetKeyFile));

    /// <summary>The token key from the bytes or the file; null for a random one.</summary>
    internal byte[]? LoadTokenKey() => TokenKey ?? (TokenKeyFile is null ? null : ReadKeyFile(TokenKeyFile));

    private static void CheckKey(byte[]? key, string? file, string name)
    {
        if (key is not null && file is not null) throw new ArgumentException($"Give {name} or {name}File, not both.", name);
        if (key is not null && key.Length != KeyLength) throw new ArgumentException($"{name} is {KeyLength} bytes.", name);
    }

    /// <summary>Reads a key file: 32 raw bytes, or 64 hexadecimal digits.</summary>
    /// <exception cref="ArgumentException">The file holds neither.</exception>
    internal static byte[] ReadKeyFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == KeyLength) return bytes;
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length == 2 * KeyLength && text.All(Uri.IsHexDigit)) return Convert.FromHexString(text);
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The key file {path} holds neither {KeyLength} bytes nor {2 * KeyLength} hexadecimal digits."), nameof(path));
    }
}
