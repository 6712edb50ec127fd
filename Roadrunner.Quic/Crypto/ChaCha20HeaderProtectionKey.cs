using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// ChaCha20-based header protection (RFC 9001 §5.4.4): counter = sample[0..4] little-endian, nonce = sample[4..16],
/// mask = ChaCha20(hp_key, counter, nonce, {0,0,0,0,0}), that is the first five keystream bytes of that block.
/// </summary>
internal sealed class ChaCha20HeaderProtectionKey : HeaderProtectionKey
{
    private readonly uint[] _key = new uint[8];

    public ChaCha20HeaderProtectionKey(ReadOnlySpan<byte> key)
        : base(CipherSuite.TLS_CHACHA20_POLY1305_SHA256) => ChaCha20.ReadKey(key, _key);

    /// <inheritdoc/>
    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        uint counter = BinaryPrimitives.ReadUInt32LittleEndian(sample);
        Span<byte> block = stackalloc byte[ChaCha20.BlockSize];
        ChaCha20.Block(_key, counter, sample.Slice(4, ChaCha20.NonceSize), block);

        // Encrypting five zero bytes yields the keystream itself.
        block[..MaskLength].CopyTo(mask);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_key.AsSpan()));
        }

        base.Dispose(disposing);
    }
}
