using System.Buffers;
using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A GOAWAY frame (RFC 9113 §6.8).
/// <code>
/// GOAWAY Frame {
///   Length (24),
///   Type (8) = 0x07,
///
///   Unused Flags (8),
///
///   Reserved (1),
///   Stream Identifier (31) = 0,
///
///   Reserved (1),
///   Last-Stream-ID (31),
///   Error Code (32),
///   Additional Debug Data (..),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2GoAwayFrame
{
    private Http2GoAwayFrame(int lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData)
    {
        LastStreamId = lastStreamId;
        ErrorCode = errorCode;
        DebugData = debugData;
    }

    /// <summary>The highest stream the sender may have acted on.</summary>
    public int LastStreamId { get; }

    /// <summary>Why the connection is closing.</summary>
    public Http2ErrorCode ErrorCode { get; }

    /// <summary>Opaque diagnostic octets.</summary>
    public ReadOnlySpan<byte> DebugData { get; }

    /// <summary>Parses a GOAWAY payload; the header's type must be GOAWAY.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2GoAwayFrame frame)
    {
        frame = default;
        if (header.StreamId != 0)
        {
            // RFC 9113 §6.8: "An endpoint MUST treat a GOAWAY frame with a stream identifier other than 0x00 as a
            // connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.GoAwayOnStream);
        }

        if (payload.Length < 8)
        {
            // RFC 9113 §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame ... is too small to
            // contain mandatory frame data."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.GoAwayLength);
        }

        frame = new Http2GoAwayFrame(
            (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF),
            (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]),
            payload[8..]);
        return default;
    }

    /// <summary>Writes one GOAWAY frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData)
    {
        int length = 8 + debugData.Length;
        var payload = Padding.BeginFrame(writer, length, Http2FrameType.GOAWAY, 0, 0);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], (uint)errorCode);
        debugData.CopyTo(payload[8..]);
        writer.Advance(Http2FrameHeader.Size + length);
    }
}
