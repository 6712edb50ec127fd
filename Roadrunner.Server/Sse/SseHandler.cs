using System.Runtime.CompilerServices;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Sse;

/// <summary>
/// Wraps the application's push handler: sends the <c>retry:</c> field first, and a keep-alive comment after each
/// idle interval. The comment is posted to the mailbox like any message, so writes never overlap.
/// </summary>
internal sealed class SseHandler(IPushHandler inner, SseResponseOptions options) : IPushHandler
{
    private static readonly byte[] KeepAliveBytes = SseWriter.KeepAlive.ToArray();

    // Per open response: one handler may be shared by many streams when its response is cached.
    private readonly ConditionalWeakTable<PushContext, KeepAliveTimer> _timers = [];

    public async ValueTask OnOpenAsync(PushContext context)
    {
        if (options.Retry is { } retry)
        {
            await context.SendEventAsync(new SseEvent { Retry = retry });
        }

        await inner.OnOpenAsync(context);
        if (options.KeepAliveInterval is { } interval)
        {
            _timers.AddOrUpdate(context, new KeepAliveTimer(context, options.TimeProvider, interval));
        }
    }

    public async ValueTask OnMessageAsync(PushContext context, object message)
    {
        if (ReferenceEquals(message, KeepAlive.Instance))
        {
            await context.WriteAsync(KeepAliveBytes);
            return;
        }

        await inner.OnMessageAsync(context, message);
        // A write just went out: the next keep-alive is due an interval from now.
        if (options.KeepAliveInterval is { } interval && _timers.TryGetValue(context, out var timer))
        {
            timer.Restart(interval);
        }
    }

    public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
    {
        if (_timers.TryGetValue(context, out var timer))
        {
            timer.Dispose();
            _timers.Remove(context);
        }

        return inner.OnCloseAsync(context, reason);
    }

    /// <summary>Posts a keep-alive to one stream after each idle interval, until the stream closes or its client is gone.</summary>
    private sealed class KeepAliveTimer : IDisposable
    {
        private readonly PushContext _context;
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _onAbort;

        public KeepAliveTimer(PushContext context, TimeProvider clock, TimeSpan interval)
        {
            _context = context;
            _timer = clock.CreateTimer(static state => ((KeepAliveTimer)state!).Fire(), this, interval, interval);
            // A stream whose handler failed ends without a close call; the abort is then the only sign. The token is
            // taken now, while the connection is open: its source is disposed when the connection is released.
            _onAbort = context.Aborted.UnsafeRegister(static state => ((KeepAliveTimer)state!).Dispose(), this);
        }

        public void Restart(TimeSpan interval) => _timer?.Change(interval, interval);

        public void Dispose()
        {
            _timer?.Dispose();
            _onAbort.Dispose();
        }

        private void Fire() => _context.Post(KeepAlive.Instance);
    }

    /// <summary>The mailbox message that stands for a keep-alive comment; applications cannot post it.</summary>
    private sealed class KeepAlive
    {
        public static readonly KeepAlive Instance = new();
    }
}
