using System.Buffers;
using Roadrunner.Http1;
using Roadrunner.Http3;
using Roadrunner.Quic.Connections;
using Roadrunner.Server.Deadlines;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Http3;

/// <summary>
/// One HTTP/3 connection (RFC 9114) over one QUIC connection: QUIC stream events become <see cref="Http3Connection"/>
/// input, its outputs become QUIC stream writes, resets and the close, and its requests run through the listener's
/// routes. Everything but the handlers runs under the listener's lock.
/// </summary>
internal sealed partial class Http3ServerConnection
{
    /// <summary>
    /// How much request content a manual-mode request may hold unread before the server stops reading its QUIC
    /// stream; on top of it, at most one read of the listener's scratch.
    /// </summary>
    internal const int ManualBodyHold = 64 * 1024;

    /// <summary>
    /// Our HTTP/3 settings: the defaults, and SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 9220 §3), since any route may
    /// answer with a WebSocket; HTTP/2 offers RFC 8441 the same way.
    /// </summary>
    private static readonly Http3Options ServerOptions = Http3Options.Default with { EnableConnectProtocol = true };

    /// <summary>The bidirectional streams the listener's QUIC connections grant a client (their default limits).</summary>
    private static readonly int StreamLimit = (int)new QuicConnectionOptions().Limits.MaxStreamsBidi;

    private readonly Http3Listener _owner;
    private readonly QuicConnection _quic;
    private readonly Http3Connection _h3;
    private readonly Dictionary<long, Http3ServerStream> _streams = [];
    private readonly Http3StreamPool _pool;
    private readonly Dictionary<long, PendingWrite> _pending = [];
    private readonly StreamDeadlineLimits _limits;
    private bool _started;
    private bool _closed;
    private ConnectionRequests? _requests;

    public Http3ServerConnection(Http3Listener owner, QuicConnection quic)
    {
        _owner = owner;
        _quic = quic;
        _pool = owner.StreamPool;
        _h3 = new Http3Connection(Http3Role.Server, ServerOptions);
        _limits = new StreamDeadlineLimits(owner.Listener.Options);
    }

    private Listener Listener => _owner.Listener;

    /// <summary>
    /// This connection's requests in the listener's budget, made at the first request; at most QUIC's
    /// initial_max_streams_bidi at once, counting handlers still running for streams the client reset.
    /// </summary>
    private ConnectionRequests Requests => _requests ??= new ConnectionRequests(Listener, _quic.RemoteAddress.Address, StreamLimit);

    /// <summary>Why the connection ended, for telemetry.</summary>
    public string CloseReason { get; private set; } = "client";

    /// <summary>
    /// No request is open or running, and every response byte left: none waits here and none is unacknowledged in
    /// QUIC, so a close now cuts nothing short. Holds the lock.
    /// </summary>
    public bool IsIdle => _closed || (_streams.Count == 0 && _h3.ActiveStreamCount == 0 && _pending.Count == 0 && _quic.Recovery.BytesInFlight == 0);

    /// <summary>Drains the QUIC connection's events into HTTP/3, then HTTP/3's outputs into QUIC. Holds the lock.</summary>
    public void ProcessLocked()
    {
        if (_closed) return;
        while (_quic.TryReadEvent(out var e))
        {
            switch (e.Kind)
            {
                case QuicConnectionEventKind.HandshakeCompleted:
                    TryStart();
                    break;
                case QuicConnectionEventKind.StreamReadable:
                    ReadStream(e.StreamId);
                    break;
                case QuicConnectionEventKind.StreamWritable:
                    RetryPending((long)e.StreamId);
                    break;
                case QuicConnectionEventKind.StreamReset:
                    _heads.Remove((long)e.StreamId);
                    DropPending((long)e.StreamId);
                    _h3.StreamReset((long)e.StreamId, e.ErrorCode);
                    break;
                case QuicConnectionEventKind.StopSendingReceived:
                    DropPending((long)e.StreamId);
                    _h3.StopSending((long)e.StreamId, e.ErrorCode);
                    break;
                case QuicConnectionEventKind.ConnectionClosed:
                    CloseReason = e.ErrorCode is 0 or (ulong)Http3ErrorCode.H3_NO_ERROR ? "client" : "protocol_error";
                    ResetAll();
                    break;
            }

            DispatchEvents();
        }

        if (!_started) TryStart();
        PumpOutputs();
    }

    /// <summary>Opens our control and QPACK streams (RFC 9114 §6.2) once QUIC lets us open streams.</summary>
    private void TryStart()
    {
        if (_started || !_quic.IsHandshakeComplete) return;
        if (!_quic.TryOpenUnidirectionalStream(out var control)) return;
        if (!_quic.TryOpenUnidirectionalStream(out var encoder) || !_quic.TryOpenUnidirectionalStream(out var decoder))
        {
            // The client allows fewer than three unidirectional streams: §6.2 requires it to allow them.
            _h3.Abort(Http3ErrorCode.H3_STREAM_CREATION_ERROR, "The client allows too few unidirectional streams.");
            return;
        }

        _started = true;
        _h3.Start((long)control, (long)encoder, (long)decoder);
        if (_owner.IsDraining) _h3.SendGoAway();
    }

