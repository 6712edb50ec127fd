using System.Buffers.Binary;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// A growable writer of the TLS presentation language (RFC 8446 §3): integers, and vectors whose length prefix is
/// filled in when they end. Handshake messages are written a few times per connection, so a plain array is enough.
/// </summary>
internal sealed class TlsWriter
{
    private byte[] _buffer = new byte[512];
    private int _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>Writes one byte.</summary>
    public void WriteUInt8(byte value) => Reserve(1)[0] = value;

    /// <summary>Writes a big-endian uint16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    /// <summary>Writes a big-endian uint24.</summary>
    public void WriteUInt24(int value)
    {
        var span = Reserve(3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Starts a vector whose length takes <paramref name="lengthSize"/> bytes; returns its mark.</summary>
    public int StartVector(int lengthSize)
    {
        Reserve(lengthSize);
        return _length;
    }

    /// <summary>Ends the vector started at <paramref name="mark"/>, writing its length in front of it.</summary>
    public void EndVector(int mark, int lengthSize)
    {
        int length = _length - mark;
        var prefix = _buffer.AsSpan(mark - lengthSize, lengthSize);
        long max = (1L << (8 * lengthSize)) - 1;
        if (length > max)
        {
            throw new InvalidOperationException("TLS vector longer than its length prefix allows.");
        }

        for (int i = lengthSize - 1; i >= 0; i--)
        {
            prefix[i] = (byte)length;
            length >>= 8;
        }
    }

    /// <summary>Starts a handshake message (RFC 8446 §4: msg_type, uint24 length); returns its body mark.</summary>
    public int StartMessage(TlsHandshakeType type)
    {
        WriteUInt8((byte)type);
        return StartVector(3);
    }

    /// <summary>Writes a vector of one-byte length holding <paramref name="value"/>.</summary>
    public void WriteVector8(ReadOnlySpan<byte> value)
    {
        WriteUInt8(checked((byte)value.Length));
        WriteBytes(value);
    }

    /// <summary>Writes a vector of two-byte length holding <paramref name="value"/>.</summary>
    public void WriteVector16(ReadOnlySpan<byte> value)
    {
        WriteUInt16(checked((ushort)value.Length));
        WriteBytes(value);
    }

    /// <summary>Forgets everything written, zeroing it first.</summary>
    public void Reset()
    {
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
    }

    /// <summary>Copies out the bytes written from <paramref name="start"/> on.</summary>
    public byte[] ToArray(int start = 0) => _buffer.AsSpan(start, _length - start).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
