using Roadrunner.Hpack.Integers;

namespace Roadrunner.Qpack.Primitives;

/// <summary>
/// A cursor over QPACK octets that reads the primitives of RFC 9204 §4.1: prefixed integers (RFC 7541 §5.1, through
/// Roadrunner.Hpack's decoder) and N-bit-prefix string literals (§4.1.2), left encoded for the caller to decode.
/// </summary>
internal ref struct QpackReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public QpackReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Octets read so far.</summary>
    public readonly int Position => _position;

    /// <summary>True when every octet has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>The next octet; only valid when not <see cref="End"/>.</summary>
    public readonly byte Peek() => _data[_position];

    /// <summary>Reads a §4.1.1 integer with an N-bit prefix (the bits above it belong to the caller).</summary>
    public ReadStatus ReadInteger(int prefixBits, out int value)
    {
        if (_position < _data.Length)
        {
            // Most integers fit in their prefix: one octet, no call.
            int mask = (1 << prefixBits) - 1;
            value = _data[_position] & mask;
            if (value < mask)
            {
                _position++;
                return ReadStatus.Done;
            }
        }
        var status = IntegerDecoder.TryDecode(_data[_position..], prefixBits, out value, out int consumed);
        if (status == IntegerDecodeStatus.Done)
        {
            _position += consumed;
            return ReadStatus.Done;
        }
        return status == IntegerDecodeStatus.NeedMoreData ? ReadStatus.NeedMoreData : ReadStatus.Overflow;
    }

    /// <summary>
    /// Reads a §4.1.2 string literal with an N-bit prefix: the H flag is the prefix's top bit and the length takes
    /// the N-1 bits below it. The octets are returned as they are on the wire.
    /// </summary>
    public ReadStatus ReadString(int prefixBits, out ReadOnlySpan<byte> encoded, out bool huffman)
    {
        encoded = default;
        huffman = !End && (Peek() & (1 << (prefixBits - 1))) != 0;
        int start = _position;
        var status = ReadInteger(prefixBits - 1, out int length);
        if (status != ReadStatus.Done) return status;
        if (length > _data.Length - _position)
        {
            _position = start;
            return ReadStatus.NeedMoreData;
        }
        encoded = _data.Slice(_position, length);
        _position += length;
        return ReadStatus.Done;
    }
}
