namespace Roadrunner.Http2;

/// <summary>Stream states (RFC 9113 §5.1). The reserved states belong to server push, which is never enabled here.</summary>
public enum Http2StreamState
{
    /// <summary>Not used yet.</summary>
    Idle,
    /// <summary>Promised by us with PUSH_PROMISE (unused).</summary>
    ReservedLocal,
    /// <summary>Promised by the peer with PUSH_PROMISE (unused).</summary>
    ReservedRemote,
    /// <summary>Both sides may send.</summary>
    Open,
    /// <summary>We sent END_STREAM; the peer may still send.</summary>
    HalfClosedLocal,
    /// <summary>The peer sent END_STREAM; we may still send.</summary>
    HalfClosedRemote,
    /// <summary>Finished or reset.</summary>
    Closed,
}
