using System.Diagnostics;
using System.Text;
using Roadrunner.WebSockets;

namespace Roadrunner.Server.WebSockets;

/// <summary>
/// One message received on a WebSocket: its type and payload. The payload aliases the server's buffers and is valid
/// only during <see cref="IWebSocketHandler.OnMessageAsync"/>: copy it (or call <see cref="GetText"/>) to keep it.
/// </summary>
[DebuggerDisplay("{Type} {Payload.Length} bytes")]
public readonly struct WebSocketMessage
{
    /// <summary>A message of <paramref name="type"/> carrying <paramref name="payload"/>.</summary>
    public WebSocketMessage(WebSocketMessageType type, ReadOnlyMemory<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    /// <summary>Text or Binary (RFC 6455 §5.6).</summary>
    public WebSocketMessageType Type { get; }

    /// <summary>The data: for text, UTF-8 already checked (RFC 6455 §8.1).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Whether this is a text message.</summary>
    public bool IsText => Type == WebSocketMessageType.Text;

    /// <summary>The payload decoded as UTF-8 (a new string).</summary>
    public string GetText() => Encoding.UTF8.GetString(Payload.Span);
}
