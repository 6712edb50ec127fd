namespace Roadrunner.Hpack.Decoding;

/// <summary>
/// The decoder's own buffer for Huffman-decoded names and values (and names copied out of the dynamic table
/// before an insertion may evict them). It grows to the largest field seen, up to a bound, and is then reused:
/// decoding allocates nothing once it has reached its working size.
/// </summary>
internal sealed class ScratchBuffer
{
    private const int MinCapacity = 128;

    private byte[] _buffer = [];

    /// <summary>The octets available.</summary>
    public Span<byte> Span => _buffer;

    /// <summary>
    /// Grows the buffer towards <paramref name="wanted"/> octets without passing <paramref name="bound"/>, and
    /// returns it. The buffer may end up shorter than wanted: a field that does not fit within the bound is too
    /// large for both the header list and the dynamic table, so its octets are not needed.
    /// </summary>
    public Span<byte> GrowTowards(long wanted, int bound)
    {
        if (wanted > _buffer.Length && _buffer.Length < bound)
        {
            long size = Math.Max(MinCapacity, (long)_buffer.Length * 2);
            while (size < wanted) size *= 2;
            Resize((int)Math.Min(size, bound));
        }
        return _buffer;
    }

    /// <summary>Grows the buffer to at least <paramref name="length"/> octets, doubling but not past <paramref name="bound"/> unless the length itself is.</summary>
    public Span<byte> Grow(int length, int bound)
    {
        if (length > _buffer.Length)
        {
            long size = Math.Min(Math.Max(MinCapacity, (long)_buffer.Length * 2), bound);
            Resize((int)Math.Max(length, size));
        }
        return _buffer;
    }

    private void Resize(int size)
    {
        var buffer = new byte[size];
        _buffer.CopyTo(buffer, 0);
        _buffer = buffer;
    }
}
