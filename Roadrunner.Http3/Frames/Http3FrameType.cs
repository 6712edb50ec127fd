namespace Roadrunner.Http3.Frames;

/// <summary>Frame types (RFC 9114 §7.2, §11.2.1), with the HTTP/2-only types HTTP/3 reserves (§7.2.8).</summary>
internal static class Http3FrameType
{
    /// <summary>§7.2.1 DATA.</summary>
    public const long Data = 0x00;

    /// <summary>§7.2.2 HEADERS.</summary>
    public const long Headers = 0x01;

    /// <summary>HTTP/2 PRIORITY: reserved, never sent (§7.2.8).</summary>
    public const long Http2Priority = 0x02;

    /// <summary>§7.2.3 CANCEL_PUSH.</summary>
    public const long CancelPush = 0x03;

    /// <summary>§7.2.4 SETTINGS.</summary>
    public const long Settings = 0x04;

    /// <summary>§7.2.5 PUSH_PROMISE.</summary>
    public const long PushPromise = 0x05;

    /// <summary>HTTP/2 PING: reserved (§7.2.8).</summary>
    public const long Http2Ping = 0x06;

    /// <summary>§7.2.6 GOAWAY.</summary>
    public const long GoAway = 0x07;

    /// <summary>HTTP/2 WINDOW_UPDATE: reserved (§7.2.8).</summary>
    public const long Http2WindowUpdate = 0x08;

    /// <summary>HTTP/2 CONTINUATION: reserved (§7.2.8).</summary>
    public const long Http2Continuation = 0x09;

    /// <summary>§7.2.7 MAX_PUSH_ID.</summary>
    public const long MaxPushId = 0x0d;

    /// <summary>
    /// §7.2.8: "Frame types that were used in HTTP/2 where there is no corresponding HTTP/3 frame have also been
    /// reserved ... their receipt MUST be treated as a connection error of type H3_FRAME_UNEXPECTED."
    /// </summary>
    public static bool IsHttp2Only(long type) => type is Http2Priority or Http2Ping or Http2WindowUpdate or Http2Continuation;

    /// <summary>§7.2.8: reserved types of the form 0x1f * N + 0x21 exist to exercise the rule that unknown types are ignored.</summary>
    public static bool IsReserved(long type) => type >= 0x21 && (type - 0x21) % 0x1f == 0;
}
