using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Roadrunner.Quic.Packets;

/// <summary>
/// A version 1 connection ID (RFC 9000 §5.1): 0 to 20 bytes held inline, so storing or comparing one allocates
/// nothing. Equality compares the bytes.
/// </summary>
public readonly struct QuicConnectionId : IEquatable<QuicConnectionId>
{
    /// <summary>The longest connection ID QUIC version 1 allows (§17.2).</summary>
    public const int MaxLength = 20;

    private readonly Buffer _bytes;
    private readonly byte _length;

    /// <summary>Copies <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than 20 bytes.</exception>
    public QuicConnectionId(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxLength) throw new ArgumentException("RFC 9000 §17.2: a version 1 connection ID is at most 20 bytes.", nameof(value));
        value.CopyTo(_bytes);
        _length = (byte)value.Length;
    }

    /// <summary>The number of bytes, 0 to 20.</summary>
    public int Length => _length;

    /// <summary>The bytes of the connection ID.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>Copies the bytes to a new array.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <inheritdoc/>
    public bool Equals(QuicConnectionId other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QuicConnectionId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>The bytes in hexadecimal.</summary>
    public override string ToString() => Convert.ToHexStringLower(Span);

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(QuicConnectionId left, QuicConnectionId right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(QuicConnectionId left, QuicConnectionId right) => !left.Equals(right);

    [InlineArray(MaxLength)]
    private struct Buffer
    {
        private byte _element0;
    }
}
