namespace Roadrunner.WebSockets.Session;

/// <summary>What a <see cref="WebSocketEvent"/> reports.</summary>
public enum WebSocketEventType : byte
{
    /// <summary>No event (the default value).</summary>
    None,
    /// <summary>A whole data message (when messages are assembled): type and payload.</summary>
    Message,
    /// <summary>One data frame of a message (when messages are not assembled): type, payload and whether it is the last.</summary>
    Fragment,
    /// <summary>A Ping was received (only with <see cref="WebSocketOptions.ControlFrameEvents"/>); it is already answered when AutoPong is on.</summary>
    Ping,
    /// <summary>A Pong was received (only with <see cref="WebSocketOptions.ControlFrameEvents"/>).</summary>
    Pong,
    /// <summary>The peer's Close frame: its status and reason. Our Close is already queued in reply when the peer started the close.</summary>
    CloseReceived,
    /// <summary>The WebSocket is closed: flush the output and close the transport. Always the last event.</summary>
    Closed,
}
