using Roadrunner.Hpack.Huffman;
using Roadrunner.Hpack.Integers;

namespace Roadrunner.Hpack.Encoding;

/// <summary>Writes §5.2 string literals, raw or Huffman-encoded as the policy says.</summary>
internal static class StringLiteralEncoder
{
    /// <summary>The longest code is 30 bits: the most a Huffman form can grow an octet.</summary>
    private const int MaxBitsPerOctet = 30;

    /// <summary>The most octets a string of <paramref name="length"/> octets can take under <paramref name="policy"/>.</summary>
    public static long GetMaxLength(int length, HpackHuffman policy) =>
        IntegerEncoder.MaxLength + (policy == HpackHuffman.Always ? ((long)length * MaxBitsPerOctet + 7) / 8 : length);

    /// <summary>Writes <paramref name="value"/> as a string literal and returns the octets written.</summary>
    /// <param name="value">The string.</param>
    /// <param name="destination">At least <see cref="GetMaxLength"/> octets.</param>
    /// <param name="policy">When to use Huffman coding.</param>
    public static int Write(ReadOnlySpan<byte> value, Span<byte> destination, HpackHuffman policy)
    {
        int written;
        if (policy == HpackHuffman.Always || (policy == HpackHuffman.WhenShorter && value.Length > 1))
        {
            // A single octet never shrinks (every code is at least 5 bits), so it skips the count.
            int encodedLength = HuffmanEncoder.GetEncodedLength(value);
            if (policy == HpackHuffman.Always || encodedLength < value.Length)
            {
                //   0   1   2   3   4   5   6   7
                // +---+---+---+---+---+---+---+---+
                // | H |    String Length (7+)     |
                // +---+---------------------------+
                IntegerEncoder.TryEncode(encodedLength, 7, 0x80, destination, out written);
                HuffmanEncoder.TryEncode(value, destination[written..], out int huffmanWritten);
                return written + huffmanWritten;
            }
        }
        IntegerEncoder.TryEncode(value.Length, 7, 0x00, destination, out written);
        value.CopyTo(destination[written..]);
        return written + value.Length;
    }
}
