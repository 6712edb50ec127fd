using Roadrunner.WebSockets;

namespace Roadrunner.Server.WebSockets;

/// <summary>
/// Drives one WebSocket: opened once after the 101, called for each message the client sends, one at a time and in
/// order, then closed once. One instance serves every connection of its route, so it must be thread-safe; keep
/// per-connection state in <see cref="WebSocketContext.State"/>.
/// </summary>
/// <example>
/// <code>
/// sealed class EchoHandler : IWebSocketHandler
/// {
///     public ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message) =&gt;
///         context.SendAsync(message.Type, message.Payload);
/// }
/// </code>
/// </example>
public interface IWebSocketHandler
{
    /// <summary>
    /// Called once the handshake is answered, before the first message is read; hand <paramref name="context"/> to
    /// whatever sends from elsewhere (it may be used from any thread).
    /// </summary>
    ValueTask OnOpenAsync(WebSocketContext context) => ValueTask.CompletedTask;

    /// <summary>
    /// Called for each whole message (assembled from its fragments, decompressed, text checked as UTF-8). Its payload
    /// is valid until the returned task completes: copy it to keep it. No further message is read until then. A throw
    /// closes the WebSocket with 1011 (RFC 6455 §7.4.1: an unexpected condition).
    /// </summary>
    ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message);

    /// <summary>
    /// Called once at the end with the status the WebSocket closed with (RFC 6455 §7.1.5): the client's when it sent a
    /// Close (1005 when that had no status), 1001 when the server drained, the code of a protocol fault the server
    /// found (1002, 1007, 1009 ...), or 1006 when the client vanished without a Close. Nothing can be sent any more.
    /// </summary>
    ValueTask OnCloseAsync(WebSocketContext context, WebSocketCloseCode code, string reason) => ValueTask.CompletedTask;
}
