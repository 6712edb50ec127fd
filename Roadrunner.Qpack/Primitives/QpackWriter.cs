using Roadrunner.Hpack;
using Roadrunner.Hpack.Huffman;
using Roadrunner.Hpack.Integers;

namespace Roadrunner.Qpack.Primitives;

/// <summary>
/// Writes the primitives of RFC 9204 §4.1 into a span: prefixed integers (through Roadrunner.Hpack's encoder) and
/// N-bit-prefix string literals, Huffman-coded (Roadrunner.Hpack's coder) as the policy says.
/// </summary>
internal static class QpackWriter
{
    /// <summary>The longest code is 30 bits: the most a Huffman form can grow an octet.</summary>
    private const int MaxHuffmanBitsPerOctet = 30;

    /// <summary>The most octets a string literal of <paramref name="length"/> octets can take under <paramref name="policy"/>, length prefix included.</summary>
    public static int MaxStringLength(int length, HpackHuffman policy) =>
        checked(IntegerEncoder.MaxLength + (policy == HpackHuffman.Always ? (int)(((long)length * MaxHuffmanBitsPerOctet + 7) / 8) : length));

    /// <summary>Writes a §4.1.1 integer; <paramref name="destination"/> has at least <see cref="IntegerEncoder.MaxLength"/> octets.</summary>
    public static int WriteInteger(Span<byte> destination, int value, int prefixBits, byte pattern)
    {
        IntegerEncoder.TryEncode(value, prefixBits, pattern, destination, out int written);
        return written;
    }

    /// <summary>
    /// Writes a §4.1.1 integer up to 2^62-1 (stream IDs, counts); <paramref name="destination"/> has at least
    /// <see cref="QpackReader.MaxIntegerLength"/> octets.
    /// </summary>
    public static int WriteInteger(Span<byte> destination, long value, int prefixBits, byte pattern)
    {
        int mask = (1 << prefixBits) - 1;
        if (value < mask)
        {
            destination[0] = (byte)(pattern | value);
            return 1;
        }

        // RFC 7541 §5.1: the prefix all ones, then 7-bit groups, least significant first.
        destination[0] = (byte)(pattern | mask);
        ulong rest = (ulong)(value - mask);
        int i = 1;
        while (rest >= 0x80)
        {
            destination[i++] = (byte)(rest | 0x80);
            rest >>= 7;
        }
        destination[i++] = (byte)rest;
        return i;
    }

    /// <summary>
    /// Writes a §4.1.2 string literal whose first octet carries <paramref name="pattern"/> above an N-bit prefix (H
    /// flag, then an (N-1)-bit length). <paramref name="destination"/> has at least <see cref="MaxStringLength"/> octets.
    /// </summary>
    public static int WriteString(Span<byte> destination, ReadOnlySpan<byte> value, int prefixBits, byte pattern, HpackHuffman policy)
    {
        byte huffmanFlag = (byte)(1 << (prefixBits - 1));
        if (policy == HpackHuffman.Always || (policy == HpackHuffman.WhenShorter && value.Length > 1))
        {
            // A single octet never shrinks (every code is at least 5 bits), so it skips the count.
            int encodedLength = HuffmanEncoder.GetEncodedLength(value);
            if (policy == HpackHuffman.Always || encodedLength < value.Length)
            {
                int header = WriteInteger(destination, encodedLength, prefixBits - 1, (byte)(pattern | huffmanFlag));
                HuffmanEncoder.TryEncode(value, destination[header..], out int huffmanWritten);
                return header + huffmanWritten;
            }
        }
        int written = WriteInteger(destination, value.Length, prefixBits - 1, pattern);
        value.CopyTo(destination[written..]);
        return written + value.Length;
    }
}
