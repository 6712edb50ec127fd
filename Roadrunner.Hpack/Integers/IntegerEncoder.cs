namespace Roadrunner.Hpack.Integers;

/// <summary>Writes the prefixed integers of RFC 7541 §5.1 (shared with QPACK, RFC 9204 §4.1.1).</summary>
public static class IntegerEncoder
{
    /// <summary>The longest encoding of a non-negative <see cref="int"/>: the prefix octet and five continuation octets.</summary>
    public const int MaxLength = 6;

    /// <summary>The number of octets <paramref name="value"/> takes with an N-bit prefix.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative or <paramref name="prefixBits"/> is not 1 to 8.</exception>
    public static int GetEncodedLength(int value, int prefixBits)
    {
        Validate(value, prefixBits);
        int mask = (1 << prefixBits) - 1;
        if (value < mask) return 1;
        int length = 2;
        for (uint rest = (uint)(value - mask); rest >= 0x80; rest >>= 7) length++;
        return length;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with an N-bit prefix; the first octet's bits above the prefix come from
    /// <paramref name="pattern"/> (e.g. 0x80 for an indexed field, RFC 7541 §6.1).
    /// </summary>
    /// <returns>False, writing nothing useful, when <paramref name="destination"/> is too short.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative or <paramref name="prefixBits"/> is not 1 to 8.</exception>
    public static bool TryEncode(int value, int prefixBits, byte pattern, Span<byte> destination, out int bytesWritten)
    {
        Validate(value, prefixBits);
        bytesWritten = 0;
        if (destination.IsEmpty) return false;

        int mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            destination[0] = (byte)(pattern | value);
            bytesWritten = 1;
            return true;
        }

        // §5.1: the prefix is all ones, then the rest in 7-bit groups, least significant first.
        destination[0] = (byte)(pattern | mask);
        uint rest = (uint)(value - mask);
        int i = 1;
        while (rest >= 0x80)
        {
            if (i >= destination.Length) return false;
            destination[i++] = (byte)(rest | 0x80);
            rest >>= 7;
        }
        if (i >= destination.Length) return false;
        destination[i++] = (byte)rest;
        bytesWritten = i;
        return true;
    }

    private static void Validate(int value, int prefixBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if ((uint)(prefixBits - 1) > 7) throw new ArgumentOutOfRangeException(nameof(prefixBits), prefixBits, "An integer prefix is 1 to 8 bits.");
    }
}
