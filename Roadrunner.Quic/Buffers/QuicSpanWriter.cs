using System.Buffers.Binary;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Buffers;

/// <summary>
/// A cursor that fills a caller's span. Writers check the whole encoded length first and then write, so the checks
/// here only guard against a length computed wrong: running out of room is a bug, and it throws.
/// </summary>
internal ref struct QuicSpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public QuicSpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteVarint(ulong value)
    {
        if (!Varint.TryWrite(_buffer[_position..], value, out int written)) throw new InvalidOperationException("The encoded length was computed too small.");
        _position += written;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }
}
