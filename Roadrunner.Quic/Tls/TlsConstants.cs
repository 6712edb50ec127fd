namespace Roadrunner.Quic.Tls;

/// <summary>Wire values of RFC 8446 the handshake compares against: versions, groups and signature schemes.</summary>
internal static class TlsConstants
{
    /// <summary>TLS 1.3 in supported_versions (RFC 8446 §4.2.1).</summary>
    public const ushort Tls13 = 0x0304;

    /// <summary>The legacy_version every TLS 1.3 ClientHello and ServerHello carries (RFC 8446 §4.1.2, §4.1.3).</summary>
    public const ushort LegacyVersion = 0x0303;

    /// <summary>NamedGroup secp256r1 (RFC 8446 §4.2.7).</summary>
    public const ushort Secp256r1 = 0x0017;

    /// <summary>NamedGroup x25519 (RFC 8446 §4.2.7).</summary>
    public const ushort X25519 = 0x001d;

    /// <summary>SignatureScheme ecdsa_secp256r1_sha256 (RFC 8446 §4.2.3).</summary>
    public const ushort EcdsaSecp256r1Sha256 = 0x0403;

    /// <summary>SignatureScheme rsa_pss_rsae_sha256 (RFC 8446 §4.2.3).</summary>
    public const ushort RsaPssRsaeSha256 = 0x0804;

    /// <summary>The longest legacy_session_id (RFC 8446 §4.1.2: opaque legacy_session_id&lt;0..32&gt;).</summary>
    public const int MaxSessionIdLength = 32;

    /// <summary>The size of ClientHello.random and ServerHello.random.</summary>
    public const int RandomLength = 32;

    /// <summary>
    /// The ServerHello.random of a HelloRetryRequest: SHA-256 of "HelloRetryRequest" (RFC 8446 §4.1.3).
    /// </summary>
    public static ReadOnlySpan<byte> HelloRetryRequestRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    /// <summary>The context string of a server CertificateVerify (RFC 8446 §4.4.3).</summary>
    public static ReadOnlySpan<byte> ServerCertificateVerifyContext => "TLS 1.3, server CertificateVerify"u8;
}
