namespace Roadrunner.WebSockets.Session;

/// <summary>Where a session is in its life (RFC 6455 §4.1 "OPEN", §7.1.3 "CLOSING", §7.1.4 "CLOSED").</summary>
public enum WebSocketState : byte
{
    /// <summary>Messages flow both ways.</summary>
    Open,
    /// <summary>We sent a Close frame and wait for the peer's, at most until <see cref="WebSocketSession.NextDeadline"/>.</summary>
    CloseSent,
    /// <summary>The close handshake is over (or was abandoned): flush the output and close the transport.</summary>
    Closed,
}
