using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Telemetry;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;
using Roadrunner.WebSockets.Session;

namespace Roadrunner.Server.WebSockets;

/// <summary>
/// Runs one accepted WebSocket over any <see cref="IWebSocketTransport"/>: feeds what the transport reads to the
/// sans-IO <see cref="WebSocketSession"/>, calls the handler for each event, writes what the session produces, and
/// keeps the session's timers (close handshake, keep-alive pings). The HTTP/1.1 Upgrade path hands it the
/// connection; an extended CONNECT path hands it one stream. When the session is over the runner returns and the
/// caller ends the transport at once (TCP FIN on HTTP/1.1, END_STREAM or FIN on a stream): after a clean close
/// handshake (RFC 6455 §5.5.1), after failing the connection (§7.1.7, no Close reply awaited), or when the peer's
/// Close did not come within the close timeout (§7.1.1).
/// </summary>
/// <remarks>
/// The session is not thread-safe, so every call into it is made under one lock, from the reading loop, from senders
/// on any thread and from the timer alike. Frames go to a double buffer; one write at a time takes the filled half to
/// the transport, so senders append while a write is in flight. Sends made synchronously inside a handler callback
/// are not written at once: the loop writes them with the rest of the batch (echoes of many messages read together
/// leave in one write).
/// </remarks>
internal sealed class WebSocketSessionRunner
{
    private const int ReadBufferSize = 16 * 1024;

    /// <summary>Sends deferred within one batch of callbacks, in bytes, before they are written anyway.</summary>
    private const int DeferLimit = 64 * 1024;

    private static readonly TimerCallback s_onTimer = static s => ((WebSocketSessionRunner)s!).OnTimer();

    private const string OverBudgetReason = "RFC 6455 §10.4: the server's buffer for unfinished messages is full";

    private readonly IWebSocketTransport _transport;
    private readonly IWebSocketHandler _handler;
    private readonly WebSocketBufferBudget _budget;
    private readonly TimeProvider _time;
    private readonly string _listener;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _ended = new();
    private readonly WebSocketSession _session;
    private readonly SendBuffer _output = new();
    private readonly WebSocketContext _context;
    private readonly long _keepAliveTicks;
    private readonly TimeSpan _closeTimeout;
    private readonly int _sendQueueLimit;

    // Guarded by _gate.
    private ITimer? _timer;
    private long _lastReceive;
    private long _pingSentAt;
    private bool _pingOutstanding;
    private bool _disposed;

    // Only the reading loop touches these: what the session held when the last dispatch ran dry, and what the budget
    // was last told.
    private long _held;
    private long _reported;

    private int _dispatchThread;
    private int _flushQueued;
    private volatile bool _broken;
    private bool _handlerFailed;
    private WebSocketCloseCode _closeCode = WebSocketCloseCode.AbnormalClosure;
    private string _closeReason = "";

    public WebSocketSessionRunner(
        IWebSocketTransport transport,
        WebSocketResponse response,
        WebSocketHandshakeResult handshake,
        Request request,
        Listener listener)
    {
        var time = listener.Options.TimeProvider;
        _transport = transport;
        _handler = response.Handler;
        _time = time;
        _listener = listener.Name;
        _logger = listener.Logger;
        _budget = listener.WebSocketBudget;
        _sendQueueLimit = response.SendQueueLimit;
        _keepAliveTicks = response.KeepAliveInterval is { } interval ? Math.Max(1, (long)(interval.TotalSeconds * time.TimestampFrequency)) : 0;
        var options = response.Options;
        _closeTimeout = options.CloseTimeout;
        // The session counts time in the server clock's ticks.
        if (options.TimestampFrequency != time.TimestampFrequency) options = options with { TimestampFrequency = time.TimestampFrequency };
        _session = new WebSocketSession(_output, options, handshake.PerMessageDeflate);
        _context = new WebSocketContext(this, request, handshake.Subprotocol, handshake.PerMessageDeflate is not null);
        _lastReceive = time.GetTimestamp();
    }

    public WebSocketContext Context => _context;

    /// <summary>Bytes the budget counts for this WebSocket; read and written under the budget's lock only.</summary>
    internal long BudgetHeld { get; set; }

    /// <summary>Whether the budget chose this WebSocket to fail; under the budget's lock only.</summary>
    internal bool BudgetEvicted { get; set; }

