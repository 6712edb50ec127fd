namespace Roadrunner.Hpack.Huffman;

/// <summary>Encodes string literals with the Huffman code of RFC 7541 Appendix B.</summary>
public static class HuffmanEncoder
{
    /// <summary>The number of octets <paramref name="source"/> takes once Huffman-encoded and padded.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> source)
    {
        ReadOnlySpan<byte> lengths = HuffmanCode.Lengths;
        long bits = 0;
        foreach (byte b in source) bits += lengths[b];
        return (int)((bits + 7) >> 3);
    }

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>False when <paramref name="destination"/> is shorter than <see cref="GetEncodedLength"/>.</returns>
    public static bool TryEncode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        ReadOnlySpan<uint> codes = HuffmanCode.Codes;
        ReadOnlySpan<byte> lengths = HuffmanCode.Lengths;
        ulong pending = 0;   // the low `count` bits are still to be written
        int count = 0;
        int written = 0;
        bytesWritten = 0;
        foreach (byte b in source)
        {
            // At most 7 bits wait when a code of at most 30 arrives: 37 bits fit in 64.
            pending = (pending << lengths[b]) | codes[b];
            count += lengths[b];
            while (count >= 8)
            {
                if ((uint)written >= (uint)destination.Length) return false;
                count -= 8;
                destination[written++] = (byte)(pending >> count);
            }
        }
        if (count > 0)
        {
            // §5.2: "the most significant bits of the code corresponding to the EOS symbol are used" as padding.
            if ((uint)written >= (uint)destination.Length) return false;
            destination[written++] = (byte)((pending << (8 - count)) | (0xFFu >> count));
        }
        bytesWritten = written;
        return true;
    }
}
