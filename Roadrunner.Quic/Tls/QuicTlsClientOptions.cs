using System.Security.Cryptography.X509Certificates;

namespace Roadrunner.Quic.Tls;

/// <summary>What the client side of the QUIC TLS 1.3 handshake offers and accepts (RFC 9001, RFC 8446).</summary>
public sealed record QuicTlsClientOptions
{
    /// <summary>The server name sent in server_name (RFC 6066 §3); null sends none. Default null.</summary>
    public string? ServerName { get; init; }

    /// <summary>Application protocols offered, most preferred first (RFC 7301). Default <c>["h3"]</c>.</summary>
    public IReadOnlyList<string> ApplicationProtocols { get; init; } = ["h3"];

    /// <summary>Cipher suites offered, in order. Default: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.</summary>
    public IReadOnlyList<Crypto.CipherSuite> CipherSuites { get; init; } =
        [Crypto.CipherSuite.TLS_AES_128_GCM_SHA256, Crypto.CipherSuite.TLS_AES_256_GCM_SHA384, Crypto.CipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    /// <summary>
    /// Decides whether the server's certificate chain (leaf first) is trusted. Null trusts any certificate whose
    /// CertificateVerify signature checks out — for tests and loopback only. Default null.
    /// </summary>
    public Func<IReadOnlyList<X509Certificate2>, bool>? ValidateCertificate { get; init; }

    /// <summary>Largest handshake message accepted from the server, in bytes. Default 65536.</summary>
    public int MaxHandshakeMessageSize { get; init; } = 65536;
}
