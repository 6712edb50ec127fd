using System.Security.Cryptography;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// The handshake transcript (RFC 8446 §4.4.1): every handshake message, header included, in the order sent and
/// received. It is kept as bytes and hashed on demand, because the hash is only known once the cipher suite is chosen
/// and a HelloRetryRequest rewrites the first ClientHello into a message_hash.
/// </summary>
internal sealed class TlsTranscript
{
    private readonly TlsWriter _messages = new();

    /// <summary>Appends a whole handshake message (type, length and body).</summary>
    public void Append(ReadOnlySpan<byte> message) => _messages.WriteBytes(message);

    /// <summary>Writes Transcript-Hash of everything appended so far; returns the hash length.</summary>
    public int Hash(HashAlgorithmName hash, Span<byte> destination) =>
        CryptographicOperations.HashData(hash, _messages.Written, destination);

    /// <summary>
    /// Replaces the transcript, which holds ClientHello1 alone, by the synthetic message_hash message of RFC 8446
    /// §4.4.1: <c>message_hash(254) || 00 00 Hash.length || Hash(ClientHello1)</c>.
    /// </summary>
    public void ReplaceWithMessageHash(HashAlgorithmName hash)
    {
        Span<byte> digest = stackalloc byte[64];
        int length = Hash(hash, digest);
        var rewritten = new TlsWriter();
        rewritten.WriteUInt8((byte)TlsHandshakeType.MessageHash);
        rewritten.WriteUInt24(length);
        rewritten.WriteBytes(digest[..length]);
        _messages.Reset();
        _messages.WriteBytes(rewritten.Written);
    }
}
