namespace Roadrunner.Server.Sse;

/// <summary>How an event stream made by <see cref="SseResponse.Create"/> behaves.</summary>
public sealed record SseResponseOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static SseResponseOptions Default { get; } = new();

    /// <summary>
    /// After this long without a write, a keep-alive comment (<see cref="SseWriter.KeepAlive"/>) is sent, so proxies and
    /// load balancers do not close an idle stream and a vanished client is noticed. Default 15 s; null turns it off.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A <c>retry:</c> field sent first, telling the client how long to wait before reconnecting. Default null: none.</summary>
    public TimeSpan? Retry { get; init; }

    /// <summary>The clock for the keep-alive timer. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (KeepAliveInterval is { } interval && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), interval, "The keep-alive interval is positive (or null for none).");
        }

        if (Retry is { } retry && retry < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Retry), retry, "retry must not be negative.");
        }
    }
}
