namespace Roadrunner.Hpack.Integers;

/// <summary>
/// Reads the prefixed integers of RFC 7541 §5.1 (shared with QPACK, RFC 9204 §4.1.1).
/// </summary>
/// <remarks>
/// <code>
///   0   1   2   3   4   5   6   7
/// +---+---+---+---+---+---+---+---+
/// | ? | ? | ? | 1   1   1   1   1 |   prefix all ones: the value continues
/// +---+---+---+-------------------+
/// | 1 |    Value-(2^N-1) LSB      |
/// +---+---------------------------+
///                ...
/// +---+---------------------------+
/// | 0 |    Value-(2^N-1) MSB      |
/// +---+---------------------------+
/// </code>
/// Values are bounded to <see cref="int.MaxValue"/>: §5.1 notes that "integer encodings that exceed
/// implementation limits ... MUST be treated as decoding errors", so a value past that, or a run of
/// continuation octets longer than such a value needs, is <see cref="IntegerDecodeStatus.Overflow"/>
/// rather than an unbounded loop over padding octets (0x80 0x80 ...).
/// </remarks>
public static class IntegerDecoder
{
    /// <summary>The most continuation octets a value up to <see cref="int.MaxValue"/> needs: 31 bits at 7 bits an octet.</summary>
    public const int MaxContinuationBytes = 5;

    /// <summary>
    /// Reads one integer whose first octet keeps its low <paramref name="prefixBits"/> bits for the value.
    /// </summary>
    /// <param name="source">Input starting at the integer's first octet (the bits above the prefix are ignored).</param>
    /// <param name="prefixBits">N, from 1 to 8.</param>
    /// <param name="value">The value when <see cref="IntegerDecodeStatus.Done"/>.</param>
    /// <param name="bytesConsumed">Octets used when <see cref="IntegerDecodeStatus.Done"/>; 0 otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="prefixBits"/> is not 1 to 8.</exception>
    public static IntegerDecodeStatus TryDecode(ReadOnlySpan<byte> source, int prefixBits, out int value, out int bytesConsumed)
    {
        if ((uint)(prefixBits - 1) > 7) ThrowPrefix(prefixBits);
        value = 0;
        bytesConsumed = 0;
        if (source.IsEmpty) return IntegerDecodeStatus.NeedMoreData;

        int mask = (1 << prefixBits) - 1;
        int prefix = source[0] & mask;
        if (prefix < mask)
        {
            // §5.1: "If the integer value is small enough, i.e., strictly less than 2^N-1, it is encoded within the N-bit prefix."
            value = prefix;
            bytesConsumed = 1;
            return IntegerDecodeStatus.Done;
        }

        long result = mask;
        int shift = 0;
        for (int i = 1; i <= MaxContinuationBytes; i++)
        {
            if (i >= source.Length) return IntegerDecodeStatus.NeedMoreData;
            byte b = source[i];
            result += (long)(b & 0x7F) << shift;
            if (result > int.MaxValue) return IntegerDecodeStatus.Overflow;
            if ((b & 0x80) == 0)
            {
                value = (int)result;
                bytesConsumed = i + 1;
                return IntegerDecodeStatus.Done;
            }
            shift += 7;
        }

        // A sixth continuation octet would be needed: no 31-bit value does that, so it is padding or an attack.
        return IntegerDecodeStatus.Overflow;
    }

    private static void ThrowPrefix(int prefixBits) =>
        throw new ArgumentOutOfRangeException(nameof(prefixBits), prefixBits, "An integer prefix is 1 to 8 bits.");
}
