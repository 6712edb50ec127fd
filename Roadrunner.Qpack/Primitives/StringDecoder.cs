using Roadrunner.Hpack.Huffman;

namespace Roadrunner.Qpack.Primitives;

/// <summary>
/// Turns an encoded string literal into its octets: a raw string is returned in place, a Huffman string is decoded
/// (Roadrunner.Hpack's decoder) into a scratch buffer the caller owns, which grows up to a bound and is then reused.
/// </summary>
internal sealed class StringDecoder
{
    private const int MinCapacity = 128;

    private byte[] _scratch = [];

    /// <summary>The outcome of <see cref="Decode"/>.</summary>
    public enum Status
    {
        /// <summary>Decoded.</summary>
        Done,
        /// <summary>The decoded string would not fit within the bound.</summary>
        TooLarge,
        /// <summary>The Huffman coding is invalid (EOS, or bad padding).</summary>
        Invalid,
    }

    /// <summary>
    /// Decodes <paramref name="encoded"/> into the scratch buffer at <paramref name="offset"/> (or returns it as is
    /// when not Huffman-coded), refusing anything that would take the scratch buffer past <paramref name="bound"/>.
    /// </summary>
    public Status Decode(ReadOnlySpan<byte> encoded, bool huffman, int offset, int bound, out ReadOnlySpan<byte> value, out int scratchUsed)
    {
        scratchUsed = 0;
        if (!huffman)
        {
            value = encoded;
            return Status.Done;
        }
        value = default;
        long wanted = (long)offset + HuffmanDecoder.GetMaxDecodedLength(encoded.Length);
        if (wanted > _scratch.Length && _scratch.Length < bound) Grow(wanted, bound);
        var room = _scratch.AsSpan(offset);
        var status = HuffmanDecoder.Decode(encoded, room, out int written);
        if (status == HuffmanDecodeStatus.DestinationTooSmall)
        {
            // The scratch is at its bound: the string is too large to keep, but a bad coding is still reported as such.
            return HuffmanDecoder.Validate(encoded, out _) == HuffmanDecodeStatus.Done ? Status.TooLarge : Status.Invalid;
        }
        if (status != HuffmanDecodeStatus.Done) return Status.Invalid;
        value = room[..written];
        scratchUsed = written;
        return Status.Done;
    }

    private void Grow(long wanted, int bound)
    {
        long size = Math.Max(MinCapacity, (long)_scratch.Length * 2);
        while (size < wanted) size *= 2;
        size = Math.Min(size, bound);
        if (size <= _scratch.Length) return;
        var scratch = new byte[size];
        _scratch.CopyTo(scratch, 0);
        _scratch = scratch;
    }
}
