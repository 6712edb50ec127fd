using System.Buffers;
using System.Net.Sockets;
using Roadrunner.Http1;
using Roadrunner.Http2;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Deadlines;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Http2;

/// <summary>
/// One HTTP/2 connection: a read loop that feeds the sans-IO <see cref="Http2Connection"/> and turns its events into
/// requests, handlers that run concurrently (one per stream) and send through the same codec, and a writer that
/// flushes what the codec queued. The codec is single-threaded, so every call into it holds <see cref="_sync"/>;
/// handler code never runs under it.
/// </summary>
internal sealed partial class Http2ServerConnection : Connection
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly Lock _sync = new();
    private readonly Http2Connection _h2;
    private readonly Dictionary<int, Http2ServerStream> _streams = [];
    private readonly Stack<Http2ServerStream> _pool = new();
    private readonly List<Http2ServerStream> _starting = [];
    private readonly AsyncSignal _outputReady = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _processingThread;
    private readonly PooledBufferWriter _writeBuffer = new(16 * 1024);
    private readonly ReadOnlyMemory<byte> _initialInput;
    private readonly Http2ServerStream? _upgraded;
    private bool _readEnded;
    private bool _closing;
    private bool _goAwaySent;
    private bool _released;
    private long _autoBuffered;
    private int _creditHolder;
    private readonly long _autoBudget;
    private int _running;
    private readonly AsyncSignal _allStreamsDone = new();
    private readonly StreamDeadlineLimits _limits;
    private int _headStream;
    private long _headSince;

    /// <param name="listener">The listener.</param>
    /// <param name="socket">The accepted socket.</param>
    /// <param name="stream">The socket's stream, or the TLS stream over it.</param>
    /// <param name="isTls">Whether <paramref name="stream"/> is TLS.</param>
    /// <param name="initialInput">Bytes already read from the client (a prior-knowledge preface seen by the HTTP/1.1 side).</param>
    /// <param name="upgraded">An HTTP/1.1 request that asked for h2c and was answered 101: it becomes stream 1.</param>
    /// <param name="upgradeSettings">The decoded HTTP2-Settings of that request.</param>
    public Http2ServerConnection(Listener listener, Socket socket, Stream stream, bool isTls,
        ReadOnlyMemory<byte> initialInput = default, Request? upgraded = null, ReadOnlySpan<byte> upgradeSettings = default)
        : base(listener, socket, stream, isTls)
    {
        _h2 = new Http2Connection(Http2Role.Server, listener.Http2Options, listener.Now());
        _autoBudget = listener.Http2Options.InitialConnectionWindow;
        _limits = new StreamDeadlineLimits(listener.Options);
        _initialInput = initialInput;
        if (upgraded is not null)
        {
            if (!_h2.TryAcceptUpgrade(upgradeSettings))
            {
                _h2.Dispose();
                throw new ArgumentException("Invalid HTTP2-Settings.", nameof(upgradeSettings));
            }

            // Copied now: the HTTP/1.1 connection's buffers go back to the pool when it hands over.
            _upgraded = new Http2ServerStream();
            _upgraded.StartUpgraded(upgraded);
        }
    }

    public override async ValueTask RunAsync()
    {
        var writer = WriteLoopAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            if (_upgraded is not null) StartUpgradedStream(_upgraded);
            if (!_initialInput.IsEmpty) Process(_initialInput.Span);
            await FlushInlineAsync();
            // After the codec has closed (a GOAWAY is on its way) reading goes on, discarding, until the client closes
            // or the writer's lingering close gives up: see CloseTransportAsync.
            while (true)
            {
                BeginRead();
                int n;
                try
                {
                    n = await Stream.ReadAsync(buffer);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    n = 0;
                }

                EndRead(n);
                if (n == 0 || Phase == ConnectionPhase.Closed) break;
                Process(buffer.AsSpan(0, n));
                await FlushInlineAsync();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            EndConnection();
            await writer;
            await _allStreamsDone.WaitAsync();
        }
    }

    /// <summary>Feeds received bytes to the codec and acts on its events.</summary>
    private void Process(ReadOnlySpan<byte> data)
    {
        lock (_sync)
        {
            if (_closing) return;
            var now = Listener.Now();
            _h2.Receive(data, now);
            TrackHeaderBlock(now);
            DispatchEvents();
            if (_h2.IsCompleted) _closing = true;
        }

        // Handlers that answer at once queue their frames; the read loop flushes them all in one write after this.
        Volatile.Write(ref _processingThread, Environment.CurrentManagedThreadId);
        try
        {
            StartHandlers();
        }
        finally
        {
            Volatile.Write(ref _processingThread, 0);
        }
    }

    /// <summary>The read side is done: streams still running are cancelled, and the writer flushes what is left and stops.</summary>
    private void EndConnection()
    {
        lock (_sync)
        {
            _readEnded = true;
            _closing = true;
            ResetAll();
            if (_running == 0) _allStreamsDone.Set();
        }

        _outputReady.Set();
    }

    /// <summary>
    /// The writer: waits for queued frames and writes them, so handlers never wait on the socket and frames from
    /// many streams leave together. Ends once the codec has nothing more to say and the connection is closing.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await _outputReady.WaitAsync();
                await _writeGate.WaitAsync();
                bool done;
                try
                {
                    done = await FlushCoreAsync();
                }
                finally
                {
                    _writeGate.Release();
                }

                if (done) break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; the read loop notices too.
        }

        await CloseTransportAsync();
    }

    /// <summary>
    /// The read loop writes what its own batch produced (answers from handlers that completed at once), without a
    /// hop to the writer; if the writer holds the socket, it is asked to take the output instead.
    /// </summary>
    private async ValueTask FlushInlineAsync()
    {
        if (!_writeGate.Wait(0))
        {
            _outputReady.Set();
            return;
        }

        bool done;
        try
        {
            done = await FlushCoreAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            done = true;
        }
        finally
        {
            _writeGate.Release();
        }

        // Closing is the writer's to finish (GOAWAY flushed, then the lingering close).
        if (done) _outputReady.Set();
    }

    /// <summary>Writes every queued frame; true when the connection has nothing more to say. Holds <see cref="_writeGate"/>.</summary>
    private async ValueTask<bool> FlushCoreAsync()
    {
        while (true)
        {
            bool done;
            lock (_sync)
            {
                if (!_released) _h2.WritePending(_writeBuffer);
                // Room freed in the codec's output wakes streams waiting to send.
                if (!_released) DispatchEvents();
                done = _closing || _released || _h2.IsCompleted;
            }

            if (_writeBuffer.WrittenCount == 0) return done;
            await Stream.WriteAsync(_writeBuffer.WrittenMemory);
            _writeBuffer.Clear();
        }
    }

    /// <summary>
    /// Asks the writer to send what was just queued, unless the read loop is in the middle of a batch on this thread:
    /// it flushes right after.
    /// </summary>
    private void RequestFlush()
    {
        if (Volatile.Read(ref _processingThread) == Environment.CurrentManagedThreadId) return;
        _outputReady.Set();
    }

    /// <summary>
    /// After the last frame (a GOAWAY), stops sending and gives the client a moment to close first, so our close does
    /// not turn into a reset that destroys the GOAWAY in flight (RFC 9113 §6.8, as for HTTP/1.1 in RFC 9112 §9.6).
    /// </summary>
    private async Task CloseTransportAsync()
    {
        bool readEnded;
        lock (_sync) readEnded = _readEnded;
        if (Phase == ConnectionPhase.Closed) return;
        try
        {
            if (IsTls) await ((System.Net.Security.SslStream)Stream).ShutdownAsync();
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }

        if (readEnded)
        {
            Abort(CloseReason);
            return;
        }

        // The read loop is still reading: it sees the client's close, or this stops it after a second.
        _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(static (_, s) => ((Http2ServerConnection)s!).Abort("closed"), this, TaskScheduler.Default);
    }

    /// <summary>Acts on every event the codec reported. Holds <see cref="_sync"/>.</summary>
    private void DispatchEvents()
    {
        while (_h2.TryReadEvent(out var e))
        {
            switch (e.Kind)
            {
                case Http2EventKind.RequestHeadersReceived:
                    OnRequestHeaders(e.StreamId, e.Headers, e.EndStream);
                    break;
                case Http2EventKind.DataReceived:
                    OnData(e.StreamId, e.Data.Span, e.EndStream);
                    break;
                case Http2EventKind.TrailersReceived:
                    OnData(e.StreamId, default, endStream: true);
                    break;
                case Http2EventKind.HeaderListTooLarge:
                    // RFC 9113 §10.5.1: a field section over our advertised limit is answered 431.
                    Listener.CountRequest();
                    _h2.SendHeaders(e.StreamId, 431, [], endStream: true);
                    break;
                case Http2EventKind.StreamReset:
                case Http2EventKind.StreamError:
                    if (_streams.TryGetValue(e.StreamId, out var reset))
                    {
                        reset.MarkReset();
                        if (!reset.Started) Discard(reset);
                    }

                    break;
                case Http2EventKind.WindowAvailable:
                    if (_streams.TryGetValue(e.StreamId, out var blocked)) blocked.Window.Set();
                    break;
                case Http2EventKind.ConnectionClosed:
                    CloseReason = e.ErrorCode == Http2ErrorCode.NO_ERROR ? "client" : "protocol_error";
                    _closing = true;
                    ResetAll();
                    break;
            }
        }

        UpdatePhase();
    }

    /// <summary>Every stream is over: running handlers see their requests aborted; requests still arriving are dropped. Holds <see cref="_sync"/>.</summary>
    private void ResetAll()
    {
        foreach (var stream in _streams.Values.ToArray())
        {
            stream.MarkReset();
            if (!stream.Started) Discard(stream);
        }
    }

    /// <summary>Drops a request whose handler never started (reset while its body arrived). Holds <see cref="_sync"/>.</summary>
    private void Discard(Http2ServerStream stream)
    {
        _streams.Remove(stream.Id);
        ReleaseAutoBody(stream);
        stream.ReleaseBody();
        _pool.Push(stream);
        Requests.Exit();
    }

    /// <summary>
    /// Idle (keep-alive timeout applies) with no stream open, or when every open stream is stalled on the client
    /// (<see cref="StreamDeadline.IsStalled"/>): a client that holds streams without moving them holds the connection
    /// as an idle one would. Handling otherwise. Holds <see cref="_sync"/>.
    /// </summary>
    private void UpdatePhase()
    {
        if (_closing) return;
        TryEnterPhase(IsIdle() ? ConnectionPhase.Idle : ConnectionPhase.Handling);
    }

    private bool IsIdle()
    {
        if (_streams.Count == 0) return _h2.ActiveStreamCount == 0;
        foreach (var stream in _streams.Values)
        {
            if (!stream.Deadline.IsStalled || stream.WaitingOn == StreamWait.None) return false;
        }

        return true;
    }

    private void OnRequestHeaders(int id, Http2HeaderList headers, bool endStream)
    {
        // Bounds on requests in flight (the listener's, this address's share, this connection's): over one the stream
        // is refused, which a client may retry (RFC 9113 §8.7: REFUSED_STREAM means nothing was processed).
        if (!Requests.TryEnter())
        {
            _h2.ResetStream(id, Http2ErrorCode.REFUSED_STREAM);
            return;
        }

        var stream = _pool.Count > 0 ? _pool.Pop() : new Http2ServerStream();
        stream.Start(id, headers, endStream, IsTls, Peer);
        _streams.Add(id, stream);
        stream.Pipeline = Listener.Routes.Resolve(stream.Request, out var bodyMode);
        // An extended CONNECT is a tunnel: its content never ends by itself, so it is read as it arrives.
        if (stream.ConnectProtocol is not null) bodyMode = BodyMode.Manual;
        stream.Request.BodyMode = bodyMode;

        if (stream.ConnectProtocol is null && stream.Request.KnownMethod == KnownMethod.Connect)
        {
            stream.Request.TreatAsContentless();
            Start(stream);
            return;
        }

        if (stream.Request.ContentLength > Listener.Options.MaxContentLength)
        {
            // Known too large before a byte arrives: answer now, without the handler.
            stream.FailureStatus = 413;
            Start(stream);
            return;
        }

        if (bodyMode == BodyMode.Manual)
        {
            stream.Request.SetBody(default, endStream ? null : new BodySource(this, stream));
            Start(stream);
        }
        else if (endStream)
        {
            Start(stream);
        }
    }

    /// <summary>The HTTP/1.1 request that was upgraded is answered on stream 1 (RFC 7540 §3.2); its body, if any, was read already.</summary>
    private void StartUpgradedStream(Http2ServerStream stream)
    {
        lock (_sync)
        {
            // The 101 is sent: this request is answered whatever the concurrency bound says.
            Requests.Enter();
            _streams.Add(1, stream);
            stream.Pipeline = Listener.Routes.Resolve(stream.Request, out var bodyMode);
            stream.Request.BodyMode = bodyMode;
            stream.Request.SetBody(default, null);
            Start(stream);
        }

        StartHandlers();
    }

    private void OnData(int id, ReadOnlySpan<byte> data, bool endStream)
    {
        if (!_streams.TryGetValue(id, out var stream) || stream.IsReset)
        {
            // Content for a request already answered: nobody will read it, so it is granted back at once.
            _h2.ConsumeData(id, data.Length);
            return;
        }

        stream.Received += data.Length;
        stream.Deadline.Progress(data.Length);
        if (endStream) stream.RequestComplete = true;
        // An extended CONNECT is a tunnel, not a request body: its own protocol bounds what it carries (WebSocket
        // frame and message limits), so max_content_length does not count its bytes.
        if (stream.ConnectProtocol is null && stream.Received > Listener.Options.MaxContentLength && stream.FailureStatus == 0)
        {
            stream.FailureStatus = 413;
            _h2.ConsumeData(id, data.Length);
            if (!stream.Started) Start(stream);
            stream.BodyArrived.Set();
            return;
        }

        if (stream.FailureStatus != 0)
        {
            _h2.ConsumeData(id, data.Length);
            return;
        }

        stream.AppendBody(data);
        if (stream.Request.BodyMode == BodyMode.Manual)
        {
            // Credit goes back as the handler reads (BodySource), so a slow reader slows the client down.
            stream.BodyArrived.Set();
            return;
        }

        // Auto mode holds the whole body (each bounded by MaxContentLength) before the handler runs, so credit goes
        // back as content arrives, within a per-connection budget; see CreditAutoBody.
        CreditAutoBody(stream, data.Length);
        if (endStream && !stream.Started)
        {
            stream.Request.SetBody(stream.BufferedBody, null);
            Start(stream);
        }
    }

    /// <summary>
    /// Grants auto-mode content back while the bodies held on this connection stay within the connection window;
    /// beyond it, one stream at a time (the credit holder) keeps receiving, so it can complete and free its memory,
    /// while the others wait for credit. Without this, a client could make one connection hold
    /// max_concurrent_streams x max_content_length bytes.
    /// </summary>
    private void CreditAutoBody(Http2ServerStream stream, int count)
    {
        _autoBuffered += count;
        stream.Counted += count;
        if (_creditHolder == 0 && _autoBuffered > _autoBudget) _creditHolder = stream.Id;
        if (_autoBuffered <= _autoBudget || _creditHolder == stream.Id)
        {
            _h2.ConsumeData(stream.Id, count + stream.OwedCredit);
            stream.OwedCredit = 0;
        }
        else
        {
            stream.OwedCredit += count;
        }

        if (stream.RequestComplete && _creditHolder == stream.Id) _creditHolder = 0;
    }

    /// <summary>A stream's held body is gone: its share of the budget returns, and streams owed credit get it while it lasts.</summary>
    private void ReleaseAutoBody(Http2ServerStream stream)
    {
        _autoBuffered -= stream.Counted;
        stream.Counted = 0;
        stream.OwedCredit = 0;
        if (_creditHolder == stream.Id) _creditHolder = 0;
        foreach (var waiting in _streams.Values)
        {
            if (waiting.OwedCredit == 0) continue;
            if (_autoBuffered > _autoBudget && _creditHolder != 0) break;
            if (_autoBuffered > _autoBudget) _creditHolder = waiting.Id;
            _h2.ConsumeData(waiting.Id, waiting.OwedCredit);
            waiting.OwedCredit = 0;
        }
    }

    /// <summary>
    /// Moves held request content into <paramref name="destination"/> and grants its credit back (RFC 9113 §5.2.1: a
    /// slow reader holds the client to its window): the count, 0 at the end of the content, or -1 when the caller must
    /// wait for <see cref="Http2ServerStream.BodyArrived"/>. Throws <paramref name="failure"/>'s exception when the
    /// content is over the limit or the stream is gone.
    /// </summary>
    private int TakeBody(Http2ServerStream stream, Span<byte> destination, Func<Http2ServerStream, Exception> failure)
    {
        lock (_sync)
        {
            if (stream.FailureStatus != 0) throw failure(stream);
            stream.ReadWaiting = false;
            if (stream.Buffered > 0)
            {
                var n = stream.TakeBody(destination);
                if (!_released) _h2.ConsumeData(stream.Id, n);
                RequestFlush();
                return n;
            }

            if (stream.RequestComplete) return 0;
            if (stream.IsReset) throw failure(stream);
            stream.ReadWaiting = true;
            return -1;
        }
    }

    private void Start(Http2ServerStream stream)
    {
        stream.Started = true;
        _running++;
        _starting.Add(stream);
    }

    /// <summary>Starts the handlers of the requests that became ready, outside the lock.</summary>
    private void StartHandlers()
    {
        while (true)
        {
            Http2ServerStream stream;
            lock (_sync)
            {
                if (_starting.Count == 0) return;
                stream = _starting[^1];
                _starting.RemoveAt(_starting.Count - 1);
            }

            _ = RunStreamAsync(stream);
        }
    }

    /// <summary>
    /// Runs the HTTP/2 timers (SETTINGS acknowledgment, the graceful GOAWAY's second step) and the streams' deadlines
    /// (<see cref="CheckDeadlines"/>), then sets the phase from what the streams wait on.
    /// </summary>
    protected override void OnTick(long now)
    {
        bool acted;
        lock (_sync)
        {
            if (_closing || _released) return;
            acted = now >= _h2.NextDeadline;
            if (acted) _h2.OnTimeout(now);
            acted |= CheckDeadlines(now);
            DispatchEvents();
            if (_h2.IsCompleted) _closing = true;
        }

        if (!acted) return;
        StartHandlers();
        _outputReady.Set();
    }

    /// <summary>A drain sends GOAWAY; streams already open finish, push responses are told to end.</summary>
    protected override void OnDrainRequested()
    {
        lock (_sync)
        {
            if (_closing || _goAwaySent) return;
            _goAwaySent = true;
            _h2.SendGoAway(Listener.Now());
            foreach (var stream in _streams.Values)
            {
                stream.Push?.Close(PushCloseReason.Draining);
                stream.WebSocket?.RequestClose(Roadrunner.WebSockets.WebSocketCloseCode.GoingAway, DrainReason);
            }
        }

        _outputReady.Set();
    }

    /// <summary>An idle HTTP/2 connection is not closed at once by a drain or the keep-alive timeout: it gets its GOAWAY first.</summary>
    protected override bool ClosesAtOnceWhenIdle => false;

    /// <summary>
    /// The keep-alive timeout on a connection with no stream open: GOAWAY(NO_ERROR) naming the last stream processed,
    /// then the writer's lingering close, so the client learns that no request was lost (RFC 9113 §6.8: "Endpoints
    /// SHOULD always send a GOAWAY frame before closing a connection so that the remote peer can know whether a stream
    /// has been partially processed or not").
    /// </summary>
    protected override void OnIdleTimeout()
    {
        lock (_sync)
        {
            if (_closing || _released) return;
            _h2.Abort(Http2ErrorCode.NO_ERROR, "idle timeout");
            DispatchEvents();
            CloseReason = "keep_alive_timeout";
        }

        _outputReady.Set();
    }

    protected override Task SendTimeoutAndAbortAsync()
    {
        // No request ever began (not even the preface): nothing to answer in HTTP/2 terms.
        Abort("request_timeout");
        return Task.CompletedTask;
    }

    public override void Release()
    {
        lock (_sync)
        {
            _released = true;
            foreach (var stream in _pool) stream.Dispose();
            _pool.Clear();
            _h2.Dispose();
        }

        _writeBuffer.Dispose();
        base.Release();
    }
}
