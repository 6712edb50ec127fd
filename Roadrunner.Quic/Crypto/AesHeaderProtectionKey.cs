using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// AES-based header protection (RFC 9001 §5.4.3): mask = AES-ECB(hp_key, sample), the first five bytes.
/// </summary>
/// <remarks>
/// The mask comes from a cached ECB encryptor fed through two fixed 16-byte buffers. <c>Aes.EncryptEcb</c>, the
/// one-shot alternative, builds a native cipher context on every call and allocates 64 bytes per packet on .NET 10;
/// the cached transform reuses one context and allocates nothing.
/// </remarks>
internal sealed class AesHeaderProtectionKey : HeaderProtectionKey
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _block = new byte[SampleLength];
    private readonly byte[] _output = new byte[SampleLength];

    public AesHeaderProtectionKey(CipherSuite suite, ReadOnlySpan<byte> key)
        : base(suite)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <inheritdoc/>
    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        sample[..SampleLength].CopyTo(_block);
        _encryptor.TransformBlock(_block, 0, SampleLength, _output, 0);
        _output.AsSpan(0, MaskLength).CopyTo(mask);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encryptor.Dispose();
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_output);
        }

        base.Dispose(disposing);
    }
}