    /// <summary>
    /// Moves a QUIC stream's bytes into HTTP/3. A request whose manual-mode handler has <see cref="ManualBodyHold"/>
    /// or more unread is left in QUIC: what QUIC keeps unread, it grants no credit for (RFC 9000 §4.1), so a slow
    /// reader holds the client back instead of the server buffering the body. Holds the lock.
    /// </summary>
    private void ReadStream(ulong id)
    {
        var scratch = _owner.ReadScratch;
        _streams.TryGetValue((long)id, out var stream);
        while (!_closed)
        {
            if (stream is not null && stream.HoldsEnough(ManualBodyHold))
            {
                stream.ReadPaused = true;
                return;
            }

            var n = _quic.Read(id, scratch, out var fin);
            if (n == 0 && !fin) return;
            if (stream is null) TrackHead((long)id);
            _h3.Receive((long)id, scratch.AsSpan(0, n), fin);
            DispatchEvents();
            if (fin) return;
            if (stream is null || stream.Id != (long)id) _streams.TryGetValue((long)id, out stream);
        }
    }

    /// <summary>Reads on a stream left in QUIC by <see cref="ReadStream"/>, and sends the credit it frees. Holds the lock.</summary>
    private void ResumeReading(Http3ServerStream stream)
    {
        if (!stream.ReadPaused || _closed) return;
        stream.ReadPaused = false;
        ReadStream((ulong)stream.Id);
        PumpOutputs();
        _owner.ScheduleFlushLocked();
    }

    /// <summary>Acts on every event HTTP/3 reported. Holds the lock.</summary>
    private void DispatchEvents()
    {
        while (_h3.TryReadEvent(out var e))
        {
            switch (e.Kind)
            {
                case Http3EventKind.RequestHeadersReceived:
                    OnRequestHeaders(e.StreamId, e.Headers, e.EndStream);
                    break;
                case Http3EventKind.DataReceived:
                    OnData(e.StreamId, e.Data.Span, e.EndStream);
                    break;
                case Http3EventKind.TrailersReceived:
                    OnData(e.StreamId, default, endStream: true);
                    break;
                case Http3EventKind.HeaderSectionTooLarge:
                    // RFC 9114 §4.2.2: a field section over our advertised limit may be answered 431.
                    _heads.Remove(e.StreamId);
                    Listener.CountRequest();
                    _h3.SendHeaders(e.StreamId, 431, [], endStream: true);
                    break;
                case Http3EventKind.StreamReset:
                case Http3EventKind.StreamError:
                case Http3EventKind.StopSendingReceived:
                    _heads.Remove(e.StreamId);
                    if (_streams.TryGetValue(e.StreamId, out var reset))
                    {
                        reset.MarkReset();
                        if (!reset.Started) Discard(reset);
                    }

                    break;
                case Http3EventKind.ConnectionError:
                    CloseReason = "protocol_error";
                    ResetAll();
                    break;
            }
        }
    }

    private void OnRequestHeaders(long id, Http3HeaderList headers, bool endStream)
    {
        _heads.Remove(id);
        // Bounds on requests in flight (the listener's, this address's share, this connection's): over one the stream
        // is refused, which a client may retry (RFC 9114 §4.1.1: H3_REQUEST_REJECTED means nothing was processed).
        if (!Requests.TryEnter())
        {
            _h3.ResetStream(id, Http3ErrorCode.H3_REQUEST_REJECTED);
            return;
        }

        var stream = _pool.Rent();
        stream.Start(id, headers, endStream, _quic.RemoteAddress);
        _streams.Add(id, stream);
        stream.Pipeline = Listener.Routes.Resolve(stream.Request, out var bodyMode);
        // An extended CONNECT is a tunnel: its content never ends by itself, so it is read as it arrives.
        if (stream.ConnectProtocol is not null) bodyMode = BodyMode.Manual;
        stream.Request.BodyMode = bodyMode;

        if (stream.ConnectProtocol is null && stream.Request.KnownMethod == KnownMethod.Connect)
        {
            // Bytes that arrive meanwhile are held within the manual-mode bound and discarded once it is answered.
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
            stream.Request.SetBody(default, null);
            Start(stream);
        }
    }

    private void OnData(long id, ReadOnlySpan<byte> data, bool endStream)
    {
        if (!_streams.TryGetValue(id, out var stream) || stream.IsReset) return;
        stream.Received += data.Length;
        stream.Deadline.Progress(data.Length);
        if (endStream) stream.RequestComplete = true;
        // An extended CONNECT is a tunnel, not a request body: its own protocol bounds what it carries (WebSocket
        // frame and message limits), so max_content_length does not count its bytes.
        if (stream.ConnectProtocol is null && stream.Received > Listener.Options.MaxContentLength && stream.FailureStatus == 0)
        {
            stream.FailureStatus = 413;
            if (!stream.Started) Start(stream);
            stream.BodyArrived.Set();
            return;
        }

        if (stream.FailureStatus != 0) return;
        stream.AppendBody(data);
        if (stream.Request.BodyMode == BodyMode.Manual)
        {
            stream.BodyArrived.Set();
            return;
        }

        if (endStream && !stream.Started)
        {
            stream.Request.SetBody(stream.BufferedBody, null);
            Start(stream);
        }
    }