    internal CancellationToken Ended => _ended.Token;

    internal bool IsOpen
    {
        get
        {
            lock (_gate) return !_disposed && !_broken && _session.State == WebSocketState.Open;
        }
    }

    /// <summary>
    /// Runs the WebSocket to its end: opens the handler, reads until the session is closed, closes the handler.
    /// <paramref name="received"/> holds bytes that arrived with the handshake (frames sent right behind it). Never
    /// throws for anything the peer does.
    /// </summary>
    public async Task RunAsync(ReadOnlyMemory<byte> received)
    {
        RoadrunnerTelemetry.WebSocketOpened(_listener);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            lock (_gate) ScheduleTimer(_time.GetTimestamp());
            await InvokeOpenAsync();
            if (!received.IsEmpty) Receive(received.Span);
            while (!await DispatchAsync())
            {
                // Over the budget with this WebSocket the biggest holder: it was failed, and the next dispatch ends it.
                if (ReportBuffered()) continue;
                int n;
                try
                {
                    n = await _transport.ReadAsync(buffer);
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    n = 0;
                }

                if (n > 0)
                {
                    Receive(buffer.AsSpan(0, n));
                    continue;
                }

                // The peer finished or the transport broke: the session ends with 1006 unless it already closed.
                lock (_gate) _session.OnTransportClosed();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            // Whatever was held goes back to the budget.
            if (_reported != 0) _budget.Update(this, 0);
            await EndAsync();
        }
    }

    /// <summary>
    /// Tells the listener's budget what the session holds now that every event of the last read is handled; when that
    /// puts the budget over, fails the biggest holder with 1009. True when that is this WebSocket.
    /// </summary>
    private bool ReportBuffered()
    {
        var held = _held;
        if (held == _reported) return false;
        _reported = held;
        var victim = _budget.Update(this, held);
        if (victim is null) return false;
        return victim.FailOverBudget(this);
    }

    /// <summary>
    /// The budget chose this WebSocket: the session is failed with 1009 (RFC 6455 §7.4.1: "a message that is too big
    /// for it to process") and its buffers dropped. Returns true when called from this WebSocket's own reading loop,
    /// which then ends it as after any failure; from another WebSocket's loop, this one's loop may be waiting on a
    /// read that never ends, so the Close is flushed and the transport torn down.
    /// </summary>
    private bool FailOverBudget(WebSocketSessionRunner caller)
    {
        lock (_gate)
        {
            if (_disposed || !_session.FailConnection(WebSocketCloseCode.MessageTooBig, OverBudgetReason)) return caller == this;
        }

        WebSocketLog.OverBudget(_logger, _context.Request.Path);
        if (caller == this) return true;
        _ = FlushThenBreakAsync("websocket_budget");
        return false;
    }

    /// <summary>Writes what is pending (the Close), for at most the close timeout, then tears the transport down.</summary>
    private async Task FlushThenBreakAsync(string reason)
    {
        try
        {
            await FlushAsync().AsTask().WaitAsync(_closeTimeout, _time);
        }
        catch (TimeoutException)
        {
            // A peer that does not read is not waited for: the transport is torn down anyway.
        }

        Break(reason);
    }

    /// <summary>
    /// Starts the close handshake from outside the handler, e.g. with 1001 when the listener drains (RFC 6455 §7.4.1:
    /// "a server going down"). The session then waits for the client's Close up to the close timeout.
    /// </summary>
    public void RequestClose(WebSocketCloseCode code, string reason)
    {
        lock (_gate)
        {
            if (_disposed || _session.State != WebSocketState.Open) return;
            var now = _time.GetTimestamp();
            _session.SendClose(code, reason, now);
            ScheduleTimer(now);
        }

        ScheduleFlush();
    }

    internal ValueTask SendAsync(WebSocketMessageType type, ReadOnlyMemory<byte> payload)
    {
        lock (_gate)
        {
            if (_disposed) return default;
            var sent = type == WebSocketMessageType.Text ? _session.SendText(payload.Span) : _session.SendBinary(payload.Span);
            if (!sent) return default;
            RoadrunnerTelemetry.WebSocketMessageSent(_listener, type);
            if (IsDeferred) return default;
        }

        return FlushAsync();
    }

