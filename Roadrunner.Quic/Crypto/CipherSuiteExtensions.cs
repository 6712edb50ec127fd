using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>The sizes and algorithms behind each <see cref="CipherSuite"/>.</summary>
public static class CipherSuiteExtensions
{
    /// <summary>The hash of the suite, used by HKDF (RFC 8446 §7.1).</summary>
    /// <param name="suite">The cipher suite.</param>
    public static HashAlgorithmName HashAlgorithm(this CipherSuite suite) => suite switch
    {
        CipherSuite.TLS_AES_128_GCM_SHA256 or CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => HashAlgorithmName.SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384 => HashAlgorithmName.SHA384,
        _ => throw Unknown(suite),
    };

    /// <summary>The hash output length, which is also the length of every traffic secret of the suite.</summary>
    /// <param name="suite">The cipher suite.</param>
    public static int HashLength(this CipherSuite suite) => suite switch
    {
        CipherSuite.TLS_AES_128_GCM_SHA256 or CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => 32,
        CipherSuite.TLS_AES_256_GCM_SHA384 => 48,
        _ => throw Unknown(suite),
    };

    /// <summary>
    /// The AEAD key length, which is also the header protection key length (RFC 9001 §5.4.3, §5.4.4: 16 bytes for
    /// AES-128, 32 for AES-256 and ChaCha20).
    /// </summary>
    /// <param name="suite">The cipher suite.</param>
    public static int KeyLength(this CipherSuite suite) => suite switch
    {
        CipherSuite.TLS_AES_128_GCM_SHA256 => 16,
        CipherSuite.TLS_AES_256_GCM_SHA384 or CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => 32,
        _ => throw Unknown(suite),
    };

    /// <summary>
    /// The confidentiality limit (RFC 9001 §6.6): how many packets one key may protect before a key update is due.
    /// 2^23 for the AES-GCM suites, 2^62 (beyond any packet number) for ChaCha20-Poly1305.
    /// </summary>
    /// <param name="suite">The cipher suite.</param>
    public static ulong ConfidentialityLimit(this CipherSuite suite) => suite switch
    {
        CipherSuite.TLS_AES_128_GCM_SHA256 or CipherSuite.TLS_AES_256_GCM_SHA384 => 1UL << 23,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => 1UL << 62,
        _ => throw Unknown(suite),
    };

    /// <summary>
    /// The integrity limit (RFC 9001 §6.6): how many packets may fail authentication, across all keys, before the
    /// connection "MUST" be closed with AEAD_LIMIT_REACHED. 2^52 for the AES-GCM suites, 2^36 for ChaCha20-Poly1305.
    /// </summary>
    /// <param name="suite">The cipher suite.</param>
    public static ulong IntegrityLimit(this CipherSuite suite) => suite switch
    {
        CipherSuite.TLS_AES_128_GCM_SHA256 or CipherSuite.TLS_AES_256_GCM_SHA384 => 1UL << 52,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => 1UL << 36,
        _ => throw Unknown(suite),
    };

    private static ArgumentOutOfRangeException Unknown(CipherSuite suite) =>
        new(nameof(suite), suite, "Not a cipher suite QUIC packet protection supports.");
}
