namespace Roadrunner.Qpack.Primitives;

/// <summary>
/// A cursor over QPACK octets that reads the primitives of RFC 9204 §4.1: prefixed integers (RFC 7541 §5.1, up to
/// 62 bits) and N-bit-prefix string literals (§4.1.2), left encoded for the caller to decode.
/// </summary>
internal ref struct QpackReader
{
    /// <summary>
    /// The largest integer accepted: 2^62-1. RFC 9204 §4.1.1: "QPACK implementations MUST be able to decode integers
    /// up to and including 62 bits long" (stream IDs and counts are QUIC variable-length integers).
    /// </summary>
    public const long MaxInteger = (1L << 62) - 1;

    /// <summary>The longest encoding of <see cref="MaxInteger"/> with a 1-bit prefix: the prefix octet and nine continuation octets.</summary>
    public const int MaxIntegerLength = 10;

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

    /// <summary>
    /// Reads a §4.1.1 integer with an N-bit prefix (the bits above it belong to the caller). A value past
    /// <see cref="MaxInteger"/>, or more continuation octets than such a value needs (padding with 0x80), is
    /// <see cref="ReadStatus.Overflow"/>; the cursor moves only on <see cref="ReadStatus.Done"/>.
    /// </summary>
    public ReadStatus ReadInteger(int prefixBits, out long value)
    {
        value = 0;
        if (_position >= _data.Length) return ReadStatus.NeedMoreData;

        // Most integers fit in their prefix: one octet.
        int mask = (1 << prefixBits) - 1;
        int prefix = _data[_position] & mask;
        if (prefix < mask)
        {
            value = prefix;
            _position++;
            return ReadStatus.Done;
        }

        // RFC 7541 §5.1: the prefix is all ones, then 7-bit groups, least significant first, the last without 0x80.
        ulong result = (ulong)mask;
        int shift = 0;
        for (int i = 1; i < MaxIntegerLength; i++)
        {
            int at = _position + i;
            if (at >= _data.Length) return ReadStatus.NeedMoreData;
            byte b = _data[at];

            // At most nine groups: the last is shifted by 56, so no bit falls off a ulong before the limit check.
            result += (ulong)(b & 0x7F) << shift;
            if (result > MaxInteger) return ReadStatus.Overflow;
            if ((b & 0x80) == 0)
            {
                value = (long)result;
                _position = at + 1;
                return ReadStatus.Done;
            }
            shift += 7;
        }

        // A tenth continuation octet: no 62-bit value needs it, so it is padding or an attack.
        return ReadStatus.Overflow;
    }

    /// <summary>
    /// Reads a §4.1.2 string literal with an N-bit prefix: the H flag is the prefix's top bit and the length takes
    /// the N-1 bits below it. The octets are returned as they are on the wire. A length past
    /// <paramref name="maxLength"/> is <see cref="ReadStatus.TooLong"/> without waiting for its octets.
    /// </summary>
    public ReadStatus ReadString(int prefixBits, out ReadOnlySpan<byte> encoded, out bool huffman, long maxLength = long.MaxValue)
    {
        encoded = default;
        huffman = !End && (Peek() & (1 << (prefixBits - 1))) != 0;
        int start = _position;
        var status = ReadInteger(prefixBits - 1, out long length);
        if (status != ReadStatus.Done) return status;
        if (length > maxLength)
        {
            _position = start;
            return ReadStatus.TooLong;
        }
        if (length > _data.Length - _position)
        {
            _position = start;
            return ReadStatus.NeedMoreData;
        }
        encoded = _data.Slice(_position, (int)length);
        _position += (int)length;
        return ReadStatus.Done;
    }
}
