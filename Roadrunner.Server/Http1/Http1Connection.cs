using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Parsing;
using Roadrunner.Http2;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Http2;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Server.Http1;

/// <summary>
/// One HTTP/1.1 connection: reads heads with the sans-IO parser, runs the pipeline, writes responses in
/// order. Pipelined requests are answered in order and their responses leave in one write when the
/// client sent them in one. Everything it needs per request is allocated once per connection.
/// </summary>
internal sealed partial class Http1Connection : Connection
{
    private const int InitialInputSize = 4096;

    /// <summary>
    /// What an idle connection reads the start of its next request into: a typical request head of a client that
    /// keeps its connections open (a load generator, an API client) fits whole, a browser's takes a second read.
    /// </summary>
    private const int IdleBufferSize = 128;

    // The per-request objects, from Http1RequestState: given back to the listener's pool while the connection
    // waits idle for its next request (see ReadMoreAsync), and taken again before it reads one.
    private Http1RequestState _state;
    private Http1RequestParser _parser;
    private RequestHead _head;
    private Http1BodyDecoder _decoder;
    private Request _request;
    private PooledBufferWriter _out;
    private readonly BodySource _bodySource;
    private readonly int _maxInputSize;
    private byte[] _in = [];
    private int _inStart;
    private int _inEnd;
    private byte[] _headCopy = [];
    private byte[]? _idleBuffer;
    private int _pendingDataStart;
    private int _pendingDataLength;
    private bool _bodyComplete;
    private bool _lastReadFilled;
    private bool _expectContinue;
    private bool _continueSent;
    private Http1Error _bodyError;
    private int _requestCount;
    private byte[]? _autoBody;
    private PushContext? _push;
    private Task? _closeWatch;

    public Http1Connection(Listener listener, Socket socket, Stream stream, bool isTls)
        : base(listener, socket, stream, isTls)
    {
        var options = listener.Http1Options;
        _state = listener.TakeHttp1State();
        (_parser, _head, _decoder, _request, _out) = (_state.Parser, _state.Head, _state.Decoder, _state.Request, _state.Out);
        _bodySource = new BodySource(this);
        // Room for the longest head plus the longest trailer section, so a limit is always hit before the buffer is full.
        _maxInputSize = options.MaxRequestLineLength + options.MaxHeaderBlockLength + options.MaxTrailerBlockLength + options.MaxChunkLineLength + 64;
    }

    public override ValueTask RunAsync() => RunLoopAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunLoopAsync()
    {
        _in = ArrayPool<byte>.Shared.Rent(InitialInputSize);
        while (await ServeOneAsync())
        {
            if (_inStart != _inEnd || _pendingDataLength != 0) continue;

            // Between requests, with nothing buffered, the connection hibernates: the buffers and the per-request
            // objects go back to their pools and the wait for the next request reads into a small buffer of the
            // connection's own. The wait is here, in the frame that lives as long as the connection, so an idle
            // connection holds no per-request async frame either, and no extra frame is boxed per request.
            // A zero-byte read would hold no buffer at all, but it costs a second receive and, because it can report
            // readiness a read then does not find, a FIONREAD per request: measured, about two system calls in five.
            await FlushAsync();
            if (!TryEnterPhase(ConnectionPhase.Idle)) return;
            if (DrainRequested && TryClose(ConnectionPhase.Idle))
            {
                Abort("drain");
                return;
            }

            if (_in.Length > 0) ArrayPool<byte>.Shared.Return(_in);
            if (_headCopy.Length > 0) ArrayPool<byte>.Shared.Return(_headCopy);
            _in = _headCopy = [];
            _inStart = _inEnd = 0;
            _out.Release();
            Listener.ReturnHttp1State(_state, reusable: true);
            // Nothing touches these until TakeState below: the connection is parked on the read.
            (_state, _parser, _head, _decoder, _request, _out) = (null!, null!, null!, null!, null!, null!);
            _idleBuffer ??= new byte[IdleBufferSize];
            BeginRead();
            int n;
            try
            {
                n = await Stream.ReadAsync(_idleBuffer);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                n = 0;
            }

            EndRead(n);
            if (n == 0) return;
            _lastReadFilled = n == _idleBuffer.Length;
            TakeState();
            _in = ArrayPool<byte>.Shared.Rent(InitialInputSize);
            _idleBuffer.AsSpan(0, n).CopyTo(_in);
            _inEnd = n;
            if (Phase == ConnectionPhase.Closed) return;
        }
    }

