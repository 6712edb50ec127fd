namespace Roadrunner.Server.Http3;

/// <summary>
/// The request streams of one listener's HTTP/3 side, kept for reuse when a request ends, so a request costs no
/// stream object, header buffer or body buffer in steady state. Used only under the listener's lock.
/// </summary>
internal sealed class Http3StreamPool
{
    /// <summary>Streams kept at most; more are dropped when they end (a burst's peak need not stay in memory).</summary>
    internal const int Capacity = 256;

    private readonly Stack<Http3ServerStream> _free = new();

    /// <summary>Streams waiting for reuse.</summary>
    public int Count => _free.Count;

    /// <summary>A stream to start a request on: a kept one, or a new one.</summary>
    public Http3ServerStream Rent() => _free.Count > 0 ? _free.Pop() : new Http3ServerStream();

    /// <summary>Takes back a stream whose request is over and that nothing refers to any more.</summary>
    public void Return(Http3ServerStream stream)
    {
        if (_free.Count >= Capacity)
        {
            stream.Dispose();
            return;
        }

        stream.Recycle();
        _free.Push(stream);
    }
}
