using System.Buffers.Binary;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>
/// Builds raw HTTP/2 bytes by hand, independently of the package's frame writers, so tests can send exactly the
/// frames they mean — valid or not (wrong lengths, reserved bits, undefined flags and types).
/// </summary>
internal sealed class FrameBuilder
{
    public const byte DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3, SETTINGS = 0x4, PUSH_PROMISE = 0x5,
        PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;

    public const byte END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY_FLAG = 0x20;

    private readonly List<byte> _bytes = [];

    /// <summary>The 24-octet client preface.</summary>
    public FrameBuilder Preface()
    {
        _bytes.AddRange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        return this;
    }

    /// <summary>Any bytes.</summary>
    public FrameBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A frame header with any length (it may lie about the payload that follows).</summary>
    public FrameBuilder Header(int length, byte type, byte flags, int streamId)
    {
        _bytes.Add((byte)(length >> 16));
        _bytes.Add((byte)(length >> 8));
        _bytes.Add((byte)length);
        _bytes.Add(type);
        _bytes.Add(flags);
        var id = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(id, unchecked((uint)streamId));
        _bytes.AddRange(id);
        return this;
    }

    /// <summary>A frame whose length is its payload's.</summary>
    public FrameBuilder Frame(byte type, byte flags, int streamId, params byte[] payload)
    {
        Header(payload.Length, type, flags, streamId);
        _bytes.AddRange(payload);
        return this;
    }

    public FrameBuilder Settings(params (ushort Id, uint Value)[] settings)
    {
        var payload = new byte[settings.Length * 6];
        for (int i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((i * 6) + 2), settings[i].Value);
        }

        return Frame(SETTINGS, 0, 0, payload);
    }

    public FrameBuilder SettingsAck() => Frame(SETTINGS, ACK, 0);

    public FrameBuilder Headers(int streamId, byte[] block, bool endStream, bool endHeaders = true, int padLength = -1, (bool Exclusive, int Dependency, byte Weight)? priority = null)
    {
        var payload = new List<byte>();
        byte flags = (byte)((endStream ? END_STREAM : 0) | (endHeaders ? END_HEADERS : 0));
        if (padLength >= 0)
        {
            flags |= PADDED;
            payload.Add((byte)padLength);
        }

        if (priority is { } p)
        {
            flags |= PRIORITY_FLAG;
            payload.AddRange(PriorityFields(p.Exclusive, p.Dependency, p.Weight));
        }

        payload.AddRange(block);
        if (padLength > 0) payload.AddRange(new byte[padLength]);
        return Frame(HEADERS, flags, streamId, [.. payload]);
    }

    public FrameBuilder Continuation(int streamId, byte[] block, bool endHeaders) =>
        Frame(CONTINUATION, endHeaders ? END_HEADERS : (byte)0, streamId, block);

    public FrameBuilder Data(int streamId, byte[] data, bool endStream, int padLength = -1)
    {
        if (padLength < 0) return Frame(DATA, endStream ? END_STREAM : (byte)0, streamId, data);
        var payload = new byte[1 + data.Length + padLength];
        payload[0] = (byte)padLength;
        data.CopyTo(payload, 1);
        return Frame(DATA, (byte)((endStream ? END_STREAM : 0) | PADDED), streamId, payload);
    }

    public FrameBuilder Priority(int streamId, int dependency, byte weight = 15, bool exclusive = false) =>
        Frame(PRIORITY, 0, streamId, PriorityFields(exclusive, dependency, weight));

    public FrameBuilder RstStream(int streamId, uint code) => Frame(RST_STREAM, 0, streamId, UInt32(code));

    public FrameBuilder Ping(ulong data, bool ack = false)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(payload, data);
        return Frame(PING, ack ? ACK : (byte)0, 0, payload);
    }

    public FrameBuilder GoAway(int lastStreamId, uint code, byte[]? debug = null) =>
        Frame(GOAWAY, 0, 0, [.. UInt32((uint)lastStreamId), .. UInt32(code), .. debug ?? []]);

    public FrameBuilder WindowUpdate(int streamId, int increment) => Frame(WINDOW_UPDATE, 0, streamId, UInt32((uint)increment));

    public FrameBuilder PushPromise(int streamId, int promisedStreamId, byte[] block) =>
        Frame(PUSH_PROMISE, END_HEADERS, streamId, [.. UInt32((uint)promisedStreamId), .. block]);

    public byte[] ToArray() => [.. _bytes];

    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] PriorityFields(bool exclusive, int dependency, byte weight) =>
        [.. UInt32((uint)dependency | (exclusive ? 0x80000000 : 0)), weight];
}
