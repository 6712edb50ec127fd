using System.Buffers.Binary;
using System.Numerics;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// The ChaCha20 block function (RFC 8439 §2.3), which the platform does not expose on its own (only inside
/// ChaCha20-Poly1305). QUIC needs it bare for header protection (RFC 9001 §5.4.4).
/// </summary>
/// <remarks>
/// Additions, XORs and fixed rotations only: the function runs in the same time for every key and input.
/// </remarks>
internal static class ChaCha20
{
    /// <summary>The size of one keystream block, in bytes.</summary>
    public const int BlockSize = 64;

    /// <summary>The key size, in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The nonce size, in bytes (the 96-bit nonce of RFC 8439 §2.3).</summary>
    public const int NonceSize = 12;

    // RFC 8439 §2.3: the constants "expand 32-byte k" as four little-endian words.
    private const uint Sigma0 = 0x61707865;
    private const uint Sigma1 = 0x3320646e;
    private const uint Sigma2 = 0x79622d32;
    private const uint Sigma3 = 0x6b206574;

    /// <summary>Reads a 32-byte key into the eight little-endian words the state holds (RFC 8439 §2.3).</summary>
    public static void ReadKey(ReadOnlySpan<byte> key, Span<uint> words)
    {
        for (int i = 0; i < 8; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }
    }

    /// <summary>
    /// One 64-byte keystream block for a key, a 32-bit block counter and a 96-bit nonce (RFC 8439 §2.3): twenty rounds
    /// over the state (ten column-and-diagonal double rounds), the input state added back, serialized little-endian.
    /// </summary>
    /// <param name="key">The key as eight words (<see cref="ReadKey"/>).</param>
    /// <param name="counter">The block counter.</param>
    /// <param name="nonce">The 12-byte nonce.</param>
    /// <param name="output">Receives the 64-byte block.</param>
    public static void Block(ReadOnlySpan<uint> key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> output)
    {
        uint k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3], k4 = key[4], k5 = key[5], k6 = key[6], k7 = key[7];
        uint n0 = BinaryPrimitives.ReadUInt32LittleEndian(nonce);
        uint n1 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
        uint n2 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]);

        // The state matrix, word by word (RFC 8439 §2.3):
        //   cccccccc  cccccccc  cccccccc  cccccccc
        //   kkkkkkkk  kkkkkkkk  kkkkkkkk  kkkkkkkk
        //   kkkkkkkk  kkkkkkkk  kkkkkkkk  kkkkkkkk
        //   bbbbbbbb  nnnnnnnn  nnnnnnnn  nnnnnnnn
        uint x0 = Sigma0, x1 = Sigma1, x2 = Sigma2, x3 = Sigma3;
        uint x4 = k0, x5 = k1, x6 = k2, x7 = k3;
        uint x8 = k4, x9 = k5, x10 = k6, x11 = k7;
        uint x12 = counter, x13 = n0, x14 = n1, x15 = n2;

        for (int i = 0; i < 10; i++)
        {
            // Column rounds.
            QuarterRound(ref x0, ref x4, ref x8, ref x12);
            QuarterRound(ref x1, ref x5, ref x9, ref x13);
            QuarterRound(ref x2, ref x6, ref x10, ref x14);
            QuarterRound(ref x3, ref x7, ref x11, ref x15);

            // Diagonal rounds.
            QuarterRound(ref x0, ref x5, ref x10, ref x15);
            QuarterRound(ref x1, ref x6, ref x11, ref x12);
            QuarterRound(ref x2, ref x7, ref x8, ref x13);
            QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(output, x0 + Sigma0);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], x1 + Sigma1);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], x2 + Sigma2);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], x3 + Sigma3);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], x4 + k0);
        BinaryPrimitives.WriteUInt32LittleEndian(output[20..], x5 + k1);
        BinaryPrimitives.WriteUInt32LittleEndian(output[24..], x6 + k2);
        BinaryPrimitives.WriteUInt32LittleEndian(output[28..], x7 + k3);
        BinaryPrimitives.WriteUInt32LittleEndian(output[32..], x8 + k4);
        BinaryPrimitives.WriteUInt32LittleEndian(output[36..], x9 + k5);
        BinaryPrimitives.WriteUInt32LittleEndian(output[40..], x10 + k6);
        BinaryPrimitives.WriteUInt32LittleEndian(output[44..], x11 + k7);
        BinaryPrimitives.WriteUInt32LittleEndian(output[48..], x12 + counter);
        BinaryPrimitives.WriteUInt32LittleEndian(output[52..], x13 + n0);
        BinaryPrimitives.WriteUInt32LittleEndian(output[56..], x14 + n1);
        BinaryPrimitives.WriteUInt32LittleEndian(output[60..], x15 + n2);
    }

    /// <summary>The quarter round of RFC 8439 §2.1.</summary>
    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 16);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 12);
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 8);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 7);
    }
}
