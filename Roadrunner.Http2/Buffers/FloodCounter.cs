namespace Roadrunner.Http2.Buffers;

/// <summary>
/// Counts one kind of frame in fixed intervals of time. Used to bound floods (RFC 9113 §10.5: "An endpoint MAY
/// treat activity that is suspicious as a connection error (Section 5.4.1) of type ENHANCE_YOUR_CALM").
/// </summary>
internal struct FloodCounter
{
    private long _intervalStart;
    private int _count;
    private bool _started;

    /// <summary>Counts one more at <paramref name="now"/>; false once more than <paramref name="limit"/> fall in the current interval.</summary>
    public bool TryAdd(long now, long interval, int limit)
    {
        if (!_started || now - _intervalStart >= interval || now < _intervalStart)
        {
            _started = true;
            _intervalStart = now;
            _count = 0;
        }

        _count++;
        return _count <= limit;
    }
}
