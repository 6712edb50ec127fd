using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Listening;

/// <summary>
/// The protocol-independent half of a connection: its socket and stream, its phase and timers as the
/// heartbeat sees them, and how it is aborted. Phase changes are compare-and-swap so that the heartbeat
/// (or a drain) and the connection's own loop never both act on one connection.
/// </summary>
internal abstract class Connection
{
    private readonly CancellationTokenSource _aborted = new();
    private int _phase = ConnectionPhase.ReadingHead;
    private long _phaseStart;
    private long _rateWindowStart;
    private long _rateWindowBytes;
    private int _readPending;
    private int _drainRequested;
    private bool _headStarted;
    private ConnectionRequests? _requests;

    protected Connection(Listener listener, Socket socket, Stream stream, bool isTls)
    {
        Listener = listener;
        Socket = socket;
        Stream = stream;
        IsTls = isTls;
        Peer = socket.RemoteEndPoint as IPEndPoint;
        _phaseStart = _rateWindowStart = listener.Now();
    }

    public Listener Listener { get; }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public bool IsTls { get; }

    public IPEndPoint? Peer { get; }

    /// <summary>The slot this connection holds in the listener's table, for the heartbeat.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>Why the connection closed, for telemetry.</summary>
    public string CloseReason { get; protected set; } = "client";

    public CancellationToken Aborted => _aborted.Token;

    public int Phase => Volatile.Read(ref _phase);

    /// <summary>
    /// When the connection became idle between requests (a timestamp), or <see cref="long.MaxValue"/> when it is not
    /// idle: the listener reclaims the one idle longest when it is full.
    /// </summary>
    public long IdleSince => Phase == ConnectionPhase.Idle ? Volatile.Read(ref _phaseStart) : long.MaxValue;

    /// <summary>
    /// This connection's requests in the listener's budget, made at the first request. Only HTTP/2 takes places here
    /// (HTTP/1.1 runs one request at a time), so its stream limit is the connection's bound.
    /// </summary>
    internal ConnectionRequests Requests => _requests ??= new ConnectionRequests(Listener, Peer?.Address, Listener.Http2Options.MaxConcurrentStreams);

    public bool DrainRequested => Volatile.Read(ref _drainRequested) != 0;

    /// <summary>The connection that takes the socket over when this one ends (an h2c upgrade), or null.</summary>
    public Connection? Successor { get; protected set; }

    /// <summary>Runs the protocol until the connection ends.</summary>
    public abstract ValueTask RunAsync();

    /// <summary>Moves to <paramref name="phase"/> unless the connection was closed meanwhile.</summary>
    protected bool TryEnterPhase(int phase)
    {
        while (true)
        {
            var current = Volatile.Read(ref _phase);
            if (current == ConnectionPhase.Closed) return false;
            if (current == phase) return true;
            if (Interlocked.CompareExchange(ref _phase, phase, current) == current)
            {
                var now = Listener.Now();
                Volatile.Write(ref _phaseStart, now);
                Volatile.Write(ref _rateWindowStart, now);
                Volatile.Write(ref _rateWindowBytes, 0);
                return true;
            }
        }
    }

    /// <summary>Marks a socket read as pending (the rate guard only counts time spent waiting on the client).</summary>
    protected void BeginRead() => Volatile.Write(ref _readPending, 1);

    /// <summary>Ends a pending read that brought <paramref name="bytes"/> bytes.</summary>
    protected void EndRead(int bytes)
    {
        Volatile.Write(ref _readPending, 0);
        Interlocked.Add(ref _rateWindowBytes, bytes);
    }

    /// <summary>Whether the head being read has started (the rate guard then applies to it).</summary>
    protected bool HeadStarted
    {
        get => Volatile.Read(ref _headStarted);
        set => Volatile.Write(ref _headStarted, value);
    }