    /// <summary>Reads one request and answers it; false when the connection is done.</summary>
    /// <remarks>
    /// This and the other per-request async methods use the pooling builder: a method that completes
    /// asynchronously would otherwise box its state machine once per request.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeOneAsync()
    {
        // 1. The head.
        _parser.Reset();
        _head.Reset();
        HeadStarted = _inEnd > _inStart;
        var waitPhase = _requestCount == 0 || HeadStarted ? ConnectionPhase.ReadingHead : ConnectionPhase.Idle;
        if (!TryEnterPhase(waitPhase)) return false;

        // A drain that arrived after this connection decided to keep alive, but before it went idle, found it
        // busy; now that it waits for a request it has not begun, it closes as an idle one would.
        if (DrainRequested && !HeadStarted && TryClose(waitPhase))
        {
            Abort("drain");
            return false;
        }

        int consumed;
        while (true)
        {
            if (_requestCount == 0 && Listener.AcceptsH2c && _inEnd > _inStart && Http2Preface.IsPossiblePrefix(_in.AsSpan(_inStart, _inEnd - _inStart)))
            {
                // HTTP/2 with prior knowledge on a listener that speaks both (RFC 9113 §3.3): the preface decides.
                if (_inEnd - _inStart >= Http2Preface.Length)
                {
                    Successor = new Http2ServerConnection(Listener, Socket, Stream, IsTls, _in.AsSpan(_inStart, _inEnd - _inStart).ToArray());
                    return false;
                }

                if (!await ReadMoreAsync()) return false;
                continue;
            }

            var status = _parser.ParseHead(_in.AsSpan(_inStart, _inEnd - _inStart), _head, out consumed, out var error);
            if (status == Http1ParseStatus.Complete) break;
            if (status == Http1ParseStatus.Error)
            {
                CloseReason = "bad_request";
                if (TryEnterPhase(ConnectionPhase.Handling)) await SendErrorAndCloseAsync(error.StatusCode);
                return false;
            }

            // Answers to pipelined requests leave before we wait for more, unless the rest of the batch is already
            // here: a read that filled its buffer was probably cut short, and answering half a batch would cost a
            // send here and a read at the client for nothing.
            if (_out.WrittenCount > 0 && !(_lastReadFilled && MoreInputWaiting())) await FlushAsync();
            if (!await ReadMoreAsync()) return false;
            if (!HeadStarted)
            {
                HeadStarted = true;
                if (!TryEnterPhase(ConnectionPhase.ReadingHead)) return false;
            }
        }

        if (Phase == ConnectionPhase.Closed) return false;
        StartRequest(consumed);
        if (Listener.AcceptsH2c && _head.HasUpgrade && await TryUpgradeToHttp2Async()) return false;
        var next = Listener.Routes.Resolve(_request, out var bodyMode);
        _request.BodyMode = bodyMode;

        // 2. The body, when the route wants it read first.
        if (bodyMode == BodyMode.Auto && !_bodyComplete)
        {
            if (!TryEnterPhase(ConnectionPhase.ReadingBody)) return false;
            var body = await ReadWholeBodyAsync();
            if (body < 0) return await FailBodyAsync();
            _request.SetBody(_autoBody.AsMemory(0, body), null);
        }
        else if (bodyMode == BodyMode.Manual && !_bodyComplete)
        {
            _request.SetBody(default, _bodySource);
        }

        if (!TryEnterPhase(ConnectionPhase.Handling)) return false;

        // 3. The handler.
        var start = RoadrunnerTelemetry.RequestStartTimestamp();
        RoadrunnerTelemetry.RequestStarted(Listener.Name);
        var activity = RoadrunnerTelemetry.ActivitySource.HasListeners() ? StartActivity() : null;
        Response response;
        Exception? failure = null;
        try
        {
            var pending = next(_request);
            if (pending.IsCompletedSuccessfully)
            {
                response = pending.Result;
            }
            else
            {
                // A handler that waits must not hold back the answers to earlier pipelined requests.
                if (_out.WrittenCount > 0 && !pending.IsCompleted) await FlushAsync();
                response = await pending;
            }

            // Despite the annotation a handler or middleware may return null: that is a failure like a throw.
            if (response is null) throw new InvalidOperationException("The handler returned no response.");
        }
        catch (RequestBodyException ex) when (ex.StatusCode != 0)
        {
            failure = ex;
            // The body reader said what is wrong (400 malformed, 413 too large, 415 wrong type): say it to the client.
            response = Response.Empty(ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400);
        }
        catch (Exception ex)
        {
            failure = ex;
            if (Phase == ConnectionPhase.Closed || ex is RequestBodyException) return EndRequest(start, activity, 499, ex, served: false);
            LogHandlerFailed(ex);
            response = InternalError;
        }

        // 4. The response.
        if (response.Kind == ResponseKind.WebSocket) response = AcceptWebSocket((WebSocketResponse)response);
        var keepAlive = DecideKeepAlive(response, failure);
        bool wrote;
        try
        {
            wrote = await WriteResponseAsync(response, keepAlive);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            EndRequest(start, activity, response.Status, ex, served: false);
            return false;
        }
        catch (Exception ex)
        {
            // A stream or push writer threw after the head went out: the only honest signal left is to cut the connection.
            LogHandlerFailed(ex);
            EndRequest(start, activity, response.Status, ex, served: false);
            Abort("handler_error");
            return false;
        }

        EndRequest(start, activity, response.Status, failure, served: wrote);
        if (!wrote) return false;
        if (keepAlive && !_bodyComplete && !await DrainUnreadBodyAsync()) keepAlive = false;
        ReturnAutoBody();
        if (!keepAlive)
        {
            await FlushAsync();
            await LingeringCloseAsync();
            return false;
        }

        return true;
    }

