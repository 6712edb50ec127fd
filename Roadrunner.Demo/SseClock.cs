using System.Collections.Concurrent;
using System.Globalization;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Sse;

namespace Roadrunner.Demo;

/// <summary>
/// The <c>/sse</c> endpoint: one process-wide one-second timer posts the time to every open event stream,
/// which sends it as a <c>tick</c> event (served with <see cref="SseResponse"/>: retry, keep-alives, no-cache).
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
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(PushContext context, object message)
    {
        var id = Interlocked.Increment(ref _id).ToString(CultureInfo.InvariantCulture);
        return context.SendEventAsync(new SseEvent { Event = "tick", Id = id, Data = (string)message });
    }

    public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
    {
        _subscribers.TryRemove(context, out _);
        return reason == PushCloseReason.Draining
            ? context.SendEventAsync(new SseEvent { Event = "bye", Data = "server draining" })
            : ValueTask.CompletedTask;
    }

    public void Dispose() => _timer.Dispose();
}
