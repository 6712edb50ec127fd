using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A HEADERS frame (RFC 9113 §6.2).
/// <code>
/// HEADERS Frame {
///   Length (24),
///   Type (8) = 0x01,
///
///   Unused Flags (2),
///   PRIORITY Flag (1),
///   Unused Flag (1),
///   PADDED Flag (1),
///   END_HEADERS Flag (1),
///   Unused Flag (1),
///   END_STREAM Flag (1),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   [Pad Length (8)],
///   [Exclusive (1)],
///   [Stream Dependency (31)],
///   [Weight (8)],
///   Field Block Fragment (..),
///   Padding (..2040),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2HeadersFrame
{
    private Http2HeadersFrame(int streamId, byte flags, Http2Priority? priority, ReadOnlySpan<byte> fragment)
    {
        StreamId = streamId;
        EndStream = (flags & Http2FrameFlags.END_STREAM) != 0;
        EndHeaders = (flags & Http2FrameFlags.END_HEADERS) != 0;
        Priority = priority;
        Fragment = fragment;
    }

    /// <summary>The stream the field block belongs to.</summary>
    public int StreamId { get; }

    /// <summary>END_STREAM: the field block is the last the sender sends on the stream.</summary>
    public bool EndStream { get; }

    /// <summary>END_HEADERS: no CONTINUATION follows.</summary>
    public bool EndHeaders { get; }

    /// <summary>The priority fields, when the PRIORITY flag is set.</summary>
    public Http2Priority? Priority { get; }

    /// <summary>The field block fragment, without padding and priority fields.</summary>
    public ReadOnlySpan<byte> Fragment { get; }

    /// <summary>Parses a HEADERS payload; the header's type must be HEADERS.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2HeadersFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.2: "If a HEADERS frame is received whose Stream Identifier field is 0x00, the recipient
            // MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeadersOnStreamZero);
        }

        bool hasPriority = header.HasFlag(Http2FrameFlags.PRIORITY);
        var error = Padding.Strip(header, payload, hasPriority ? Http2Priority.Size : 0, out var content);
        if (!error.IsNone) return error;

        Http2Priority? priority = null;
        if (hasPriority)
        {
            priority = Http2Priority.Read(content);
            content = content[Http2Priority.Size..];
        }

        frame = new Http2HeadersFrame(header.StreamId, header.Flags, priority, content);
        return default;
    }

    /// <summary>Writes one HEADERS frame carrying <paramref name="fragment"/>.</summary>
    public static void Write(
        IBufferWriter<byte> writer, int streamId, ReadOnlySpan<byte> fragment, bool endStream, bool endHeaders,
        Http2Priority? priority = null, int padLength = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(padLength, 255);
        bool padded = padLength >= 0;
        int length = fragment.Length + (padded ? 1 + padLength : 0) + (priority is null ? 0 : Http2Priority.Size);
        byte flags = (byte)((endStream ? Http2FrameFlags.END_STREAM : 0)
            | (endHeaders ? Http2FrameFlags.END_HEADERS : 0)
            | (padded ? Http2FrameFlags.PADDED : 0)
            | (priority is null ? 0 : Http2FrameFlags.PRIORITY));
        var payload = Padding.BeginFrame(writer, length, Http2FrameType.HEADERS, flags, streamId);
        int at = 0;
        if (padded) payload[at++] = (byte)padLength;
        if (priority is { } p)
        {
            p.Write(payload[at..]);
            at += Http2Priority.Size;
        }

        fragment.CopyTo(payload[at..]);
        at += fragment.Length;
        if (padded) Padding.WriteZeros(payload[at..], padLength);
        writer.Advance(Http2FrameHeader.Size + length);
    }
}
