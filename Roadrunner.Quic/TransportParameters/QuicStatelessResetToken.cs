using System.Buffers.Binary;

namespace Roadrunner.Quic.TransportParameters;

/// <summary>A 16-byte stateless reset token (RFC 9000 §10.3), held inline; equality compares the bytes.</summary>
public readonly record struct QuicStatelessResetToken
{
    /// <summary>The size of a token.</summary>
    public const int Length = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Copies a token from <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not 16 bytes.</exception>
    public QuicStatelessResetToken(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length) throw new ArgumentException("RFC 9000 §10.3: a stateless reset token is 16 bytes.", nameof(value));
        _high = BinaryPrimitives.ReadUInt64BigEndian(value);
        _low = BinaryPrimitives.ReadUInt64BigEndian(value[8..]);
    }

    /// <summary>Writes the 16 bytes to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length) throw new ArgumentException("The destination is too small.", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 16 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }
}
