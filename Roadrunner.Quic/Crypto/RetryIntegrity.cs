using System.Buffers;
using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The Retry Integrity Tag of QUIC version 1 (RFC 9001 §5.8): AEAD_AES_128_GCM with a fixed key and nonce, over an
/// empty plaintext, with the Retry pseudo-packet as associated data. It proves the Retry came from an on-path party
/// that saw the client's Initial, nothing more.
/// </summary>
public static class RetryIntegrity
{
    /// <summary>The length of the Retry Integrity Tag (RFC 9000 §17.2.5).</summary>
    public const int TagLength = 16;

    /// <summary>The longest connection ID of QUIC version 1 (RFC 9000 §17.2).</summary>
    private const int MaxConnectionIdLength = 20;

    /// <summary>Pseudo-packets up to this size are built on the stack; larger tokens rent a buffer.</summary>
    private const int StackLimit = 512;

    /// <summary>The fixed v1 key, 0xbe0c690b9f66575a1d766b54e368c84e (RFC 9001 §5.8).</summary>
    private static ReadOnlySpan<byte> Key =>
        [0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a, 0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68, 0xc8, 0x4e];

    /// <summary>The fixed v1 nonce, 0x461599d35d632bf2239825bb (RFC 9001 §5.8).</summary>
    private static ReadOnlySpan<byte> Nonce =>
        [0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b, 0xf2, 0x23, 0x98, 0x25, 0xbb];

    /// <summary>Computes the tag of a Retry packet (RFC 9001 §5.8).</summary>
    /// <param name="originalDestinationConnectionId">The Destination Connection ID of the client's Initial that the Retry answers.</param>
    /// <param name="retryWithoutTag">The Retry packet from its first byte through the Retry Token, without the tag.</param>
    /// <param name="tag">Receives the 16-byte tag.</param>
    public static void ComputeTag(ReadOnlySpan<byte> originalDestinationConnectionId, ReadOnlySpan<byte> retryWithoutTag, Span<byte> tag)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(originalDestinationConnectionId.Length, MaxConnectionIdLength, nameof(originalDestinationConnectionId));
        ArgumentOutOfRangeException.ThrowIfLessThan(tag.Length, TagLength, nameof(tag));

        // RFC 9001 §5.8, Retry Pseudo-Packet: ODCID Length (8), Original Destination Connection ID (0..160), then the
        // Retry packet's own fields (Header Form through Retry Token), that is the packet without its tag.
        int length = 1 + originalDestinationConnectionId.Length + retryWithoutTag.Length;
        byte[]? rented = null;
        Span<byte> pseudo = length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        pseudo = pseudo[..length];
        pseudo[0] = (byte)originalDestinationConnectionId.Length;
        originalDestinationConnectionId.CopyTo(pseudo[1..]);
        retryWithoutTag.CopyTo(pseudo[(1 + originalDestinationConnectionId.Length)..]);

        // Retry is rare and its key is public, so a cipher per call is simpler than a shared one that would need locking.
        using (var aead = new AesGcm(Key, TagLength))
        {
            aead.Encrypt(Nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag[..TagLength], pseudo);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Checks the tag that ends a received Retry packet (RFC 9001 §5.8; RFC 9000 §17.2.5.2: a client "MUST" discard a Retry whose tag fails).</summary>
    /// <param name="originalDestinationConnectionId">The Destination Connection ID of the Initial the client sent.</param>
    /// <param name="retryPacket">The whole Retry packet, tag included.</param>
    /// <returns>True when the tag is right; false when it is wrong or the packet is shorter than a tag.</returns>
    public static bool Verify(ReadOnlySpan<byte> originalDestinationConnectionId, ReadOnlySpan<byte> retryPacket)
    {
        if (retryPacket.Length < TagLength + 1)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(originalDestinationConnectionId, retryPacket[..^TagLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, retryPacket[^TagLength..]);
    }
}
