using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A CONTINUATION frame (RFC 9113 §6.10).
/// <code>
/// CONTINUATION Frame {
///   Length (24),
///   Type (8) = 0x09,
///
///   Unused Flags (5),
///   END_HEADERS Flag (1),
///   Unused Flags (2),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   Field Block Fragment (..),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2ContinuationFrame
{
    private Http2ContinuationFrame(int streamId, bool endHeaders, ReadOnlySpan<byte> fragment)
    {
        StreamId = streamId;
        EndHeaders = endHeaders;
        Fragment = fragment;
    }

    /// <summary>The stream the field block belongs to.</summary>
    public int StreamId { get; }

    /// <summary>END_HEADERS: this frame ends the field block.</summary>
    public bool EndHeaders { get; }

    /// <summary>The field block fragment.</summary>
    public ReadOnlySpan<byte> Fragment { get; }

    /// <summary>Parses a CONTINUATION payload; the header's type must be CONTINUATION. Sequencing is the connection's to check.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2ContinuationFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.10: "If a CONTINUATION frame is received with a Stream Identifier field of 0x00, the
            // recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationOnStreamZero);
        }

        frame = new Http2ContinuationFrame(header.StreamId, header.HasFlag(Http2FrameFlags.END_HEADERS), payload);
        return default;
    }

    /// <summary>Writes one CONTINUATION frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, ReadOnlySpan<byte> fragment, bool endHeaders)
    {
        var payload = Padding.BeginFrame(writer, fragment.Length, Http2FrameType.CONTINUATION, endHeaders ? Http2FrameFlags.END_HEADERS : (byte)0, streamId);
        fragment.CopyTo(payload);
        writer.Advance(Http2FrameHeader.Size + fragment.Length);
    }
}
