using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// A header protection key (RFC 9001 §5.4): turns a 16-byte sample of the protected payload into the 5-byte mask that
/// hides the low bits of the first byte and the packet number. AES-ECB for the AES suites (§5.4.3), the ChaCha20 block
/// function for ChaCha20-Poly1305 (§5.4.4).
/// </summary>
/// <remarks>
/// The key holds its cipher for its lifetime, so computing a mask allocates nothing. One instance serves one thread
/// at a time (it keeps scratch buffers), as a connection's keys do. A key update leaves it unchanged
/// (RFC 9001 §6: "The header protection key is not updated").
/// </remarks>
public abstract class HeaderProtectionKey : IDisposable
{
    /// <summary>The length of the sample taken from the protected payload (RFC 9001 §5.4.2).</summary>
    public const int SampleLength = 16;

    /// <summary>The length of the mask used (RFC 9001 §5.4.1: one byte for the first byte, up to four for the packet number).</summary>
    public const int MaskLength = 5;

    private protected HeaderProtectionKey(CipherSuite cipherSuite) => CipherSuite = cipherSuite;

    /// <summary>The cipher suite the key belongs to.</summary>
    public CipherSuite CipherSuite { get; }

    /// <summary>Makes a header protection key from its raw bytes.</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="key">The key, <see cref="CipherSuiteExtensions.KeyLength"/> bytes.</param>
    /// <returns>The key; dispose it when the keys of its packet number space are discarded.</returns>
    public static HeaderProtectionKey Create(CipherSuite suite, ReadOnlySpan<byte> key)
    {
        if (key.Length != suite.KeyLength())
        {
            throw new ArgumentException($"A {suite} header protection key is {suite.KeyLength()} bytes.", nameof(key));
        }

        return suite switch
        {
            CipherSuite.TLS_CHACHA20_POLY1305_SHA256 => new ChaCha20HeaderProtectionKey(key),
            _ => new AesHeaderProtectionKey(suite, key),
        };
    }

    /// <summary>Derives the header protection key of a traffic secret ("quic hp", RFC 9001 §5.1) and makes the key.</summary>
    /// <param name="suite">The negotiated cipher suite.</param>
    /// <param name="secret">The traffic secret.</param>
    /// <returns>The key; dispose it when the keys of its packet number space are discarded.</returns>
    public static HeaderProtectionKey FromSecret(CipherSuite suite, ReadOnlySpan<byte> secret)
    {
        Span<byte> key = stackalloc byte[32];
        key = key[..suite.KeyLength()];
        KeySchedule.DeriveHeaderProtectionKey(suite, secret, key);
        try
        {
            return Create(suite, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Computes the mask for a sample (RFC 9001 §5.4.1): mask = header_protection(hp_key, sample).</summary>
    /// <param name="sample">The 16-byte sample.</param>
    /// <param name="mask">Receives the first <see cref="MaskLength"/> bytes of the mask.</param>
    public abstract void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask);

    /// <summary>Releases the cipher.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the cipher.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
