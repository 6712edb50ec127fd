using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Roadrunner.WebSockets.Frames;

/// <summary>
/// Client-to-server masking (RFC 6455 §5.3): "Octet i of the transformed data ("transformed-octet-i") is the
/// XOR of octet i of the original data ("original-octet-i") with octet at index i modulo 4 of the masking key".
/// The same operation masks and unmasks. Vectorised with <see cref="Vector256"/> / <see cref="Vector128"/> XOR
/// against the key repeated and rotated to the starting offset.
/// </summary>
internal static class Masking
{
    /// <summary>
    /// XORs <paramref name="data"/> in place with <paramref name="key"/> (wire bytes read little-endian), where
    /// <c>data[0]</c> is payload octet number <paramref name="offset"/>, so a payload can be unmasked in pieces.
    /// </summary>
    public static void Apply(Span<byte> data, uint key, long offset)
    {
        // The key rotated so that its first byte applies to data[0]: with the key read little-endian, byte i of
        // the key is bits 8i..8i+7, and starting at key byte r means rotating right by 8r bits.
        uint rotated = BitOperations.RotateRight(key, (int)(offset & 3) * 8);
        // The same four bytes as a native-endian word, for word-at-a-time XOR.
        uint word = BitConverter.IsLittleEndian ? rotated : BinaryPrimitives.ReverseEndianness(rotated);

        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;

        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            var mask = Vector256.Create(word).AsByte();
            nuint last = length - (nuint)Vector256<byte>.Count;
            for (; i <= last; i += (nuint)Vector256<byte>.Count)
                (Vector256.LoadUnsafe(ref start, i) ^ mask).StoreUnsafe(ref start, i);
        }
        if (Vector128.IsHardwareAccelerated && length - i >= (nuint)Vector128<byte>.Count)
        {
            var mask = Vector128.Create(word).AsByte();
            nuint last = length - (nuint)Vector128<byte>.Count;
            for (; i <= last; i += (nuint)Vector128<byte>.Count)
                (Vector128.LoadUnsafe(ref start, i) ^ mask).StoreUnsafe(ref start, i);
        }
        // i is a multiple of 4 here, so the rotation still lines up.
        for (; length - i >= 4; i += 4)
        {
            ref byte at = ref Unsafe.Add(ref start, i);
            Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<uint>(ref at) ^ word);
        }
        for (; i < length; i++)
            Unsafe.Add(ref start, i) ^= (byte)(rotated >> (int)((i & 3) * 8));
    }
}
