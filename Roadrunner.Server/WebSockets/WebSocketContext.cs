using Roadrunner.Server.Requests;
using Roadrunner.WebSockets;

namespace Roadrunner.Server.WebSockets;

/// <summary>
/// One open WebSocket as its handler sees it: send to it from any task or thread, post to it without waiting, close it.
/// Sends are written in the order they are made; a send made while the WebSocket is closing or closed is dropped
/// (<see cref="IsOpen"/> says which), so nothing a client does makes a send throw.
/// </summary>
public sealed class WebSocketContext
{
    private readonly WebSocketSessionRunner _runner;

    internal WebSocketContext(WebSocketSessionRunner runner, Request request, string? subprotocol, bool compressed)
    {
        _runner = runner;
        Request = request;
        Subprotocol = subprotocol;
        IsCompressed = compressed;
    }

    /// <summary>The request that opened the WebSocket; the route's state is <see cref="Request.State"/>.</summary>
    public Request Request { get; }

    /// <summary>The subprotocol agreed in the handshake (RFC 6455 §4.2.2 /subprotocol/), or null.</summary>
    public string? Subprotocol { get; }

    /// <summary>Whether permessage-deflate (RFC 7692) was agreed.</summary>
    public bool IsCompressed { get; }

    /// <summary>Free for the handler's own per-connection state.</summary>
    public object? State { get; set; }

    /// <summary>
    /// Cancelled when the WebSocket ends, whatever the reason (close handshake, protocol fault, client gone,
    /// connection force-closed): stop background work with it.
    /// </summary>
    public CancellationToken Aborted => _runner.Ended;

    /// <summary>True until a Close has been sent or received; after that, sends and posts are dropped.</summary>
    public bool IsOpen => _runner.IsOpen;

    /// <summary>Sends a text message; completes once it is written (or, from a callback, queued behind the callback's other sends).</summary>
    public ValueTask SendTextAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _runner.SendTextAsync(text);
    }

    /// <summary>Sends a text message already encoded as UTF-8 (not checked again: the caller vouches for it).</summary>
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8) => _runner.SendAsync(WebSocketMessageType.Text, utf8);

    /// <summary>Sends a binary message.</summary>
    public ValueTask SendBinaryAsync(ReadOnlyMemory<byte> data) => _runner.SendAsync(WebSocketMessageType.Binary, data);

    /// <summary>Sends a message of <paramref name="type"/> (text payloads are UTF-8 the caller vouches for).</summary>
    public ValueTask SendAsync(WebSocketMessageType type, ReadOnlyMemory<byte> payload) => _runner.SendAsync(type, payload);

    /// <summary>
    /// Queues a text message without waiting, from any thread. False when the WebSocket is closing or closed, or when
    /// more than the response's send-queue limit is already waiting for a slow client (the message is dropped, so a
    /// slow client does not grow memory).
    /// </summary>
    public bool Post(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _runner.PostText(text);
    }

    /// <summary>Queues a message of <paramref name="type"/> without waiting. See <see cref="Post(string)"/>.</summary>
    public bool Post(ReadOnlyMemory<byte> payload, WebSocketMessageType type = WebSocketMessageType.Binary) => _runner.Post(type, payload);

    /// <summary>
    /// Starts the close handshake (RFC 6455 §7.1.2): sends Close with <paramref name="code"/> and
    /// <paramref name="reason"/>, then the server waits for the client's Close (at most the options' close timeout) and
    /// calls <see cref="IWebSocketHandler.OnCloseAsync"/>. Completes once the Close is written; does nothing if a Close
    /// was already sent.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent (RFC 6455 §7.4: 1005, 1006, 1015, under 1000 ...).</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 bytes of UTF-8 (RFC 6455 §5.5).</exception>
    public ValueTask CloseAsync(WebSocketCloseCode code = WebSocketCloseCode.NormalClosure, string? reason = null) =>
        _runner.CloseAsync(code, reason);
}
