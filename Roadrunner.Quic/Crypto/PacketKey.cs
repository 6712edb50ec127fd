using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The AEAD half of packet protection (RFC 9001 §5.3): a key and IV for one direction, one packet number space and one
/// key phase. The nonce of a packet is the IV XORed with its packet number, left-padded to 12 bytes; the associated
/// data is the header, up to and including the packet number.
/// </summary>
/// <remarks>
/// The AEAD cipher (<see cref="AesGcm"/> or <see cref="ChaCha20Poly1305"/>) is created once with the key and reused,
/// so sealing and opening allocate nothing. One instance serves one thread at a time. On a key update
/// (RFC 9001 §6) a new <see cref="PacketKey"/> comes from the next secret (<see cref="KeySchedule.DeriveNextSecret"/>).
/// </remarks>
public sealed class PacketKey : IDisposable
{
    /// <summary>The length of the authentication tag of every supported AEAD (RFC 9001 §5.3: 16 bytes).</summary>
    public const int TagLength = 16;

    private readonly AesGcm? _aesGcm;
    private readonly ChaCha20Poly1305? _chaCha;

    // The IV, split so the nonce of a packet is a few word operations away: the first four bytes as they are, the last
    // eight as a big-endian integer the packet number is XORed into.
    private readonly uint _ivHead;
    private readonly ulong _ivTail;

    /// <summary>Makes a packet key from a raw AEAD key and IV.</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="key">The AEAD key, <see cref="CipherSuiteExtensions.KeyLength"/> bytes.</param>
    /// <param name="iv">The IV, 12 bytes.</param>
    /// <exception cref="PlatformNotSupportedException">The platform lacks the suite's AEAD (ChaCha20-Poly1305 needs
    /// <see cref="ChaCha20Poly1305.IsSupported"/>).</exception>
    public PacketKey(CipherSuite suite, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (key.Length != suite.KeyLength())
        {
            throw new ArgumentException($"A {suite} key is {suite.KeyLength()} bytes.", nameof(key));
        }

        if (iv.Length != KeySchedule.IvLength)
        {
            throw new ArgumentException($"A packet protection IV is {KeySchedule.IvLength} bytes.", nameof(iv));
        }

        CipherSuite = suite;
        _ivHead = BinaryPrimitives.ReadUInt32BigEndian(iv);
        _ivTail = BinaryPrimitives.ReadUInt64BigEndian(iv[4..]);
        if (suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256)
        {
            if (!ChaCha20Poly1305.IsSupported)
            {
                throw new PlatformNotSupportedException("ChaCha20-Poly1305 is not available on this platform.");
            }

            _chaCha = new ChaCha20Poly1305(key);
        }
        else
        {
            _aesGcm = new AesGcm(key, TagLength);
        }
    }

    /// <summary>The cipher suite the key belongs to.</summary>
    public CipherSuite CipherSuite { get; }

    /// <summary>Derives the key ("quic key") and IV ("quic iv") of a traffic secret (RFC 9001 §5.1) and makes the packet key.</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The traffic secret.</param>
    /// <returns>The key; dispose it when it is discarded.</returns>
    public static PacketKey FromSecret(CipherSuite suite, ReadOnlySpan<byte> secret)
    {
        Span<byte> key = stackalloc byte[32];
        key = key[..suite.KeyLength()];
        Span<byte> iv = stackalloc byte[KeySchedule.IvLength];
        KeySchedule.DeriveKey(suite, secret, key);
        KeySchedule.DeriveIv(suite, secret, iv);
        try
        {
            return new PacketKey(suite, key, iv);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(iv);
        }
    }

    /// <summary>Encrypts a payload in place and writes its tag (RFC 9001 §5.3).</summary>
    /// <param name="packetNumber">The full packet number (not its truncated encoding).</param>
    /// <param name="header">The associated data: the unprotected header, through the packet number.</param>
    /// <param name="payload">The plaintext, replaced by the ciphertext.</param>
    /// <param name="tag">Receives the <see cref="TagLength"/>-byte tag.</param>
    public void Seal(ulong packetNumber, ReadOnlySpan<byte> header, Span<byte> payload, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[KeySchedule.IvLength];
        MakeNonce(packetNumber, nonce);
        if (_aesGcm is not null)
        {
            _aesGcm.Encrypt(nonce, payload, payload, tag[..TagLength], header);
        }
        else
        {
            _chaCha!.Encrypt(nonce, payload, payload, tag[..TagLength], header);
        }
    }

    /// <summary>Checks the tag of a payload and decrypts it in place (RFC 9001 §5.3).</summary>
    /// <param name="packetNumber">The full packet number, recovered from its truncated encoding.</param>
    /// <param name="header">The associated data: the header with protection removed, through the packet number.</param>
    /// <param name="payload">The ciphertext, replaced by the plaintext (or by zeros on failure).</param>
    /// <param name="tag">The <see cref="TagLength"/>-byte tag that followed the payload.</param>
    /// <returns>False when authentication fails; RFC 9000 §12.2 says such a packet is discarded, not answered.</returns>
    /// <remarks>
    /// The platform reports a bad tag only by throwing, so a forged packet costs one caught exception here; that is
    /// the price of using the system AEAD, and the integrity limit (<see cref="CipherSuiteExtensions.IntegrityLimit"/>)
    /// bounds how often it can be paid per connection.
    /// </remarks>
    public bool TryOpen(ulong packetNumber, ReadOnlySpan<byte> header, Span<byte> payload, ReadOnlySpan<byte> tag)
    {
        if (tag.Length < TagLength)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[KeySchedule.IvLength];
        MakeNonce(packetNumber, nonce);
        try
        {
            if (_aesGcm is not null)
            {
                _aesGcm.Decrypt(nonce, payload, tag[..TagLength], payload, header);
            }
            else
            {
                _chaCha!.Decrypt(nonce, payload, tag[..TagLength], payload, header);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>Releases the AEAD cipher.</summary>
    public void Dispose()
    {
        _aesGcm?.Dispose();
        _chaCha?.Dispose();
    }

    /// <summary>
    /// RFC 9001 §5.3: "The 62 bits of the reconstructed QUIC packet number in network byte order are left-padded with
    /// zeros to the size of the IV. The exclusive OR of the padded packet number and the IV forms the AEAD nonce."
    /// </summary>
    private void MakeNonce(ulong packetNumber, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _ivHead);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _ivTail ^ packetNumber);
    }
}