    /// <summary>Called by the listener's heartbeat.</summary>
    public void OnHeartbeat(long now)
    {
        OnTick(now);
        var phase = Phase;
        var options = Listener.Options;
        var inPhase = now - Volatile.Read(ref _phaseStart);
        switch (phase)
        {
            case ConnectionPhase.Idle when inPhase >= Listener.KeepAliveTimeoutTicks:
                if (!ClosesAtOnceWhenIdle) OnIdleTimeout();
                else if (TryClose(ConnectionPhase.Idle)) Abort("keep_alive_timeout");
                return;
            // Over the high-water mark the head timeout is shortened (ListenerOptions.PressureRequestTimeoutShare).
            case ConnectionPhase.ReadingHead when inPhase >= Listener.HeadTimeoutTicks:
                if (TryClose(ConnectionPhase.ReadingHead))
                {
                    CloseReason = "request_timeout";
                    if (inPhase < Listener.RequestTimeoutTicks) Listener.CountShortenedHeadTimeout();
                    _ = SendTimeoutAndAbortAsync();
                }

                return;
        }

        // The slow-client guard: bytes per second over the last window, while we wait on the client.
        if (options.MinBytesPerSecond > 0 && (phase == ConnectionPhase.ReadingBody || (phase == ConnectionPhase.ReadingHead && HeadStarted)))
        {
            var windowStart = Volatile.Read(ref _rateWindowStart);
            var window = now - windowStart;
            if (Volatile.Read(ref _readPending) == 0)
            {
                ResetWindow(now);
                return;
            }

            if (window < Listener.TicksPerSecond) return;
            var bytes = Interlocked.Read(ref _rateWindowBytes);
            var rate = bytes * (double)Listener.TicksPerSecond / window;
            if (inPhase >= Listener.GraceTicks && rate < options.MinBytesPerSecond)
            {
                if (TryClose(phase)) Abort("min_bytes_per_second");
                return;
            }

            ResetWindow(now);
        }
    }

    private void ResetWindow(long now)
    {
        Volatile.Write(ref _rateWindowStart, now);
        Interlocked.Exchange(ref _rateWindowBytes, 0);
    }

    /// <summary>
    /// Closes the connection if it is still idle between requests, to make room for a new one at max_clients; false
    /// when it has moved on. Nothing is lost: no request is open (an HTTP/2 client learns it from the closed
    /// connection, as RFC 9113 §8.7 lets it retry requests on a connection that closed without processing them).
    /// </summary>
    public bool TryReclaim()
    {
        if (!TryClose(ConnectionPhase.Idle)) return false;
        Abort("reclaimed");
        return true;
    }

    /// <summary>Asks the connection to finish what it is doing and close; an idle one closes now.</summary>
    public void NotifyDrain()
    {
        Volatile.Write(ref _drainRequested, 1);
        // Nothing of a request has arrived: close now rather than wait for one we would answer with "close" anyway.
        if (ClosesAtOnceWhenIdle && (TryClose(ConnectionPhase.Idle) || (!HeadStarted && TryClose(ConnectionPhase.ReadingHead))))
        {
            Abort("drain");
            return;
        }

        OnDrainRequested();
    }

    /// <summary>Whether a drain closes an idle connection at once (HTTP/1.1) rather than telling it first (HTTP/2 GOAWAY).</summary>
    protected virtual bool ClosesAtOnceWhenIdle => true;

    /// <summary>
    /// The keep-alive timeout of a connection that does not close at once when idle (<see cref="ClosesAtOnceWhenIdle"/>):
    /// it says goodbye in its protocol first. Called on every heartbeat while the connection stays idle past the timeout.
    /// </summary>
    protected virtual void OnIdleTimeout()
    {
        if (TryClose(ConnectionPhase.Idle)) Abort("keep_alive_timeout");
    }

    /// <summary>Protocol timers, run on every heartbeat before the generic timeouts.</summary>
    protected virtual void OnTick(long now)
    {
    }

    /// <summary>Protocol reaction to a drain (e.g. ending push responses).</summary>
    protected virtual void OnDrainRequested()
    {
    }

    /// <summary>Writes the request-timeout answer, then closes.</summary>
    protected abstract Task SendTimeoutAndAbortAsync();

    /// <summary>Claims the connection for closing if it is still in <paramref name="from"/>.</summary>
    protected bool TryClose(int from) => Interlocked.CompareExchange(ref _phase, ConnectionPhase.Closed, from) == from;

    /// <summary>Closes the socket now; pending reads and writes fail and the loop ends.</summary>
    public void Abort(string reason)
    {
        Volatile.Write(ref _phase, ConnectionPhase.Closed);
        if (CloseReason == "client") CloseReason = reason;
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by a handler threw; the connection closes regardless.
        }
        catch (ObjectDisposedException)
        {
            // Already released: a walk over the slots (heartbeat, drain) read this one just before it ended.
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Socket.Dispose();
    }

    /// <summary>Releases what the protocol rented.</summary>
    public virtual void Release()
    {
        // Walkers that still hold a stale slot reference see a closed connection and leave it alone.
        Volatile.Write(ref _phase, ConnectionPhase.Closed);
        _requests?.Leave();
        _aborted.Dispose();
    }
}
