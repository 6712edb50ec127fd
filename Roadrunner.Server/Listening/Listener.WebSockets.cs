using Roadrunner.Server.WebSockets;

namespace Roadrunner.Server.Listening;

/// <summary>What the listener shares among its WebSockets.</summary>
public sealed partial class Listener
{
    private WebSocketBufferBudget? _webSocketBudget;

    /// <summary>The budget for buffered inbound WebSocket bytes (<see cref="ListenerOptions.MaxWebSocketBufferedBytes"/>), made on first use.</summary>
    internal WebSocketBufferBudget WebSocketBudget =>
        Volatile.Read(ref _webSocketBudget)
        ?? Interlocked.CompareExchange(ref _webSocketBudget, new WebSocketBufferBudget(Options.MaxWebSocketBufferedBytes), null)
        ?? _webSocketBudget!;
}
