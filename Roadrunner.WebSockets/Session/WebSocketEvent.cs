using System.Diagnostics;

namespace Roadrunner.WebSockets.Session;

/// <summary>
/// An event pulled from <see cref="WebSocketSession.TryReadEvent"/>: a tagged value whose
/// <see cref="Payload"/> aliases the session's buffers, so a message costs no allocation. The payload is valid
/// until the next call to <c>Receive</c>, <c>TryReadEvent</c> or <c>Dispose</c>: copy it to keep it.
/// </summary>
[DebuggerDisplay("{Type} {MessageType} {Payload.Length} bytes")]
public readonly struct WebSocketEvent
{
    private WebSocketEvent(WebSocketEventType type, WebSocketMessageType messageType, bool endOfMessage,
        ReadOnlyMemory<byte> payload, WebSocketCloseCode closeCode, string? closeReason)
    {
        Type = type;
        MessageType = messageType;
        EndOfMessage = endOfMessage;
        Payload = payload;
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>What happened.</summary>
    public WebSocketEventType Type { get; }

    /// <summary>Text or Binary, for <see cref="WebSocketEventType.Message"/> and <see cref="WebSocketEventType.Fragment"/>.</summary>
    public WebSocketMessageType MessageType { get; }

    /// <summary>True for a whole message and for the last fragment of one.</summary>
    public bool EndOfMessage { get; }

    /// <summary>
    /// Message or fragment data (decompressed; text already validated as UTF-8), Ping or Pong application data, or
    /// the UTF-8 reason of a received Close.
    /// </summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>
    /// For <see cref="WebSocketEventType.CloseReceived"/>: the peer's status (1005 when its Close had none). For
    /// <see cref="WebSocketEventType.Closed"/>: the status the connection ended with — the peer's Close status when
    /// it sent one (RFC 6455 §7.1.5), the status we sent when we failed the connection, 1006 when no Close came.
    /// </summary>
    public WebSocketCloseCode CloseCode { get; }

    /// <summary>The reason accompanying <see cref="CloseCode"/> (empty when none).</summary>
    public string? CloseReason { get; }

    internal static WebSocketEvent Message(WebSocketMessageType type, ReadOnlyMemory<byte> payload) =>
        new(WebSocketEventType.Message, type, true, payload, default, null);

    internal static WebSocketEvent Fragment(WebSocketMessageType type, ReadOnlyMemory<byte> payload, bool endOfMessage) =>
        new(WebSocketEventType.Fragment, type, endOfMessage, payload, default, null);

    internal static WebSocketEvent Control(WebSocketEventType type, ReadOnlyMemory<byte> payload) =>
        new(type, default, true, payload, default, null);

    internal static WebSocketEvent CloseReceived(WebSocketCloseCode code, string reason, ReadOnlyMemory<byte> reasonBytes) =>
        new(WebSocketEventType.CloseReceived, default, true, reasonBytes, code, reason);

    internal static WebSocketEvent Closed(WebSocketCloseCode code, string reason) =>
        new(WebSocketEventType.Closed, default, true, default, code, reason);
}