    internal ValueTask SendTextAsync(string text)
    {
        lock (_gate)
        {
            if (_disposed || !_session.SendText(text.AsSpan())) return default;
            RoadrunnerTelemetry.WebSocketMessageSent(_listener, WebSocketMessageType.Text);
            if (IsDeferred) return default;
        }

        return FlushAsync();
    }

    internal bool Post(WebSocketMessageType type, ReadOnlyMemory<byte> payload)
    {
        lock (_gate)
        {
            if (_disposed || _output.Pending > _sendQueueLimit) return false;
            var sent = type == WebSocketMessageType.Text ? _session.SendText(payload.Span) : _session.SendBinary(payload.Span);
            if (!sent) return false;
            RoadrunnerTelemetry.WebSocketMessageSent(_listener, type);
        }

        ScheduleFlush();
        return true;
    }

    internal bool PostText(string text)
    {
        lock (_gate)
        {
            if (_disposed || _output.Pending > _sendQueueLimit || !_session.SendText(text.AsSpan())) return false;
            RoadrunnerTelemetry.WebSocketMessageSent(_listener, WebSocketMessageType.Text);
        }

        ScheduleFlush();
        return true;
    }

    internal ValueTask CloseAsync(WebSocketCloseCode code, string? reason)
    {
        lock (_gate)
        {
            if (_disposed) return default;
            var now = _time.GetTimestamp();
            if (!_session.SendClose(code, reason, now)) return default;
            ScheduleTimer(now);
            if (IsDeferred) return default;
        }

        return FlushAsync();
    }

    /// <summary>
    /// Whether a send just made (under the lock) may wait for the end of the callback batch: it is made synchronously
    /// by a callback on the reading loop's thread, and not too much is waiting already.
    /// </summary>
    private bool IsDeferred =>
        Volatile.Read(ref _dispatchThread) == Environment.CurrentManagedThreadId && _output.Pending < DeferLimit;

