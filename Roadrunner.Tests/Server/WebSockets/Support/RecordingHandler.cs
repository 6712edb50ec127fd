using System.Threading.Channels;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;

namespace Roadrunner.Tests.Server.WebSockets.Support;

/// <summary>
/// An echo handler that records what happens to it: the context once opened, every message (copied), and the close
/// code and reason. <see cref="OnMessage"/> replaces the echo.
/// </summary>
internal sealed class RecordingHandler : IWebSocketHandler
{
    private readonly TaskCompletionSource<WebSocketContext> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(WebSocketCloseCode Code, string Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<(WebSocketMessageType Type, byte[] Payload)> _messages = Channel.CreateUnbounded<(WebSocketMessageType, byte[])>();

    /// <summary>Called for each message instead of echoing it.</summary>
    public Func<WebSocketContext, WebSocketMessage, ValueTask>? OnMessage { get; init; }

    /// <summary>Called on open, after the context is recorded.</summary>
    public Func<WebSocketContext, ValueTask>? OnOpen { get; init; }

    public Task<WebSocketContext> Opened => _opened.Task;

    public Task<(WebSocketCloseCode Code, string Reason)> Closed => _closed.Task;

    /// <summary>Whether <see cref="WebSocketContext.Aborted"/> was already cancelled when the close call came.</summary>
    public bool AbortedAtClose { get; private set; }

    public ChannelReader<(WebSocketMessageType Type, byte[] Payload)> Messages => _messages.Reader;

    public async ValueTask OnOpenAsync(WebSocketContext context)
    {
        _opened.TrySetResult(context);
        if (OnOpen is not null) await OnOpen(context);
    }

    public ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message)
    {
        _messages.Writer.TryWrite((message.Type, message.Payload.ToArray()));
        return OnMessage is not null ? OnMessage(context, message) : context.SendAsync(message.Type, message.Payload);
    }

    public ValueTask OnCloseAsync(WebSocketContext context, WebSocketCloseCode code, string reason)
    {
        AbortedAtClose = context.Aborted.IsCancellationRequested;
        _closed.TrySetResult((code, reason));
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for the close call (10 s at most).</summary>
    public async Task<(WebSocketCloseCode Code, string Reason)> WaitClosedAsync() => await Closed.WaitAsync(TimeSpan.FromSeconds(10));
}
