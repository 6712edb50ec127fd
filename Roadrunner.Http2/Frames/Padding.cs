using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>The optional Pad Length field and padding shared by DATA, HEADERS and PUSH_PROMISE (RFC 9113 §6.1, §6.2, §6.6).</summary>
internal static class Padding
{
    /// <summary>
    /// Removes the Pad Length octet and the padding from a PADDED payload. <paramref name="fixedFields"/> is the
    /// number of octets of mandatory fields that follow the Pad Length (5 for HEADERS with PRIORITY, 4 for
    /// PUSH_PROMISE), which the padding may not eat into.
    /// </summary>
    public static Http2FrameError Strip(in Http2FrameHeader header, ReadOnlySpan<byte> payload, int fixedFields, out ReadOnlySpan<byte> content)
    {
        if (!header.HasFlag(Http2FrameFlags.PADDED))
        {
            content = payload;
            if (payload.Length < fixedFields)
            {
                // RFC 9113 §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame ... is too
                // small to contain mandatory frame data."
                return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooSmall);
            }

            return default;
        }

        if (payload.Length < 1 + fixedFields)
        {
            // RFC 9113 §4.2: "... too small to contain mandatory frame data."
            content = default;
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.FrameTooSmall);
        }

        int padLength = payload[0];
        if (padLength > payload.Length - 1 - fixedFields)
        {
            // RFC 9113 §6.1: "If the length of the padding is the length of the frame payload or greater, the
            // recipient MUST treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            content = default;
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PaddingTooLong);
        }

        content = payload[1..^padLength];
        return default;
    }

    /// <summary>Writes <paramref name="padLength"/> zero octets of padding.</summary>
    public static void WriteZeros(Span<byte> destination, int padLength) => destination[..padLength].Clear();

    /// <summary>Gets a span for a whole frame (header and payload) from <paramref name="writer"/>, writes the header and returns the payload part.</summary>
    public static Span<byte> BeginFrame(IBufferWriter<byte> writer, int length, Http2FrameType type, byte flags, int streamId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(Http2FrameHeader.Size + length);
        Http2FrameHeader.Write(span, length, type, flags, streamId);
        return span.Slice(Http2FrameHeader.Size, length);
    }
}
