using System.Buffers.Binary;

namespace Roadrunner.Quic.Varints;

/// <summary>
/// The variable-length integers of RFC 9000 §16: the two most significant bits of the first byte give the length
/// (1, 2, 4 or 8 bytes), the remaining bits hold the value in network byte order, so values go up to 2^62-1.
/// <code>
/// | 2MSB | Length | Usable Bits | Range                 |
/// | 00   | 1      | 6           | 0-63                  |
/// | 01   | 2      | 14          | 0-16383               |
/// | 10   | 4      | 30          | 0-1073741823          |
/// | 11   | 8      | 62          | 0-4611686018427387903 |
/// </code>
/// </summary>
/// <remarks>
/// Reading accepts any of the legal lengths for a value: §16 "Values do not need to be encoded on the minimum number
/// of bytes necessary", so 0x4025 reads as 37 like 0x25 does. Writing uses the shortest form unless a length is asked for.
/// </remarks>
public static class Varint
{
    /// <summary>The largest value a variable-length integer can hold, 2^62-1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The most bytes a variable-length integer takes.</summary>
    public const int MaxLength = 8;

    /// <summary>The length in bytes of the integer whose first byte is <paramref name="firstByte"/>.</summary>
    public static int GetLengthFromFirstByte(byte firstByte) => 1 << (firstByte >> 6);

    /// <summary>The number of bytes the shortest encoding of <paramref name="value"/> takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is above <see cref="MaxValue"/>.</exception>
    public static int GetLength(ulong value)
    {
        if (value <= 63) return 1;
        if (value <= 16383) return 2;
        if (value <= 1073741823) return 4;
        if (value <= MaxValue) return 8;
        throw new ArgumentOutOfRangeException(nameof(value), value, "RFC 9000 §16: a variable-length integer holds at most 2^62-1.");
    }

    /// <summary>
    /// Reads one variable-length integer from the start of <paramref name="source"/>. Returns false, with
    /// <paramref name="bytesRead"/> 0, when <paramref name="source"/> ends before the integer does.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        int length = GetLengthFromFirstByte(source[0]);
        if (source.Length < length)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        value = length switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3FFFu,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3FFF_FFFFu,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & MaxValue,
        };
        bytesRead = length;
        return true;
    }

    /// <summary>
    /// Writes <paramref name="value"/> in its shortest form. Returns false, writing nothing, when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is above <see cref="MaxValue"/>.</exception>
    public static bool TryWrite(Span<byte> destination, ulong value, out int bytesWritten) =>
        TryWrite(destination, value, GetLength(value), out bytesWritten);

    /// <summary>
    /// Writes <paramref name="value"/> on exactly <paramref name="length"/> bytes (1, 2, 4 or 8), which may be longer than
    /// needed (§16 allows it; a Length field written before its packet is complete relies on it). Returns false,
    /// writing nothing, when <paramref name="destination"/> is too small.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="length"/> is not 1, 2, 4 or 8, or <paramref name="value"/> does not fit in it.
    /// </exception>
    public static bool TryWrite(Span<byte> destination, ulong value, int length, out int bytesWritten)
    {
        if (length is not (1 or 2 or 4 or 8)) throw new ArgumentOutOfRangeException(nameof(length), length, "A variable-length integer takes 1, 2, 4 or 8 bytes.");
        if (GetLength(value) > length) throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit in the requested length.");
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        switch (length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                break;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                break;
        }

        bytesWritten = length;
        return true;
    }
}
