using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.Endpoints;

/// <summary>
/// The tokens a server endpoint hands out to prove a client's address later (RFC 9000 §8.1.2 Retry tokens, §8.1.3
/// NEW_TOKEN tokens): authenticated and encrypted with one key, bound to the client's address and port, and stamped
/// with their issue time so they expire. Endpoints given the same key accept each other's tokens.
/// </summary>
internal sealed class QuicAddressTokens : IDisposable
{
    /// <summary>
    /// RFC 9000 §8.1.3: "A server MUST ensure that tokens it sends in NEW_TOKEN frames are distinguishable from Retry
    /// tokens"; the kind byte leads the token and is authenticated with it, so one kind can never pass for the other.
    /// </summary>
    public const byte RetryKind = 0x52;

    /// <summary>The kind byte of a NEW_TOKEN token.</summary>
    public const byte NewTokenKind = 0x4e;

    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly AesGcm _cipher;

    /// <summary>Derives the token cipher's key from <paramref name="secret"/>.</summary>
    public QuicAddressTokens(ReadOnlySpan<byte> secret)
    {
        Span<byte> key = stackalloc byte[32];
        HMACSHA256.HashData(secret, "retry token key"u8, key);
        _cipher = new AesGcm(key, TagLength);
    }

    /// <summary>
    /// A token: kind || nonce || AES-GCM(issue time, original DCID, retry SCID) || tag, with the kind and the client
    /// address as associated data. A NEW_TOKEN token carries empty connection IDs.
    /// </summary>
    public byte[] Seal(byte kind, QuicConnectionId original, QuicConnectionId retrySource, IPEndPoint remote, long now)
    {
        int plainLength = 8 + 1 + original.Length + 1 + retrySource.Length;
        var whole = new byte[1 + NonceLength + plainLength + TagLength];
        whole[0] = kind;
        var token = whole.AsSpan(1);
        var nonce = token[..NonceLength];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[plainLength];
        BinaryPrimitives.WriteInt64BigEndian(plain, now);
        plain[8] = (byte)original.Length;
        original.Span.CopyTo(plain[9..]);
        plain[9 + original.Length] = (byte)retrySource.Length;
        retrySource.Span.CopyTo(plain[(10 + original.Length)..]);
        Span<byte> associated = stackalloc byte[33];
        associated[0] = kind;
        int associatedLength = 1 + WriteAddress(remote, associated[1..]);
        _cipher.Encrypt(nonce, plain, token.Slice(NonceLength, plainLength), token[(NonceLength + plainLength)..], associated[..associatedLength]);
        return whole;
    }

    /// <summary>
    /// Opens a token received from <paramref name="remote"/>: false for a token of another kind, another address,
    /// another key, a forged or altered one, or one older than the lifetime of its kind.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> whole, IPEndPoint remote, long now, long retryLifetime, long newTokenLifetime, out byte kind, out QuicConnectionId original, out QuicConnectionId retrySource)
    {
        original = default;
        retrySource = default;
        kind = whole.IsEmpty ? (byte)0 : whole[0];
        if (kind is not (RetryKind or NewTokenKind))
        {
            return false;
        }

        var token = whole[1..];
        int plainLength = token.Length - NonceLength - TagLength;
        if (plainLength < 10 || plainLength > 64)
        {
            return false;
        }

        Span<byte> plain = stackalloc byte[plainLength];
        Span<byte> associated = stackalloc byte[33];
        associated[0] = kind;
        int associatedLength = 1 + WriteAddress(remote, associated[1..]);
        try
        {
            _cipher.Decrypt(token[..NonceLength], token.Slice(NonceLength, plainLength), token[^TagLength..], plain, associated[..associatedLength]);
        }
        catch (CryptographicException)
        {
            return false;
        }

        long issued = BinaryPrimitives.ReadInt64BigEndian(plain);
        long lifetime = kind == NewTokenKind ? newTokenLifetime : retryLifetime;
        if (now - issued > lifetime || issued > now)
        {
            return false;
        }

        int originalLength = plain[8];
        if (originalLength > QuicConnectionId.MaxLength || 10 + originalLength > plainLength)
        {
            return false;
        }

        int retryLength = plain[9 + originalLength];
        if (retryLength > QuicConnectionId.MaxLength || 10 + originalLength + retryLength != plainLength)
        {
            return false;
        }

        original = new QuicConnectionId(plain.Slice(9, originalLength));
        retrySource = new QuicConnectionId(plain[(10 + originalLength)..]);
        return true;
    }

    private static int WriteAddress(IPEndPoint remote, Span<byte> destination)
    {
        remote.Address.TryWriteBytes(destination, out int written);
        BinaryPrimitives.WriteUInt16BigEndian(destination[written..], (ushort)remote.Port);
        return written + 2;
    }

    /// <summary>Disposes the cipher.</summary>
    public void Dispose() => _cipher.Dispose();
}
