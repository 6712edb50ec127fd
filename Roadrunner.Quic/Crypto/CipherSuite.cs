namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The TLS 1.3 cipher suites QUIC packet protection supports (RFC 8446 §B.4, RFC 9001 §5.3), with their wire values.
/// </summary>
/// <remarks>
/// TLS_AES_128_CCM_SHA256 is not offered (the platform has no AES-CCM with a 16-byte tag everywhere, and RFC 9001 §5.3
/// leaves it optional); TLS_AES_128_CCM_8_SHA256 "MUST NOT" be negotiated for QUIC (RFC 9001 §5.3).
/// </remarks>
public enum CipherSuite : ushort
{
    /// <summary>AEAD_AES_128_GCM with SHA-256 for HKDF; the suite of Initial packets (RFC 9001 §5.2).</summary>
    TLS_AES_128_GCM_SHA256 = 0x1301,

    /// <summary>AEAD_AES_256_GCM with SHA-384 for HKDF.</summary>
    TLS_AES_256_GCM_SHA384 = 0x1302,

    /// <summary>AEAD_CHACHA20_POLY1305 (RFC 8439) with SHA-256 for HKDF.</summary>
    TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
}
