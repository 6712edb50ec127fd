namespace Roadrunner.Http2.Frames;

/// <summary>Frame flags (RFC 9113 §6), spelled as in the RFC. Which flags mean something depends on the frame type; the others are ignored (§4.1).</summary>
public static class Http2FrameFlags
{
    /// <summary>No flag.</summary>
    public const byte None = 0x0;

    /// <summary>DATA, HEADERS: the last frame the sender will send on the stream (§6.1, §6.2).</summary>
    public const byte END_STREAM = 0x1;

    /// <summary>SETTINGS, PING: the frame acknowledges one from the peer (§6.5, §6.7).</summary>
    public const byte ACK = 0x1;

    /// <summary>HEADERS, PUSH_PROMISE, CONTINUATION: the frame ends a field block (§6.2).</summary>
    public const byte END_HEADERS = 0x4;

    /// <summary>DATA, HEADERS, PUSH_PROMISE: a Pad Length field and padding are present (§6.1).</summary>
    public const byte PADDED = 0x8;

    /// <summary>HEADERS: Exclusive, Stream Dependency and Weight fields are present (§6.2).</summary>
    public const byte PRIORITY = 0x20;
}
