using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// The nine-octet header every frame starts with (RFC 9113 §4.1).
/// <code>
/// HTTP Frame {
///   Length (24),
///   Type (8),
///
///   Flags (8),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   Frame Payload (..),
/// }
/// </code>
/// </summary>
/// <param name="Length">Payload length in octets, 0 to 2^24-1.</param>
/// <param name="Type">The frame type; values outside <see cref="Http2FrameType"/> are extension frames.</param>
/// <param name="Flags">The flags octet, see <see cref="Http2FrameFlags"/>.</param>
/// <param name="StreamId">The stream identifier, reserved bit cleared.</param>
public readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, byte Flags, int StreamId)
{
    /// <summary>Octets in a frame header.</summary>
    public const int Size = 9;

    /// <summary>The largest payload length the 24-bit field can carry, and the largest SETTINGS_MAX_FRAME_SIZE (§6.5.2).</summary>
    public const int MaxLength = 0xFFFFFF;

    /// <summary>True when <paramref name="flag"/> is set.</summary>
    public bool HasFlag(byte flag) => (Flags & flag) != 0;

    /// <summary>Reads a header from the first nine octets of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than nine octets.</exception>
    public static Http2FrameHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new ArgumentException("A frame header is nine octets.", nameof(source));

        // RFC 9113 §4.1: "Reserved: A reserved 1-bit field ... MUST remain unset (0x00) when sending and MUST be
        // ignored when receiving."
        return new Http2FrameHeader(
            (source[0] << 16) | (source[1] << 8) | source[2],
            (Http2FrameType)source[3],
            source[4],
            (int)(BinaryPrimitives.ReadUInt32BigEndian(source[5..]) & 0x7FFFFFFF));
    }

    /// <summary>Writes this header into the first nine octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination) => Write(destination, Length, Type, Flags, StreamId);

    /// <summary>Writes a frame header into the first nine octets of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length does not fit 24 bits or the stream identifier is negative.</exception>
    public static void Write(Span<byte> destination, int length, Http2FrameType type, byte flags, int streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = (byte)type;
        destination[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)streamId);
    }
}
