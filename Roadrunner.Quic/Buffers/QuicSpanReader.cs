using System.Buffers.Binary;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Buffers;

/// <summary>
/// A cursor over wire bytes. Every read either succeeds and advances, or fails and leaves the cursor where it was, so a
/// parser can stop at the first short field and report it as a value.
/// </summary>
internal ref struct QuicSpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public QuicSpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes left to read.</summary>
    public readonly ReadOnlySpan<byte> Rest => _buffer[_position..];

    public bool TryReadByte(out byte value)
    {
        if (_position >= _buffer.Length)
        {
            value = 0;
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        if (!Varint.TryRead(_buffer[_position..], out value, out int length)) return false;
        _position += length;
        return true;
    }

    /// <summary>Reads a variable-length integer and reports how many bytes its encoding took.</summary>
    public bool TryReadVarint(out ulong value, out int length)
    {
        if (!Varint.TryRead(_buffer[_position..], out value, out length)) return false;
        _position += length;
        return true;
    }

    public bool TryReadBytes(ulong count, out ReadOnlySpan<byte> value)
    {
        if (count > (ulong)Remaining)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, (int)count);
        _position += (int)count;
        return true;
    }

    /// <summary>Reads a one-byte length followed by that many bytes.</summary>
    public bool TryReadLengthPrefixed8(out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (TryReadByte(out byte length) && TryReadBytes(length, out value)) return true;
        _position = start;
        value = default;
        return false;
    }

    /// <summary>Reads a variable-length integer length followed by that many bytes.</summary>
    public bool TryReadVarintPrefixed(out ReadOnlySpan<byte> value)
    {
        int start = _position;
        if (TryReadVarint(out ulong length) && TryReadBytes(length, out value)) return true;
        _position = start;
        value = default;
        return false;
    }

    public void ReadToEnd(out ReadOnlySpan<byte> value)
    {
        value = _buffer[_position..];
        _position = _buffer.Length;
    }
}
