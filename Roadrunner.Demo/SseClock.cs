using System.Collections.Concurrent;
using System.Globalization;
using Roadrunner.Server.Responses;

namespace Roadrunner.Demo;

/// <summary>
/// The <c>/sse</c> endpoint: one process-wide one-second timer posts the time to every open event stream,
/// which writes it as a Server-Sent Event.
/// </summary>
internal sealed class SseClock : IPushHandler, IDisposable
{
    private readonly ConcurrentDictionary<PushContext, byte> _subscribers = new();
    private readonly Timer _timer;
    private long _id;

    public SseClock() => _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private void Tick()
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var ctx in _subscribers.Keys) ctx.Post(now);
    }

    public ValueTask OnOpenAsync(PushContext context)
    {
        _subscribers.TryAdd(context, 0);
        // Tell EventSource how long to wait before reconnecting.
        return context.WriteAsync("retry: 2000\n\n"u8.ToArray());
    }

    public ValueTask OnMessageAsync(PushContext context, object message)
    {
        var id = Interlocked.Increment(ref _id);
        return context.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"event: tick\nid: {id}\ndata: {message}\n\n"));
    }

    public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
    {
        _subscribers.TryRemove(context, out _);
        return reason == PushCloseReason.Draining
            ? context.WriteAsync("event: bye\ndata: server draining\n\n"u8.ToArray())
            : ValueTask.CompletedTask;
    }

    public void Dispose() => _timer.Dispose();
}
