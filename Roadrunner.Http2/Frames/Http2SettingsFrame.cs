using System.Buffers;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A SETTINGS frame (RFC 9113 §6.5).
/// <code>
/// SETTINGS Frame {
///   Length (24),
///   Type (8) = 0x04,
///
///   Unused Flags (7),
///   ACK Flag (1),
///
///   Reserved (1),
///   Stream Identifier (31) = 0,
///
///   Setting (48) ...,
/// }
/// </code>
/// </summary>
public readonly ref struct Http2SettingsFrame
{
    private readonly ReadOnlySpan<byte> _payload;

    private Http2SettingsFrame(bool ack, ReadOnlySpan<byte> payload)
    {
        IsAck = ack;
        _payload = payload;
    }

    /// <summary>ACK: this frame acknowledges the peer's settings and carries none.</summary>
    public bool IsAck { get; }

    /// <summary>How many settings the frame carries.</summary>
    public int Count => _payload.Length / Http2Setting.Size;

    /// <summary>The setting at <paramref name="index"/>, in frame order (§6.5.3: processed in the order they appear).</summary>
    public Http2Setting this[int index] => Http2Setting.Read(_payload.Slice(index * Http2Setting.Size, Http2Setting.Size));

    /// <summary>Parses a SETTINGS payload; the header's type must be SETTINGS. Values are checked separately with <see cref="Http2Setting.Validate"/>.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2SettingsFrame frame)
    {
        frame = default;
        if (header.StreamId != 0)
        {
            // RFC 9113 §6.5: "If an endpoint receives a SETTINGS frame whose Stream Identifier field is anything
            // other than 0x00, the endpoint MUST respond with a connection error (Section 5.4.1) of type
            // PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsOnStream);
        }

        bool ack = header.HasFlag(Http2FrameFlags.ACK);
        if (ack && payload.Length != 0)
        {
            // RFC 9113 §6.5: "Receipt of a SETTINGS frame with the ACK flag set and a length field value other than
            // 0 MUST be treated as a connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.SettingsAckWithPayload);
        }

        if (payload.Length % Http2Setting.Size != 0)
        {
            // RFC 9113 §6.5: "A SETTINGS frame with a length other than a multiple of 6 octets MUST be treated as a
            // connection error (Section 5.4.1) of type FRAME_SIZE_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.SettingsLength);
        }

        frame = new Http2SettingsFrame(ack, payload);
        return default;
    }

    /// <summary>Writes a SETTINGS frame carrying <paramref name="settings"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<Http2Setting> settings)
    {
        int length = settings.Length * Http2Setting.Size;
        var payload = Padding.BeginFrame(writer, length, Http2FrameType.SETTINGS, 0, 0);
        for (int i = 0; i < settings.Length; i++) settings[i].Write(payload[(i * Http2Setting.Size)..]);
        writer.Advance(Http2FrameHeader.Size + length);
    }

    /// <summary>Writes an empty SETTINGS frame with ACK set.</summary>
    public static void WriteAck(IBufferWriter<byte> writer)
    {
        Padding.BeginFrame(writer, 0, Http2FrameType.SETTINGS, Http2FrameFlags.ACK, 0);
        writer.Advance(Http2FrameHeader.Size);
    }
}
