using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The key schedule of QUIC packet protection (RFC 9001 §5.1, §5.2, §6.1) over the TLS 1.3 HKDF functions
/// (RFC 8446 §7.1): Initial secrets from the client's Destination Connection ID, and the key, IV, header protection key
/// and next-generation secret derived from a traffic secret.
/// </summary>
/// <example>
/// <code>
/// Span&lt;byte&gt; client = stackalloc byte[32], server = stackalloc byte[32];
/// KeySchedule.DeriveInitialSecrets(destinationConnectionId, client, server);
/// using var key = PacketKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, client);
/// using var hp = HeaderProtectionKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, client);
/// </code>
/// </example>
public static class KeySchedule
{
    /// <summary>
    /// The salt of Initial secrets for QUIC version 1, 0x38762cf7f55934b34d179ae6a4c80cadccbb7f0a (RFC 9001 §5.2).
    /// </summary>
    public static ReadOnlySpan<byte> InitialSaltV1 =>
    [
        0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
        0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
    ];

    /// <summary>The length of an Initial secret: SHA-256 output (RFC 9001 §5.2).</summary>
    public const int InitialSecretLength = 32;

    /// <summary>The length of every packet protection IV (RFC 9001 §5.3: the AEAD nonce length, 12 for all suites).</summary>
    public const int IvLength = 12;

    /// <summary>The label prefix of HkdfLabel (RFC 8446 §7.1).</summary>
    private static ReadOnlySpan<byte> LabelPrefix => "tls13 "u8;

    /// <summary>Label of the client Initial secret (RFC 9001 §5.2).</summary>
    internal static ReadOnlySpan<byte> ClientInLabel => "client in"u8;

    /// <summary>Label of the server Initial secret (RFC 9001 §5.2).</summary>
    internal static ReadOnlySpan<byte> ServerInLabel => "server in"u8;

    /// <summary>Label of the AEAD key (RFC 9001 §5.1).</summary>
    internal static ReadOnlySpan<byte> KeyLabel => "quic key"u8;

    /// <summary>Label of the AEAD IV (RFC 9001 §5.1).</summary>
    internal static ReadOnlySpan<byte> IvLabel => "quic iv"u8;

    /// <summary>Label of the header protection key (RFC 9001 §5.1).</summary>
    internal static ReadOnlySpan<byte> HeaderProtectionLabel => "quic hp"u8;

    /// <summary>Label of the next-generation secret on key update (RFC 9001 §6.1).</summary>
    internal static ReadOnlySpan<byte> KeyUpdateLabel => "quic ku"u8;

    /// <summary>HKDF-Extract(salt, IKM) (RFC 5869 §2.2), writing the pseudorandom key.</summary>
    /// <param name="hash">The suite's hash.</param>
    /// <param name="inputKeyingMaterial">The input keying material.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="pseudorandomKey">Receives the hash-length pseudorandom key.</param>
    /// <returns>The number of bytes written (the hash length).</returns>
    public static int HkdfExtract(HashAlgorithmName hash, ReadOnlySpan<byte> inputKeyingMaterial, ReadOnlySpan<byte> salt, Span<byte> pseudorandomKey) =>
        HKDF.Extract(hash, inputKeyingMaterial, salt, pseudorandomKey);

    /// <summary>
    /// HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length) (RFC 8446 §7.1), where
    /// HkdfLabel is the length as uint16, then "tls13 " + Label and Context, each with a one-byte length prefix.
    /// </summary>
    /// <param name="hash">The suite's hash.</param>
    /// <param name="secret">The secret (a pseudorandom key of at least hash length).</param>
    /// <param name="label">The label, without the "tls13 " prefix, at most 249 bytes.</param>
    /// <param name="context">The context, at most 255 bytes (empty for every QUIC label).</param>
    /// <param name="output">Receives Length bytes, Length being its size.</param>
    public static void HkdfExpandLabel(HashAlgorithmName hash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        Span<byte> info = stackalloc byte[2 + 1 + 255 + 1 + 255];
        int infoLength = WriteHkdfLabel(output.Length, label, context, info);
        HKDF.Expand(hash, secret, output, info[..infoLength]);
    }

    /// <summary>Writes the HkdfLabel structure of RFC 8446 §7.1 and returns its length.</summary>
    internal static int WriteHkdfLabel(int length, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> destination)
    {
        // RFC 8446 §7.1: uint16 length; opaque label<7..255>; opaque context<0..255>.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(label.Length, 255 - LabelPrefix.Length, nameof(label));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(context.Length, 255, nameof(context));

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        int at = 2;
        destination[at++] = (byte)(LabelPrefix.Length + label.Length);
        LabelPrefix.CopyTo(destination[at..]);
        at += LabelPrefix.Length;
        label.CopyTo(destination[at..]);
        at += label.Length;
        destination[at++] = (byte)context.Length;
        context.CopyTo(destination[at..]);
        return at + context.Length;
    }

