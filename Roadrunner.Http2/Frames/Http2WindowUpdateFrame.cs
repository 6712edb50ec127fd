using System.Buffers;
using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A WINDOW_UPDATE frame (RFC 9113 §6.9).
/// <code>
/// WINDOW_UPDATE Frame {
///   Length (24) = 0x04,
///   Type (8) = 0x08,
///
///   Unused Flags (8),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   Reserved (1),
///   Window Size Increment (31),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2WindowUpdateFrame
{
    private Http2WindowUpdateFrame(int streamId, int increment)
    {
        StreamId = streamId;
        Increment = increment;
    }

    /// <summary>The stream whose window grows; 0 for the connection window.</summary>
    public int StreamId { get; }

    /// <summary>The credit added, 0 to 2^31-1 (0 is an error the connection reports, not the parser).</summary>
    public int Increment { get; }

    /// <summary>Parses a WINDOW_UPDATE payload; the header's type must be WINDOW_UPDATE.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2WindowUpdateFrame frame)
    {
        frame = default;
        if (payload.Length != 4)
        {
            // RFC 9113 §6.9: "A WINDOW_UPDATE frame with a length other than 4 octets MUST be treated as a connection
            // error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.WindowUpdateLength);
        }

        frame = new Http2WindowUpdateFrame(header.StreamId, (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF));
        return default;
    }

    /// <summary>Writes one WINDOW_UPDATE frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, int increment)
    {
        var payload = Padding.BeginFrame(writer, 4, Http2FrameType.WINDOW_UPDATE, 0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        writer.Advance(Http2FrameHeader.Size + 4);
    }
}
