using System.Buffers;
using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A RST_STREAM frame (RFC 9113 §6.4).
/// <code>
/// RST_STREAM Frame {
///   Length (24) = 0x04,
///   Type (8) = 0x03,
///
///   Unused Flags (8),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   Error Code (32),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2RstStreamFrame
{
    private Http2RstStreamFrame(int streamId, Http2ErrorCode errorCode)
    {
        StreamId = streamId;
        ErrorCode = errorCode;
    }

    /// <summary>The stream being reset.</summary>
    public int StreamId { get; }

    /// <summary>Why; unknown codes are kept as they are (§7: they MUST NOT trigger special behavior).</summary>
    public Http2ErrorCode ErrorCode { get; }

    /// <summary>Parses a RST_STREAM payload; the header's type must be RST_STREAM.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2RstStreamFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.4: "If a RST_STREAM frame is received with a stream identifier of 0x00, the recipient MUST
            // treat this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.RstStreamOnStreamZero);
        }

        if (payload.Length != 4)
        {
            // RFC 9113 §6.4: "A RST_STREAM frame with a length other than 4 octets MUST be treated as a connection
            // error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.RstStreamLength);
        }

        frame = new Http2RstStreamFrame(header.StreamId, (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload));
        return default;
    }

    /// <summary>Writes one RST_STREAM frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, Http2ErrorCode errorCode)
    {
        var payload = Padding.BeginFrame(writer, 4, Http2FrameType.RST_STREAM, 0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)errorCode);
        writer.Advance(Http2FrameHeader.Size + 4);
    }
}
