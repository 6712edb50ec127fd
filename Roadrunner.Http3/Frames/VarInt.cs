namespace Roadrunner.Http3.Frames;

/// <summary>QUIC variable-length integers (RFC 9000 §16), the integers of every HTTP/3 frame and stream header.</summary>
internal static class VarInt
{
    /// <summary>The largest value: 2^62-1.</summary>
    public const long Max = (1L << 62) - 1;

    /// <summary>The longest encoding.</summary>
    public const int MaxLength = 8;

    /// <summary>Reads one integer; false when <paramref name="source"/> ends inside it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out long value, out int length)
    {
        value = 0;
        length = 0;
        if (source.IsEmpty) return false;

        // The two most significant bits of the first octet give the length: 1, 2, 4 or 8 octets.
        int size = 1 << (source[0] >> 6);
        if (source.Length < size) return false;
        long result = source[0] & 0x3f;
        for (int i = 1; i < size; i++) result = (result << 8) | source[i];
        value = result;
        length = size;
        return true;
    }

    /// <summary>The octets <paramref name="value"/> takes.</summary>
    public static int LengthOf(long value) => value switch
    {
        < 0x40 => 1,
        < 0x4000 => 2,
        < 0x4000_0000 => 4,
        _ => 8,
    };

    /// <summary>Writes <paramref name="value"/> (0 to 2^62-1) in its shortest form; returns the octets written.</summary>
    public static int Write(Span<byte> destination, long value)
    {
        int length = LengthOf(value);
        ulong bits = (ulong)value;
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)bits;
            bits >>= 8;
        }
        destination[0] |= length switch
        {
            1 => 0x00,
            2 => 0x40,
            4 => 0x80,
            _ => 0xc0,
        };
        return length;
    }
}
