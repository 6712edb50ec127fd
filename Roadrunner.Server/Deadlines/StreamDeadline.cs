namespace Roadrunner.Server.Deadlines;

/// <summary>
/// The server-policy deadlines of one HTTP/2 or HTTP/3 stream, the same for both protocols: a header section must
/// complete within the request timeout, and once past a grace period, request content must arrive and the response
/// must be let through at least at the minimum rates. Only time spent waiting on the client counts, as for HTTP/1.1
/// (<see cref="Listening.Connection"/>): a stream whose handler is busy, or whose content waits for the server's own
/// reader, is never cut. The connection drives it from its tick with what the stream waits on and a timestamp of the
/// listener's <see cref="TimeProvider"/>; the bytes that move are reported as they move. Not thread-safe: the
/// connection calls it under its lock. Pooled with its stream: nothing is allocated per request.
/// </summary>
internal sealed class StreamDeadline
{
    private StreamWait _wait;
    private StreamWait _phase;
    private long _phaseStart;
    private long _windowStart;
    private long _windowBytes;
    private long _lastProgress;
    private bool _moved;

    /// <summary>What the stream waited on at the last tick.</summary>
    public StreamWait Wait => _wait;

    /// <summary>
    /// The stream waits on the client and nothing moved for a second or more: the client holds it without progress.
    /// A connection whose every stream is stalled is as good as idle.
    /// </summary>
    public bool IsStalled { get; private set; }

    /// <summary>A new request on this (pooled) stream: nothing waited on yet (the first wait a tick sees starts the clocks).</summary>
    public void Reset()
    {
        _wait = _phase = StreamWait.None;
        _windowBytes = 0;
        _moved = false;
        IsStalled = false;
    }

    /// <summary><paramref name="bytes"/> of request content arrived, or of response content were let through.</summary>
    public void Progress(int bytes)
    {
        if (bytes <= 0) return;
        _windowBytes += bytes;
        _moved = true;
        IsStalled = false;
    }

    /// <summary>
    /// The tick: records what the stream waits on now and says whether a limit is broken. A rate is measured over a
    /// window of at least a second of continuous waiting (a tick that finds the stream not waiting starts a new
    /// window), and judged only once the grace has passed since the stream began waiting for that kind of thing.
    /// </summary>
    public StreamVerdict Check(StreamWait wait, long now, in StreamDeadlineLimits limits)
    {
        if (_moved)
        {
            _moved = false;
            _lastProgress = now;
        }

        if (wait != _wait)
        {
            _wait = wait;
            _windowStart = now;
            _windowBytes = 0;
            if (wait != StreamWait.None)
            {
                // A wait that begins has had no time to see progress yet.
                _lastProgress = now;
                // The grace runs from the first wait of a kind: a reader that comes back for more keeps its phase.
                if (wait != _phase)
                {
                    _phase = wait;
                    _phaseStart = now;
                }
            }
        }

        if (wait == StreamWait.None)
        {
            IsStalled = false;
            return StreamVerdict.None;
        }

        IsStalled = now - _lastProgress >= limits.TicksPerSecond;
        return wait switch
        {
            StreamWait.RequestBody => CheckRate(now, limits.MinRequestBytesPerSecond, limits.RequestGrace, limits.TicksPerSecond, StreamVerdict.RequestTooSlow),
            _ => CheckRate(now, limits.MinResponseBytesPerSecond, limits.ResponseGrace, limits.TicksPerSecond, StreamVerdict.ResponseTooSlow),
        };
    }

    private StreamVerdict CheckRate(long now, int minimum, long grace, long ticksPerSecond, StreamVerdict tooSlow)
    {
        if (minimum <= 0) return StreamVerdict.None;
        var window = now - _windowStart;
        if (window < ticksPerSecond) return StreamVerdict.None;
        var rate = _windowBytes * (double)ticksPerSecond / window;
        if (now - _phaseStart >= grace && rate < minimum) return tooSlow;
        _windowStart = now;
        _windowBytes = 0;
        return StreamVerdict.None;
    }

    /// <summary>
    /// Whether a header section that began at <paramref name="since"/> is past the request timeout at
    /// <paramref name="now"/>. A head has no stream object yet (its fields are not decoded), so its connection keeps
    /// only when it began.
    /// </summary>
    public static bool HeadExpired(long since, long now, in StreamDeadlineLimits limits) => now - since >= limits.HeadTimeout;
}
