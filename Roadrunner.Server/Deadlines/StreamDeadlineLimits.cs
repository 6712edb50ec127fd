using Roadrunner.Server.Listening;

namespace Roadrunner.Server.Deadlines;

/// <summary>
/// The listener's stream deadlines in timestamp ticks of its <see cref="TimeProvider"/>, computed once per connection
/// from <see cref="ListenerOptions"/>: the request timeout for a header section, and the minimum rates with their grace.
/// </summary>
internal readonly struct StreamDeadlineLimits
{
    public StreamDeadlineLimits(ListenerOptions options)
    {
        TicksPerSecond = options.TimeProvider.TimestampFrequency;
        HeadTimeout = ToTicks(options.RequestTimeout);
        MinRequestBytesPerSecond = options.MinBytesPerSecond;
        RequestGrace = ToTicks(options.MinBytesGracePeriod);
        MinResponseBytesPerSecond = options.MinResponseBytesPerSecond;
        ResponseGrace = ToTicks(options.MinResponseGracePeriod);
    }

    /// <summary>Timestamp ticks per second; also the shortest window a rate is measured over, and how long a wait without progress takes to count as stalled.</summary>
    public long TicksPerSecond { get; }

    public long HeadTimeout { get; }

    /// <summary>0: no request rate floor.</summary>
    public int MinRequestBytesPerSecond { get; }

    public long RequestGrace { get; }

    /// <summary>0: no response rate floor.</summary>
    public int MinResponseBytesPerSecond { get; }

    public long ResponseGrace { get; }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * TicksPerSecond);
}
