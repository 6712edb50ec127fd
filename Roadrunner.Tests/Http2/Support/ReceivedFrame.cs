using System.Buffers.Binary;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>One frame the connection wrote, as the peer reads it.</summary>
internal sealed record ReceivedFrame(Http2FrameHeader Header, byte[] Payload)
{
    public Http2FrameType Type => Header.Type;

    public int StreamId => Header.StreamId;

    public bool HasFlag(byte flag) => Header.HasFlag(flag);

    /// <summary>The error code of a RST_STREAM or GOAWAY.</summary>
    public Http2ErrorCode ErrorCode => Type switch
    {
        Http2FrameType.RST_STREAM => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload),
        Http2FrameType.GOAWAY => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)),
        _ => throw new InvalidOperationException($"{Type} has no error code."),
    };

    /// <summary>The Last-Stream-ID of a GOAWAY.</summary>
    public int LastStreamId => (int)(BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFFFFFF);

    /// <summary>The increment of a WINDOW_UPDATE.</summary>
    public int Increment => (int)(BinaryPrimitives.ReadUInt32BigEndian(Payload) & 0x7FFFFFFF);

    /// <summary>The opaque data of a PING.</summary>
    public ulong PingData => BinaryPrimitives.ReadUInt64BigEndian(Payload);

    /// <summary>The settings of a SETTINGS frame.</summary>
    public IReadOnlyList<Http2Setting> Settings
    {
        get
        {
            var list = new List<Http2Setting>();
            for (int i = 0; i + 6 <= Payload.Length; i += 6) list.Add(Http2Setting.Read(Payload.AsSpan(i)));
            return list;
        }
    }

    public override string ToString() => Type switch
    {
        Http2FrameType.RST_STREAM => $"RST_STREAM stream {StreamId} {ErrorCode}",
        Http2FrameType.GOAWAY => $"GOAWAY last {LastStreamId} {ErrorCode} '{System.Text.Encoding.UTF8.GetString(Payload.AsSpan(8))}'",
        Http2FrameType.WINDOW_UPDATE => $"WINDOW_UPDATE stream {StreamId} +{Increment}",
        _ => $"{Type} stream {StreamId} flags 0x{Header.Flags:x2} length {Header.Length}",
    };

    /// <summary>Splits bytes into frames; the bytes must hold whole frames only.</summary>
    public static List<ReceivedFrame> ParseAll(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<ReceivedFrame>();
        while (Http2FrameReader.TryReadFrame(ref bytes, out var header, out var payload)) frames.Add(new ReceivedFrame(header, payload.ToArray()));
        if (!bytes.IsEmpty) throw new InvalidOperationException($"{bytes.Length} bytes left that are not a whole frame.");
        return frames;
    }
}