    /// <summary>
    /// RFC 7540 §3.2: a request without content that asks for h2c is answered 101 and then on stream 1 of an HTTP/2
    /// connection that takes the socket over. Requests with content stay HTTP/1.1 (the upgrade is optional), as do
    /// ones whose HTTP2-Settings are unusable.
    /// </summary>
    private async ValueTask<bool> TryUpgradeToHttp2Async()
    {
        if (_head.Version != Http1Version.Http11 || !_bodyComplete || DrainRequested || Listener.IsDraining) return false;
        if (H2cUpgrade.TryGetSettings(_request.Headers) is not { } settings) return false;
        Http2ServerConnection next;
        try
        {
            next = new Http2ServerConnection(Listener, Socket, Stream, IsTls, _in.AsSpan(_inStart, _inEnd - _inStart).ToArray(), _request, settings);
        }
        catch (ArgumentException)
        {
            // The settings payload is malformed: no upgrade.
            return false;
        }

        _out.Write(H2cUpgrade.SwitchingProtocols);
        await FlushAsync();
        Successor = next;
        return true;
    }

    private bool EndRequest(long start, Activity? activity, int status, Exception? error, bool served)
    {
        if (served) Listener.CountRequest();
        RoadrunnerTelemetry.RequestStopped(Listener.Name, start, _request.Method, status, ProtocolVersion, error);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            if (error is not null) activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.Dispose();
        }

