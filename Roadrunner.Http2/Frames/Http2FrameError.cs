namespace Roadrunner.Http2.Frames;

/// <summary>
/// A frame that breaks a rule of RFC 9113: the error code to answer with, whether it ends the connection or only
/// the stream, and a constant reason naming the RFC section. Wire input never throws; it produces one of these.
/// </summary>
/// <param name="Code">The RFC 9113 §7 error code.</param>
/// <param name="Scope">Connection error (GOAWAY) or stream error (RST_STREAM).</param>
/// <param name="Reason">A constant reason from <see cref="Http2Errors"/>; null when there is no error.</param>
public readonly record struct Http2FrameError(Http2ErrorCode Code, Http2ErrorScope Scope, string? Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Reason is null;

    /// <summary>A connection error (§5.4.1).</summary>
    public static Http2FrameError Connection(Http2ErrorCode code, string reason) => new(code, Http2ErrorScope.Connection, reason);

    /// <summary>A stream error (§5.4.2).</summary>
    public static Http2FrameError Stream(Http2ErrorCode code, string reason) => new(code, Http2ErrorScope.Stream, reason);
}
