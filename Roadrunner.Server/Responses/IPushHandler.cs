namespace Roadrunner.Server.Responses;

/// <summary>
/// Drives a long-lived response (the loop shape): opened once, then called for every message posted to
/// its <see cref="PushContext"/> from anywhere in the process, then closed. SSE and NDJSON feeds ride on it.
/// </summary>
/// <example>
/// <code>
/// sealed class Clock : IPushHandler
/// {
///     public ValueTask OnOpenAsync(PushContext ctx) { Ticker.Subscribe(ctx); return default; }
///     public ValueTask OnMessageAsync(PushContext ctx, object message) =&gt;
///         ctx.WriteAsync(Encoding.UTF8.GetBytes($"data: {message}\n\n"));
/// }
/// </code>
/// </example>
public interface IPushHandler
{
    /// <summary>Called once when the response head has been sent; hand <paramref name="context"/> to whatever posts messages.</summary>
    ValueTask OnOpenAsync(PushContext context);

    /// <summary>Called for each message posted with <see cref="PushContext.Post"/>, one at a time, in order.</summary>
    ValueTask OnMessageAsync(PushContext context, object message);

    /// <summary>Called once at the end. On <see cref="PushCloseReason.Draining"/> the handler may still write a last message.</summary>
    ValueTask OnCloseAsync(PushContext context, PushCloseReason reason) => ValueTask.CompletedTask;
}