    /// <summary>
    /// initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id) for QUIC version 1 (RFC 9001 §5.2).
    /// </summary>
    internal static void DeriveInitialSecret(ReadOnlySpan<byte> destinationConnectionId, Span<byte> initialSecret) =>
        HKDF.Extract(HashAlgorithmName.SHA256, destinationConnectionId, InitialSaltV1, initialSecret);

    /// <summary>
    /// The client and server Initial secrets of QUIC version 1 (RFC 9001 §5.2): HKDF-Expand-Label of the initial secret
    /// with "client in" and "server in". Both sides use the Destination Connection ID of the client's first Initial.
    /// </summary>
    /// <param name="destinationConnectionId">The Destination Connection ID field of the client's first Initial packet.</param>
    /// <param name="clientSecret">Receives client_initial_secret, 32 bytes.</param>
    /// <param name="serverSecret">Receives server_initial_secret, 32 bytes.</param>
    public static void DeriveInitialSecrets(ReadOnlySpan<byte> destinationConnectionId, Span<byte> clientSecret, Span<byte> serverSecret)
    {
        Span<byte> initialSecret = stackalloc byte[InitialSecretLength];
        DeriveInitialSecret(destinationConnectionId, initialSecret);
        HkdfExpandLabel(HashAlgorithmName.SHA256, initialSecret, ClientInLabel, default, clientSecret[..InitialSecretLength]);
        HkdfExpandLabel(HashAlgorithmName.SHA256, initialSecret, ServerInLabel, default, serverSecret[..InitialSecretLength]);
        CryptographicOperations.ZeroMemory(initialSecret);
    }

    /// <summary>The AEAD key of a traffic secret: HKDF-Expand-Label(secret, "quic key", "", key length) (RFC 9001 §5.1).</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The traffic secret.</param>
    /// <param name="key">Receives the key, <see cref="CipherSuiteExtensions.KeyLength"/> bytes.</param>
    public static void DeriveKey(CipherSuite suite, ReadOnlySpan<byte> secret, Span<byte> key) =>
        HkdfExpandLabel(suite.HashAlgorithm(), secret, KeyLabel, default, key[..suite.KeyLength()]);

    /// <summary>The AEAD IV of a traffic secret: HKDF-Expand-Label(secret, "quic iv", "", 12) (RFC 9001 §5.1).</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The traffic secret.</param>
    /// <param name="iv">Receives the IV, 12 bytes.</param>
    public static void DeriveIv(CipherSuite suite, ReadOnlySpan<byte> secret, Span<byte> iv) =>
        HkdfExpandLabel(suite.HashAlgorithm(), secret, IvLabel, default, iv[..IvLength]);

    /// <summary>
    /// The header protection key of a traffic secret: HKDF-Expand-Label(secret, "quic hp", "", key length)
    /// (RFC 9001 §5.1).
    /// </summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The traffic secret.</param>
    /// <param name="headerProtectionKey">Receives the key, <see cref="CipherSuiteExtensions.KeyLength"/> bytes.</param>
    public static void DeriveHeaderProtectionKey(CipherSuite suite, ReadOnlySpan<byte> secret, Span<byte> headerProtectionKey) =>
        HkdfExpandLabel(suite.HashAlgorithm(), secret, HeaderProtectionLabel, default, headerProtectionKey[..suite.KeyLength()]);

    /// <summary>
    /// The secret of the next key phase: HKDF-Expand-Label(secret, "quic ku", "", hash length) (RFC 9001 §6.1). The
    /// key and IV are then derived from it as from any secret; the header protection key is not updated ("The header
    /// protection key is not updated", RFC 9001 §6), so the caller keeps its <see cref="HeaderProtectionKey"/>.
    /// </summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The current traffic secret.</param>
    /// <param name="nextSecret">Receives the next secret, <see cref="CipherSuiteExtensions.HashLength"/> bytes.</param>
    public static void DeriveNextSecret(CipherSuite suite, ReadOnlySpan<byte> secret, Span<byte> nextSecret) =>
        HkdfExpandLabel(suite.HashAlgorithm(), secret, KeyUpdateLabel, default, nextSecret[..suite.HashLength()]);
}