        return false;
    }

    /// <summary>The request's HTTP version as telemetry spells it (<c>network.protocol.version</c>).</summary>
    private string ProtocolVersion => _head.Version == Http1Version.Http10 ? "1.0" : "1.1";

    private Activity? StartActivity()
    {
        var activity = RoadrunnerTelemetry.ActivitySource.StartActivity("roadrunner.request", ActivityKind.Server);
        if (activity is null) return null;
        activity.SetTag("http.request.method", _request.Method);
        activity.SetTag("url.path", _request.Path);
        activity.SetTag("network.protocol.version", ProtocolVersion);
        activity.SetTag("roadrunner.request.id", _request.Id);
        activity.SetTag("roadrunner.listener", Listener.Name);
        return activity;
    }

    /// <summary>Copies the head out of the input buffer and fills the request.</summary>
    private void StartRequest(int headLength)
    {
        if (_headCopy.Length < headLength)
        {
            if (_headCopy.Length > 0) ArrayPool<byte>.Shared.Return(_headCopy);
            _headCopy = ArrayPool<byte>.Shared.Rent(Math.Max(headLength, 1024));
        }

        _in.AsSpan(_inStart, headLength).CopyTo(_headCopy);
        _inStart += headLength;
        _requestCount++;

        var r = _request;
        r.Reset();
        r.SetHead(_headCopy, _head.Method, _head.MethodOffset, _head.MethodLength, _head.TargetOffset, _head.TargetLength,
            _head.PathOffset, _head.PathLength, _head.QueryOffset, _head.QueryLength);
        r.Headers.Set(_headCopy, _head.Fields);
        r.Peer = Peer;
        r.Scheme = IsTls ? "https" : "http";
        r.Protocol = Protocol.Http1;
        r.Version = _head.Version == Http1Version.Http10 ? "HTTP/1.0" : "HTTP/1.1";
        r.Aborted = Aborted;
        r.ContentLength = _head.ContentLength >= 0 ? _head.ContentLength : null;
        _bodyComplete = _head.Framing == BodyFraming.None || (_head.Framing == BodyFraming.ContentLength && _head.ContentLength == 0);
        r.HasBody = !_bodyComplete;
        _decoder.Start(_head.Framing, _head.ContentLength);
        _pendingDataLength = 0;
        _bodyError = default;
        _continueSent = false;
        // RFC 9110 §10.1.1: 100-continue is only for HTTP/1.1 clients, and only when a body is coming.
        _expectContinue = _head.ExpectContinue && _head.Version == Http1Version.Http11 && !_bodyComplete;
    }

    /// <summary>
    /// RFC 9112 §9.3: persistence is the default for 1.1, opt-in for 1.0. A drain, the per-connection
    /// request cap, a crash, or a body we cannot skip cheaply all end the connection after this response.
    /// </summary>
    private bool DecideKeepAlive(Response response, Exception? failure)
    {
        if (!_head.KeepAlive || failure is not null || DrainRequested || Listener.IsDraining) return false;
        if (_requestCount >= Listener.Options.MaxKeepAliveRequests) return false;
        if (response.Kind is ResponseKind.Push or ResponseKind.WebSocket) return false;
        if (response.Kind == ResponseKind.Stream && _head.Version == Http1Version.Http10 && _head.Method != KnownMethod.Head) return false;
        if (!_bodyComplete)
        {
            // The client waits for 100 before sending; it never came, so the body will not either.
            if (_expectContinue && !_continueSent) return false;
            if (_head.Framing != BodyFraming.ContentLength) return false;
            if (_head.ContentLength - _decoder.Received > Listener.Options.MaxDrainBodyBytes) return false;
        }

        return true;
    }

    protected override void OnDrainRequested()
    {
        Volatile.Read(ref _push)?.Close(PushCloseReason.Draining);
        DrainWebSocket();
    }

    public override void Release()
    {
        ReturnAutoBody();
        if (_in.Length > 0) ArrayPool<byte>.Shared.Return(_in);
        if (_headCopy.Length > 0) ArrayPool<byte>.Shared.Return(_headCopy);
        _in = _headCopy = [];
        // A state still held belongs to a request that did not finish cleanly: left to the GC, not pooled.
        if (_state is { } state)
        {
            state.Out.Dispose();
            Listener.ReturnHttp1State(state, reusable: false);
            _state = null!;
        }

        base.Release();
    }

    /// <summary>Takes a pooled set of per-request objects after an idle wait; the caller has not parsed anything yet.</summary>
    private void TakeState()
    {
        _state = Listener.TakeHttp1State();
        (_parser, _head, _decoder, _request, _out) = (_state.Parser, _state.Head, _state.Decoder, _state.Request, _state.Out);
        _parser.Reset();
        _head.Reset();
    }

    private void ReturnAutoBody()
    {
        if (_autoBody is null) return;
        ArrayPool<byte>.Shared.Return(_autoBody);
        _autoBody = null;
    }

    /// <summary>Reads more bytes into the input buffer, compacting or growing it first; false at end of stream, after a reset or an abort.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadMoreAsync()
    {
        if (_inStart > 0 && _pendingDataLength == 0)
        {
            _in.AsSpan(_inStart, _inEnd - _inStart).CopyTo(_in);
            _inEnd -= _inStart;
            _inStart = 0;
        }

        if (_inEnd == _in.Length)
        {
            if (_in.Length >= _maxInputSize) return false;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_in.Length * 2, _maxInputSize));
            _in.AsSpan(0, _inEnd).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_in);
            _in = bigger;
        }

        BeginRead();
        int n;
        try
        {
            n = await Stream.ReadAsync(_in.AsMemory(_inEnd));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // A reset or an abort ends the stream as surely as a FIN: the callers treat both alike.
            n = 0;
        }

        EndRead(n);
        if (n == 0 || Phase == ConnectionPhase.Closed) return false;
        _lastReadFilled = _inEnd + n == _in.Length;
        _inEnd += n;
        return true;
    }

    /// <summary>
    /// True when the socket holds bytes the next read will return at once (FIONREAD). Only asked after a read that
    /// filled its buffer, so a client whose request fits one read never pays for the system call. Over TLS the
    /// answer would count record bytes, not request bytes, and the stream may hold decrypted bytes of its own: false.
    /// </summary>
    private bool MoreInputWaiting()
    {
        if (IsTls) return false;
        try
        {
            return Socket.Available > 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private ValueTask FlushAsync()
    {
        if (_out.WrittenCount == 0) return default;
        var pending = Stream.WriteAsync(_out.WrittenMemory);
        if (pending.IsCompletedSuccessfully)
        {
            _out.Clear();
            return default;
        }

        return AwaitFlush(pending);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitFlush(ValueTask pending)
    {
        await pending;
        _out.Clear();
    }

    /// <summary>
    /// Closes the sending side, then reads and discards for a moment, so that a request the client already
    /// sent does not turn our close into a reset that destroys the response in flight (RFC 9112 §9.6).
    /// </summary>
    private async ValueTask LingeringCloseAsync()
    {
        if (Phase == ConnectionPhase.Closed) return;
        try
        {
            if (IsTls) await ((System.Net.Security.SslStream)Stream).ShutdownAsync();
            Socket.Shutdown(SocketShutdown.Send);
            if (_closeWatch is { } watch)
            {
                // After a push response a watcher already reads until the client closes, and a stream takes one
                // reader at a time (SslStream refuses a second): wait for it instead, then stop it if it lingers.
                if (await Task.WhenAny(watch, Task.Delay(TimeSpan.FromSeconds(1))) != watch) Abort(CloseReason);
                await watch;
                return;
            }

            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var scratch = _in.Length > 0 ? _in : new byte[512];
            var total = 0;
            while (total < 64 * 1024)
            {
                var n = await Stream.ReadAsync(scratch, linger.Token);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