    private void Receive(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _lastReceive = now;
            _pingOutstanding = false;
            _session.Receive(data, now);
        }
    }

    /// <summary>Handles every event the bytes received so far make; true once the session is closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DispatchAsync()
    {
        while (true)
        {
            WebSocketEvent e;
            lock (_gate)
            {
                if (!_session.TryReadEvent(out e))
                {
                    _held = _session.BufferedBytes;
                    break;
                }
            }

            switch (e.Type)
            {
                case WebSocketEventType.Message:
                    RoadrunnerTelemetry.WebSocketMessageReceived(_listener, e.MessageType);
                    // After a handler failure the close handshake runs without it.
                    if (!_handlerFailed) await InvokeMessageAsync(new WebSocketMessage(e.MessageType, e.Payload));
                    break;
                case WebSocketEventType.Closed:
                    _closeCode = e.CloseCode;
                    _closeReason = e.CloseReason ?? "";
                    // The Close reply, or the Close that failed the connection, leaves before the transport is closed.
                    await FlushAsync();
                    return true;
            }
        }

        // Pongs, a Close reply and whatever the callbacks sent, in one write.
        await FlushAsync();
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask InvokeMessageAsync(WebSocketMessage message)
    {
        ValueTask pending;
        Volatile.Write(ref _dispatchThread, Environment.CurrentManagedThreadId);
        try
        {
            pending = _handler.OnMessageAsync(_context, message);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _dispatchThread, 0);
            HandlerFailed(ex);
            return;
        }

        // Once the callback waits, this thread may run anything; sends made from there are written at once.
        Volatile.Write(ref _dispatchThread, 0);
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            HandlerFailed(ex);
        }
    }

    private async ValueTask InvokeOpenAsync()
    {
        ValueTask pending;
        Volatile.Write(ref _dispatchThread, Environment.CurrentManagedThreadId);
        try
        {
            pending = _handler.OnOpenAsync(_context);
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _dispatchThread, 0);
            HandlerFailed(ex);
            return;
        }

        Volatile.Write(ref _dispatchThread, 0);
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            HandlerFailed(ex);
        }
    }

    /// <summary>A callback threw: logged, and the WebSocket is closed with 1011 (RFC 6455 §7.4.1: "an unexpected condition").</summary>
    private void HandlerFailed(Exception ex)
    {
        _handlerFailed = true;
        WebSocketLog.HandlerFailed(_logger, _context.Request.Path, ex);
        RequestClose(WebSocketCloseCode.InternalError, "");
    }

    private async Task EndAsync()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        RoadrunnerTelemetry.WebSocketClosed(_listener, _closeCode);
        try
        {
            _ended.Cancel();
        }
        catch (AggregateException)
        {
            // A callback the handler registered threw; the WebSocket ends regardless.
        }

        try
        {
            await _handler.OnCloseAsync(_context, _closeCode, _closeReason);
        }
        catch (Exception ex)
        {
            WebSocketLog.HandlerFailed(_logger, _context.Request.Path, ex);
        }

        // A write in flight keeps its buffer until it is done.
        await _writeLock.WaitAsync();
        try
        {
            lock (_gate)
            {
                _disposed = true;
                _session.Dispose();
                _output.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes what the session produced so far; a transport failure breaks the transport, so the reading loop ends.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            ReadOnlyMemory<byte> bytes;
            lock (_gate)
            {
                if (_disposed || _output.Pending == 0) return;
                bytes = _output.TakeFilled();
            }

            try
            {
                if (!_broken) await _transport.WriteAsync(bytes);
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                Break("client");
            }
            finally
            {
                _output.Sent();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Gets what was sent from outside the reading loop written, from the thread pool, without making the sender wait.</summary>
    private void ScheduleFlush()
    {
        // Within a callback the loop writes after the batch.
        if (Volatile.Read(ref _dispatchThread) == Environment.CurrentManagedThreadId) return;
        if (Interlocked.Exchange(ref _flushQueued, 1) == 1) return;
        ThreadPool.UnsafeQueueUserWorkItem(static r => _ = r.BackgroundFlushAsync(), this, preferLocal: false);
    }

    private async Task BackgroundFlushAsync()
    {
        // Cleared before the flush: what is sent after this point is either in this write or schedules the next.
        Volatile.Write(ref _flushQueued, 0);
        await FlushAsync();
    }

    private void Break(string reason)
    {
        _broken = true;
        _transport.Abort(reason);
    }

    /// <summary>
    /// The close timeout (the session's own deadline) and the keep-alive: a Ping after an interval of silence, and the
    /// client given up for gone when a further interval brings nothing (not even the Pong).
    /// </summary>
    private void OnTimer()
    {
        var flush = false;
        var giveUp = false;
        lock (_gate)
        {
            // Null once the WebSocket ends: a tick already under way finds nothing to do.
            if (_timer is null) return;
            var now = _time.GetTimestamp();
            var before = _session.State;
            _session.OnTimeout(now);
            if (before != WebSocketState.Closed && _session.State == WebSocketState.Closed)
            {
                // The close handshake timed out (RFC 6455 §7.1.1); the reading loop waits on a read that may never end.
                giveUp = true;
            }
            else if (_keepAliveTicks > 0 && _session.State == WebSocketState.Open)
            {
                if (_pingOutstanding && now - _pingSentAt >= _keepAliveTicks)
                {
                    giveUp = true;
                }
                else if (!_pingOutstanding && now - _lastReceive >= _keepAliveTicks)
                {
                    // RFC 6455 §5.5.2: "A Ping frame may serve either as a keepalive or as a means to verify that the
                    // remote endpoint is still responsive."
                    _session.SendPing();
                    _pingSentAt = now;
                    _pingOutstanding = true;
                    flush = true;
                }
            }

            if (!giveUp) ScheduleTimer(now);
        }

        if (giveUp) Break("websocket_timeout");
        else if (flush) ScheduleFlush();
    }

    /// <summary>Sets the timer for the earliest of the session's deadline and the keep-alive's (under the lock).</summary>
    private void ScheduleTimer(long now)
    {
        var due = _session.NextDeadline;
        if (_keepAliveTicks > 0 && _session.State == WebSocketState.Open)
            due = Math.Min(due, (_pingOutstanding ? _pingSentAt : _lastReceive) + _keepAliveTicks);
        if (due == long.MaxValue)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // A millisecond late rather than early: an early tick would find nothing due and set the timer again.
        var delay = TimeSpan.FromSeconds(Math.Max(0, due - now) / (double)_time.TimestampFrequency) + TimeSpan.FromMilliseconds(1);
        _timer ??= _time.CreateTimer(s_onTimer, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException;
}
