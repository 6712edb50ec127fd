using System.Buffers;
using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A PING frame (RFC 9113 §6.7).
/// <code>
/// PING Frame {
///   Length (24) = 0x08,
///   Type (8) = 0x06,
///
///   Unused Flags (7),
///   ACK Flag (1),
///
///   Reserved (1),
///   Stream Identifier (31) = 0,
///
///   Opaque Data (64),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2PingFrame
{
    /// <summary>Octets of opaque data.</summary>
    public const int PayloadSize = 8;

    private Http2PingFrame(bool ack, ulong opaqueData)
    {
        IsAck = ack;
        OpaqueData = opaqueData;
    }

    /// <summary>ACK: this frame answers a PING.</summary>
    public bool IsAck { get; }

    /// <summary>The eight octets of opaque data, read big-endian.</summary>
    public ulong OpaqueData { get; }

    /// <summary>Parses a PING payload; the header's type must be PING.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2PingFrame frame)
    {
        frame = default;
        if (header.StreamId != 0)
        {
            // RFC 9113 §6.7: "If a PING frame is received with a Stream Identifier field value other than 0x00, the
            // recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PingOnStream);
        }

        if (payload.Length != PayloadSize)
        {
            // RFC 9113 §6.7: "Receipt of a PING frame with a length field value other than 8 MUST be treated as a
            // connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.PingLength);
        }

        frame = new Http2PingFrame(header.HasFlag(Http2FrameFlags.ACK), BinaryPrimitives.ReadUInt64BigEndian(payload));
        return default;
    }

    /// <summary>Writes one PING frame.</summary>
    public static void Write(IBufferWriter<byte> writer, ulong opaqueData, bool ack)
    {
        var payload = Padding.BeginFrame(writer, PayloadSize, Http2FrameType.PING, ack ? Http2FrameFlags.ACK : (byte)0, 0);
        BinaryPrimitives.WriteUInt64BigEndian(payload, opaqueData);
        writer.Advance(Http2FrameHeader.Size + PayloadSize);
    }
}