    /// <summary>Runs the handler on the thread pool, never under the lock.</summary>
    private void Start(Http3ServerStream stream)
    {
        stream.Started = true;
        ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Connection.RunStreamAsync(s.Stream), (Connection: this, Stream: stream), preferLocal: false);
    }

    /// <summary>Drops a request whose handler never started. Holds the lock.</summary>
    private void Discard(Http3ServerStream stream)
    {
        _streams.Remove(stream.Id);
        _pool.Return(stream);
        Requests.Exit();
    }

    /// <summary>Every stream is over: running handlers see their requests aborted. Holds the lock.</summary>
    private void ResetAll()
    {
        _heads.Clear();
        foreach (var stream in _streams.Values.ToArray())
        {
            stream.MarkReset();
            if (!stream.Started) Discard(stream);
        }
    }

    /// <summary>Executes HTTP/3's outputs on the QUIC connection. Holds the lock.</summary>
    private void PumpOutputs()
    {
        while (_h3.TryReadOutput(out var o))
        {
            switch (o.Kind)
            {
                case Http3OutputKind.StreamData:
                    Write(o.StreamId, o.Data.Span, o.Fin);
                    break;
                case Http3OutputKind.ResetStream:
                    DropPending(o.StreamId);
                    _quic.ResetStream((ulong)o.StreamId, (ulong)o.ErrorCode);
                    break;
                case Http3OutputKind.StopSending:
                    _quic.StopSending((ulong)o.StreamId, (ulong)o.ErrorCode);
                    break;
                case Http3OutputKind.CloseConnection:
                    _quic.Close((ulong)o.ErrorCode, o.Reason ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>
    /// Hands stream bytes to QUIC; what its send buffer refuses waits here, in order, for a StreamWritable report.
    /// </summary>
    private void Write(long id, ReadOnlySpan<byte> data, bool fin)
    {
        if (_pending.TryGetValue(id, out var waiting))
        {
            waiting.Append(data, fin);
            return;
        }

        var taken = _quic.Write((ulong)id, data, fin);
        if (taken > 0 && _streams.TryGetValue(id, out var stream)) stream.Deadline.Progress(taken);
        if (taken == data.Length) return;
        var pending = new PendingWrite();
        pending.Append(data[taken..], fin);
        _pending[id] = pending;
    }

    private void RetryPending(long id)
    {
        if (!_pending.TryGetValue(id, out var pending)) return;
        var taken = _quic.Write((ulong)id, pending.Span, pending.Fin);
        pending.Advance(taken);
        _streams.TryGetValue(id, out var stream);
        stream?.Deadline.Progress(taken);
        if (!pending.IsEmpty) return;
        _pending.Remove(id);
        pending.Release();
        stream?.Window.Set();
    }

    private void DropPending(long id)
    {
        if (_pending.Remove(id, out var pending)) pending.Release();
        if (_streams.TryGetValue(id, out var stream)) stream.Window.Set();
    }

    /// <summary>Starts a graceful end (RFC 9114 §5.2). Holds the lock.</summary>
    public void GoAway()
    {
        if (_started && !_closed) _h3.SendGoAway();
        foreach (var stream in _streams.Values)
        {
            stream.WebSocket?.RequestClose(Roadrunner.WebSockets.WebSocketCloseCode.GoingAway, DrainReason);
            stream.Push?.Close(PushCloseReason.Draining);
        }
    }

    /// <summary>Closes the connection with an HTTP/3 code. Holds the lock.</summary>
    public void Close(Http3ErrorCode code, string reason)
    {
        if (_closed) return;
        CloseReason = "drain";
        _quic.Close((ulong)code, reason);
    }

    /// <summary>The QUIC connection is gone: requests still running see it, and memory goes back. Holds the lock.</summary>
    public void OnRemoved()
    {
        if (_closed) return;
        ResetAll();
        _closed = true;
        _requests?.Leave();
        foreach (var pending in _pending.Values) pending.Release();
        _pending.Clear();
        _h3.Dispose();
    }

    /// <summary>Stream bytes QUIC's send buffer could not take yet.</summary>
    private sealed class PendingWrite
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _start;
        private int _end;

        public bool Fin { get; private set; }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

        public bool IsEmpty => _start == _end && !Fin;

        public void Append(ReadOnlySpan<byte> data, bool fin)
        {
            if (_end + data.Length > _buffer.Length)
            {
                var kept = _end - _start;
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(kept + data.Length, _buffer.Length * 2));
                _buffer.AsSpan(_start, kept).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
                _start = 0;
                _end = kept;
            }

            data.CopyTo(_buffer.AsSpan(_end));
            _end += data.Length;
            Fin |= fin;
        }

        public void Advance(int count)
        {
            _start += count;
            if (_start == _end)
            {
                _start = _end = 0;
                // QUIC records the FIN with the last byte it takes.
                Fin = false;
            }
        }

        public void Release()
        {
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = _end = 0;
        }
    }
}
