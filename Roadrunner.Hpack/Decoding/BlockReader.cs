using Roadrunner.Hpack.Huffman;
using Roadrunner.Hpack.Integers;

namespace Roadrunner.Hpack.Decoding;

/// <summary>
/// A cursor over one complete header block that reads the primitives of RFC 7541 §5. Each read returns null,
/// or the constant reason (<see cref="HpackErrors"/>) the block is malformed.
/// </summary>
internal ref struct BlockReader
{
    private readonly ReadOnlySpan<byte> _block;
    private int _position;

    public BlockReader(ReadOnlySpan<byte> block)
    {
        _block = block;
        _position = 0;
    }

    /// <summary>True when the whole block has been read.</summary>
    public readonly bool End => _position >= _block.Length;

    /// <summary>The next octet; only valid when not <see cref="End"/>.</summary>
    public readonly byte Peek() => _block[_position];

    /// <summary>Reads a §5.1 integer with an N-bit prefix.</summary>
    public string? ReadInteger(int prefixBits, out int value)
    {
        if (_position < _block.Length)
        {
            // Most integers fit in their prefix: one octet, no call.
            int mask = (1 << prefixBits) - 1;
            value = _block[_position] & mask;
            if (value < mask)
            {
                _position++;
                return null;
            }
        }

        var status = IntegerDecoder.TryDecode(_block[_position..], prefixBits, out value, out int consumed);
        if (status == IntegerDecodeStatus.Done)
        {
            _position += consumed;
            return null;
        }
        return status == IntegerDecodeStatus.NeedMoreData ? HpackErrors.IntegerTruncated : HpackErrors.IntegerOverflow;
    }

    /// <summary>
    /// Reads a §5.2 string literal. A raw string is returned in place (a slice of the block); a Huffman string is
    /// decoded into <paramref name="scratch"/> at <paramref name="offset"/>.
    /// </summary>
    /// <param name="scratch">Where Huffman strings are decoded.</param>
    /// <param name="offset">First free octet of <paramref name="scratch"/>.</param>
    /// <param name="bound">The most octets <paramref name="scratch"/> may grow to.</param>
    /// <param name="keep">False when the octets are not needed (the field will be neither delivered nor indexed): a Huffman string is then only checked.</param>
    /// <param name="value">The string; empty when not kept or too large.</param>
    /// <param name="scratchUsed">Octets of <paramref name="scratch"/> the string occupies from <paramref name="offset"/>.</param>
    /// <param name="tooLarge">True when a Huffman string did not fit within <paramref name="bound"/>.</param>
    public string? ReadString(ScratchBuffer scratch, int offset, int bound, bool keep, out ReadOnlySpan<byte> value, out int scratchUsed, out bool tooLarge)
    {
        value = default;
        scratchUsed = 0;
        tooLarge = false;

        //   0   1   2   3   4   5   6   7
        // +---+---+---+---+---+---+---+---+
        // | H |    String Length (7+)     |
        // +---+---------------------------+
        // |  String Data (Length octets)  |
        // +-------------------------------+
        bool huffman = !End && (Peek() & 0x80) != 0;
        string? reason = ReadInteger(7, out int length);
        if (reason is not null) return reason;
        if (length > _block.Length - _position) return HpackErrors.StringTruncated;
        var encoded = _block.Slice(_position, length);
        _position += length;

        if (!huffman)
        {
            value = encoded;
            return null;
        }

        HuffmanDecodeStatus status;
        if (!keep)
        {
            status = HuffmanDecoder.Validate(encoded, out _);
            return HuffmanReason(status);
        }

        var room = scratch.GrowTowards((long)offset + HuffmanDecoder.GetMaxDecodedLength(length), bound)[offset..];
        status = HuffmanDecoder.Decode(encoded, room, out int written);
        if (status == HuffmanDecodeStatus.DestinationTooSmall)
        {
            // The scratch buffer is at its bound, so this string is larger than any field we would keep.
            tooLarge = true;
            status = HuffmanDecoder.Validate(encoded, out _);
            return HuffmanReason(status);
        }
        if (status != HuffmanDecodeStatus.Done) return HuffmanReason(status);
        value = room[..written];
        scratchUsed = written;
        return null;
    }

    private static string? HuffmanReason(HuffmanDecodeStatus status) => status switch
    {
        HuffmanDecodeStatus.Done => null,
        HuffmanDecodeStatus.EosSymbol => HpackErrors.HuffmanEos,
        HuffmanDecodeStatus.PaddingTooLong => HpackErrors.HuffmanPaddingTooLong,
        _ => HpackErrors.HuffmanPaddingNotEos,
    };
}
