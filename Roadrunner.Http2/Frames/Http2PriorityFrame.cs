using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A PRIORITY frame (RFC 9113 §6.3). Deprecated: parsed, checked and otherwise ignored.
/// <code>
/// PRIORITY Frame {
///   Length (24) = 0x05,
///   Type (8) = 0x02,
///
///   Unused Flags (8),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   Exclusive (1),
///   Stream Dependency (31),
///   Weight (8),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2PriorityFrame
{
    private Http2PriorityFrame(int streamId, Http2Priority priority)
    {
        StreamId = streamId;
        Priority = priority;
    }

    /// <summary>The stream whose priority is given.</summary>
    public int StreamId { get; }

    /// <summary>The priority fields.</summary>
    public Http2Priority Priority { get; }

    /// <summary>Parses a PRIORITY payload; the header's type must be PRIORITY.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2PriorityFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.3: "If a PRIORITY frame is received with a stream identifier of 0x00, the recipient MUST
            // respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityOnStreamZero);
        }

        if (payload.Length != Http2Priority.Size)
        {
            // RFC 9113 §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated as a stream error
            // (Section 5.4.2) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Stream(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.PriorityLength);
        }

        frame = new Http2PriorityFrame(header.StreamId, Http2Priority.Read(payload));
        return default;
    }

    /// <summary>Writes one PRIORITY frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, Http2Priority priority)
    {
        var payload = Padding.BeginFrame(writer, Http2Priority.Size, Http2FrameType.PRIORITY, 0, streamId);
        priority.Write(payload);
        writer.Advance(Http2FrameHeader.Size + Http2Priority.Size);
    }
}
