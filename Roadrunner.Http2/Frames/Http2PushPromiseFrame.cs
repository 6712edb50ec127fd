using System.Buffers;
using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// A PUSH_PROMISE frame (RFC 9113 §6.6). Parsed and written for completeness; the connection never accepts one,
/// since a server may not receive it and our client role disables push.
/// <code>
/// PUSH_PROMISE Frame {
///   Length (24),
///   Type (8) = 0x05,
///
///   Unused Flags (4),
///   PADDED Flag (1),
///   END_HEADERS Flag (1),
///   Unused Flags (2),
///
///   Reserved (1),
///   Stream Identifier (31),
///
///   [Pad Length (8)],
///   Reserved (1),
///   Promised Stream ID (31),
///   Field Block Fragment (..),
///   Padding (..2040),
/// }
/// </code>
/// </summary>
public readonly ref struct Http2PushPromiseFrame
{
    private Http2PushPromiseFrame(int streamId, bool endHeaders, int promisedStreamId, ReadOnlySpan<byte> fragment)
    {
        StreamId = streamId;
        EndHeaders = endHeaders;
        PromisedStreamId = promisedStreamId;
        Fragment = fragment;
    }

    /// <summary>The stream the promise is associated with.</summary>
    public int StreamId { get; }

    /// <summary>END_HEADERS: no CONTINUATION follows.</summary>
    public bool EndHeaders { get; }

    /// <summary>The stream the server reserves.</summary>
    public int PromisedStreamId { get; }

    /// <summary>The field block fragment of the promised request.</summary>
    public ReadOnlySpan<byte> Fragment { get; }

    /// <summary>Parses a PUSH_PROMISE payload; the header's type must be PUSH_PROMISE.</summary>
    public static Http2FrameError TryRead(in Http2FrameHeader header, ReadOnlySpan<byte> payload, out Http2PushPromiseFrame frame)
    {
        frame = default;
        if (header.StreamId == 0)
        {
            // RFC 9113 §6.6: "If the Stream Identifier field specifies the value 0x00, a recipient MUST respond with
            // a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PushPromiseOnStreamZero);
        }

        var error = Padding.Strip(header, payload, 4, out var content);
        if (!error.IsNone) return error;
        int promised = (int)(BinaryPrimitives.ReadUInt32BigEndian(content) & 0x7FFFFFFF);
        frame = new Http2PushPromiseFrame(header.StreamId, header.HasFlag(Http2FrameFlags.END_HEADERS), promised, content[4..]);
        return default;
    }

    /// <summary>Writes one PUSH_PROMISE frame.</summary>
    public static void Write(IBufferWriter<byte> writer, int streamId, int promisedStreamId, ReadOnlySpan<byte> fragment, bool endHeaders)
    {
        int length = 4 + fragment.Length;
        var payload = Padding.BeginFrame(writer, length, Http2FrameType.PUSH_PROMISE, endHeaders ? Http2FrameFlags.END_HEADERS : (byte)0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)promisedStreamId);
        fragment.CopyTo(payload[4..]);
        writer.Advance(Http2FrameHeader.Size + length);
    }
}
