using System.Security.Cryptography.X509Certificates;

namespace Roadrunner.Quic.Tls;

/// <summary>What the server side of the QUIC TLS 1.3 handshake offers and proves (RFC 9001, RFC 8446).</summary>
public sealed record QuicTlsServerOptions
{
    /// <summary>
    /// The certificate sent to clients, with its private key: ECDSA P-256 (signs with ecdsa_secp256r1_sha256) or RSA
    /// (signs with rsa_pss_rsae_sha256). Required.
    /// </summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Intermediate certificates sent after <see cref="Certificate"/>, leaf-first order. Default none.</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; init; } = [];

    /// <summary>
    /// Application protocols the server speaks, most preferred first (RFC 7301). QUIC requires ALPN (RFC 9001 §8.1): a
    /// client offering none of these is refused with no_application_protocol. Default <c>["h3"]</c>.
    /// </summary>
    public IReadOnlyList<string> ApplicationProtocols { get; init; } = ["h3"];

    /// <summary>Cipher suites in the server's order of preference. Default: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.</summary>
    public IReadOnlyList<Crypto.CipherSuite> CipherSuites { get; init; } =
        [Crypto.CipherSuite.TLS_AES_128_GCM_SHA256, Crypto.CipherSuite.TLS_AES_256_GCM_SHA384, Crypto.CipherSuite.TLS_CHACHA20_POLY1305_SHA256];

    /// <summary>Largest handshake message accepted from the client, in bytes. Default 16384.</summary>
    public int MaxHandshakeMessageSize { get; init; } = 16384;
}
