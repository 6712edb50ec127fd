namespace Roadrunner.Http2.Streams;

/// <summary>
/// What the connection knows about a stream identifier when a frame names it: the §5.1 state, with "closed" split by
/// how the stream closed, since the RFC answers late frames differently for each.
/// </summary>
internal enum StreamCondition
{
    /// <summary>Never used, and above every identifier the peer used: idle.</summary>
    Idle,
    /// <summary>Open.</summary>
    Open,
    /// <summary>Half-closed (local).</summary>
    HalfClosedLocal,
    /// <summary>Half-closed (remote).</summary>
    HalfClosedRemote,
    /// <summary>Closed by a RST_STREAM we sent: late frames are ignored (§5.1).</summary>
    ClosedByLocalReset,
    /// <summary>Closed by the peer's RST_STREAM: frames other than PRIORITY are a stream error STREAM_CLOSED (§5.1).</summary>
    ClosedByRemoteReset,
    /// <summary>Closed by END_STREAM both ways, or closed so long ago that how is forgotten.</summary>
    Closed,
    /// <summary>Below an identifier the peer used but never used itself: implicitly closed (§5.1.1).</summary>
    Skipped,
}
