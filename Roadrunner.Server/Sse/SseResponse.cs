using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Sse;

/// <summary>
/// Server-Sent Events (WHATWG HTML §9.2) on the push shape: a <c>text/event-stream</c> response with
/// <c>Cache-Control: no-cache</c>, driven by an <see cref="IPushHandler"/> that writes events with
/// <see cref="PushContextSseExtensions.SendEventAsync"/>, plus keep-alive comments when the stream is idle.
/// </summary>
/// <remarks>
/// A reconnecting client's <c>Last-Event-ID</c> is <see cref="Requests.Request.LastEventId"/>
/// (<c>context.Request.LastEventId</c> in <see cref="IPushHandler.OnOpenAsync"/>). Event streams are never
/// compressed. The keep-alive comment goes through the handler's mailbox, so it never interleaves with an event.
/// </remarks>
/// <example>
/// <code>
/// sealed class Ticker : IPushHandler
/// {
///     public ValueTask OnOpenAsync(PushContext ctx) { Clock.Subscribe(ctx); return default; }
///     public ValueTask OnMessageAsync(PushContext ctx, object message) =&gt;
///         ctx.SendEventAsync(new SseEvent { Event = "tick", Data = (string)message });
/// }
///
/// Route.Get("/events", _ =&gt; SseResponse.Create(ticker, new SseResponseOptions { Retry = TimeSpan.FromSeconds(2) }));
/// </code>
/// </example>
public static class SseResponse
{
    /// <summary>A 200 event stream driven by <paramref name="handler"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive keep-alive interval or a negative retry.</exception>
    public static PushResponse Create(IPushHandler handler, SseResponseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= SseResponseOptions.Default;
        options.Validate();
        return new PushResponse(200, SseWriter.ContentType, new SseHandler(handler, options), [new("cache-control", "no-cache")]);
    }
}
