using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A DATA frame (RFC 9113 §6.1).
/// <code>
/// DATA Frame {
///   Length (24),
///   Type (8) = 0x00,
///
///   Unused Flags (4),
///   PADDED Flag (1),
///   Unused Flags (2),
///   END_STREAM Flag (1),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   [Pad Length (8)],
///   Data (..),
///   Padding (..2040),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2DataFrame
{
    private Http2DataFrame(int streamId, bool endStream, ReadOnlySpan<byte> data, int flowControlledLength)
    {
        StreamId = streamId;
        EndStream = endStream;
        Data = data;
        FlowControlledLength = flowControlledLength;
    }

    /// <summary>The stream the data belongs to.</summary>
    public int StreamId { get; }

    /// <summary>END_STREAM: the sender's last frame on the stream.</summary>
    public bool EndStream { get; }

    /// <summary>The application data, without Pad Length and padding.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The whole payload length, padding included, which counts against flow control (§6.9).</summary>
    public int FlowControlledLength { get; }

    /// <summary>Parses a DATA payload; the header's type must be DATA.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2DataFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.1: "If a DATA frame is received whose Stream Identifier field is 0x00, the recipient MUST
            // respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.DataOnStreamZero);
        }

        var error = Padding.Strip(header, payload, 0, out var data);
        if (!error.IsNone) return error;
        frame = new Http2DataFrame(header.StreamId, header.HasFlag(Http2FrameFlags.END_STREAM), data, payload.Length);
        return default;
    }

    /// <summary>Writes one DATA frame; <paramref name="padLength"/> of 0 or more sets PADDED and adds that many zero octets.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, ReadOnlySpan<byte> data, bool endStream, int padLength = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(padLength, 255);
        bool padded = padLength >= 0;
        int length = data.Length + (padded ? 1 + padLength : 0);
        byte flags = (byte)((endStream ? Http2FrameFlags.END_STREAM : 0) | (padded ? Http2FrameFlags.PADDED : 0));
        var payload = Padding.BeginFrame(writer, length, Http2FrameType.DATA, flags, streamId);
        if (padded)
        {
            payload[0] = (byte)padLength;
            data.CopyTo(payload[1..]);
            Padding.WriteZeros(payload[(1 + data.Length)..], padLength);
        }
        else
        {
            data.CopyTo(payload);
        }

        writer.Advance(Http2FrameHeader.Size + length);
    }
}
