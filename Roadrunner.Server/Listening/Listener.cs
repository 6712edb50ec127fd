using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Roadrunner.Http1;
using Roadrunner.Http1.Writing;
using Roadrunner.Http2;
using Roadrunner.Server.Collections;
using Roadrunner.Server.Http1;
using Roadrunner.Server.Http2;
using Roadrunner.Server.Http3;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Server.Listening;

/// <summary>
/// A running listener: accept loops on one socket, a connection cap, a heartbeat that enforces timeouts
/// and refreshes the Date field, and a graceful drain. Made by <see cref="RoadrunnerServer.StartAsync"/>.
/// </summary>
public sealed partial class Listener : IAsyncDisposable
{
    private readonly Socket _listenSocket;
    private readonly ConnectionSlots _slots;
    private readonly CancellationTokenSource _forceClose = new();
    private readonly Task[] _acceptors;
    private readonly ITimer _heartbeat;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile RouteTable _routes;
    private int _status = (int)ListenerStatus.Accepting;
    private int _active;
    private long _requestsServed;
    private long _rejected;
    private long _throttled;
    private long _reclaimed;
    private long _shortenedHeadTimeouts;
    private long _headTimeoutTicks;

    /// <summary>TLS handshakes under way (not yet connections in the slots), with when each began, for the high-water mark.</summary>
    private readonly ConcurrentDictionary<CancellationTokenSource, long> _handshakes = new();
    private Task<DrainResult>? _drain;
    private Http3Listener? _http3;

    private Listener(string name, ListenerOptions options, Socket listenSocket)
    {
        Name = name;
        Options = options;
        _listenSocket = listenSocket;
        Port = ((IPEndPoint)listenSocket.LocalEndPoint!).Port;
        Logger = options.LoggerFactory?.CreateLogger("Roadrunner") ?? NullLogger.Instance;
        Http1Options = options.Http1 with { MaxContentLength = options.MaxContentLength };
        Http2Options = options.Http2 with { TimestampFrequency = options.TimeProvider.TimestampFrequency };
        AcceptsH2c = options.Tls is null && options.Protocols.Contains(Protocol.Http2);
        _routes = BuildRoutes(options.Routes, options);
        _tls = options.Tls?.CreateServerOptions(options.Protocols);
        _slots = new ConnectionSlots(options.MaxClients);

        var time = options.TimeProvider;
        TicksPerSecond = time.TimestampFrequency;
        RequestTimeoutTicks = ToTicks(options.RequestTimeout);
        KeepAliveTimeoutTicks = ToTicks(options.KeepAliveTimeout);
        GraceTicks = ToTicks(options.MinBytesGracePeriod);
        PressureHeadTimeoutTicks = ToTicks(options.RequestTimeout * options.PressureRequestTimeoutShare);
        _headTimeoutTicks = RequestTimeoutTicks;
        // The smallest whole number of connections at or over the fraction (150 x 0.9 = 135), at least one.
        HighWaterClients = Math.Max(1, (int)Math.Ceiling(options.MaxClients * options.HighWaterMark - 1e-9));
        RequestBudget = new RequestBudget(options.MaxConcurrentRequests, options.PeerRequestShare);
        Date = new DateHeaderCache(time.GetUtcNow());

        // Tick often enough to honour the shortest timeout within a quarter of it, at most once a second.
        var shortest = TimeSpan.FromSeconds(1);
        if (options.RequestTimeout / 4 < shortest) shortest = options.RequestTimeout / 4;
        if (options.KeepAliveTimeout / 4 < shortest) shortest = options.KeepAliveTimeout / 4;
        var pressure = options.RequestTimeout * options.PressureRequestTimeoutShare;
        if (pressure / 4 < shortest) shortest = pressure / 4;
        if (shortest < TimeSpan.FromMilliseconds(10)) shortest = TimeSpan.FromMilliseconds(10);
        _heartbeat = time.CreateTimer(static s => ((Listener)s!).Heartbeat(), this, shortest, shortest);

        _acceptors = new Task[options.Acceptors];
        for (var i = 0; i < _acceptors.Length; i++) _acceptors[i] = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The UDP port HTTP/3 is served on (the TLS port's number), or 0 when the listener does not speak it.</summary>
    public int Http3Port => _http3?.Port ?? 0;

    /// <summary>
    /// The <c>alt-svc</c> field value advertising HTTP/3 on this port (RFC 7838 §3, RFC 9114 §3.1.1), or null when the
    /// listener does not speak it.
    /// </summary>
    internal string? AltSvc { get; private set; }

    /// <summary>The same <c>alt-svc</c> as a whole HTTP/1.1 field line with its CRLF, or null.</summary>
    internal byte[]? AltSvcLine { get; private set; }

    /// <summary>The same <c>alt-svc</c> as an HTTP/2 field, encoded once, or null.</summary>
    internal Http2Header? AltSvcField { get; private set; }

    private void StartHttp3()
    {
        if (Options.Tls is null || !Options.Protocols.Contains(Protocol.Http3)) return;
        _http3 = Http3Listener.Start(this, Options.Address, Port);
        AltSvc = $"h3=\":{Port}\"; ma=86400";
        AltSvcLine = System.Text.Encoding.ASCII.GetBytes($"alt-svc: {AltSvc}\r\n");
        AltSvcField = new Http2Header("alt-svc"u8.ToArray(), System.Text.Encoding.ASCII.GetBytes(AltSvc));
    }

    /// <summary>The listener's name, used in logs and telemetry.</summary>
    public string Name { get; }

    /// <summary>The bound port (the one picked, when the options said 0).</summary>
    public int Port { get; }

    /// <summary>Accepting, draining or stopped.</summary>
    public ListenerStatus Status => (ListenerStatus)Volatile.Read(ref _status);

    internal ListenerOptions Options { get; }

    internal Http1Options Http1Options { get; }

    /// <summary>Per-request objects of HTTP/1.1 connections that are idle between requests.</summary>
    private readonly BoundedPool<Http1RequestState> _http1States = new(Http1StatePoolCapacity);

    /// <summary>How many idle sets of HTTP/1.1 per-request objects are kept; more go to the GC.</summary>
    private const int Http1StatePoolCapacity = 256;

    private int _http1StatesHeld;

    internal Http1RequestState TakeHttp1State()
    {
        Interlocked.Increment(ref _http1StatesHeld);
        return _http1States.TryTake(out var state) ? state : new Http1RequestState(Http1Options);
    }

    /// <summary>Gives a set back: to the pool when <paramref name="reusable"/>, else to the GC.</summary>
    internal void ReturnHttp1State(Http1RequestState state, bool reusable)
    {
        Interlocked.Decrement(ref _http1StatesHeld);
        if (reusable) _http1States.TryReturn(state);
    }

    /// <summary>How many HTTP/1.1 connections hold per-request objects now: those reading, handling or writing a request.</summary>
    internal int HeldHttp1States => Volatile.Read(ref _http1StatesHeld);

    internal Http2Options Http2Options { get; }

    /// <summary>A cleartext listener that speaks HTTP/2: h2c by prior knowledge, and by Upgrade when it speaks HTTP/1.1 too.</summary>
    internal bool AcceptsH2c { get; }

    internal ILogger Logger { get; }

    internal DateHeaderCache Date { get; }

    internal RouteTable Routes => _routes;

    internal long TicksPerSecond { get; }

    internal long RequestTimeoutTicks { get; }

    internal long KeepAliveTimeoutTicks { get; }

    internal long GraceTicks { get; }

    /// <summary>The request timeout over the high-water mark (<see cref="ListenerOptions.PressureRequestTimeoutShare"/>).</summary>
    internal long PressureHeadTimeoutTicks { get; }

    /// <summary>Open connections at which the listener is under pressure (<see cref="ListenerOptions.HighWaterMark"/>).</summary>
    internal int HighWaterClients { get; }

    /// <summary>
    /// How long a client may take over a request head now: the request timeout, or its shortened form while the
    /// listener is over the high-water mark. Set by the heartbeat before it walks the connections.
    /// </summary>
    internal long HeadTimeoutTicks => Volatile.Read(ref _headTimeoutTicks);

    /// <summary>The HTTP/2 and HTTP/3 requests in flight and their fair shares.</summary>
    internal RequestBudget RequestBudget { get; }

    internal bool IsDraining => Volatile.Read(ref _status) != (int)ListenerStatus.Accepting;

    /// <summary>Current counters.</summary>
    public ListenerInfo Info() => new(
        Volatile.Read(ref _active), Options.MaxClients, Interlocked.Read(ref _requestsServed),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _throttled), Interlocked.Read(ref _reclaimed),
        Interlocked.Read(ref _shortenedHeadTimeouts));

    /// <summary>
    /// Swaps the route table atomically: requests already routed finish with the old table, the next ones use the new.
    /// </summary>
    public void ReloadRoutes(IReadOnlyList<Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = BuildRoutes(routes, Options);
    }

    internal long Now() => Options.TimeProvider.GetTimestamp();

    internal void CountRequest() => Interlocked.Increment(ref _requestsServed);

    internal static Listener Start(string name, ListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var socket = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (options.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            Bind(name, socket, new IPEndPoint(options.Address, options.Port), options.ReusePort);
            socket.Listen(options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new Listener(name, options, socket);
        try
        {
            listener.StartHttp3();
        }
        catch (SocketException ex)
        {
            listener.StopAsync().GetAwaiter().GetResult();
            throw new ListenerBindException(name, "UDP ", new IPEndPoint(options.Address, listener.Port), ex);
        }
        catch
        {
            listener.StopAsync().GetAwaiter().GetResult();
            throw;
        }

        return listener;
    }

    private static void Bind(string name, Socket socket, IPEndPoint endPoint, bool reusePort)
    {
        AllowReuse(socket, reusePort);
        try
        {
            socket.Bind(endPoint);
        }
        catch (SocketException ex)
        {
            throw new ListenerBindException(name, "", endPoint, ex);
        }
    }

    /// <summary>
    /// SO_REUSEADDR, so a restarted server rebinds a port whose old connections are in TIME_WAIT; SO_REUSEPORT (sharing
    /// the port with other sockets that ask for it) only when <paramref name="reusePort"/>. On Unix .NET's
    /// <see cref="SocketOptionName.ReuseAddress"/> sets both, which would let a second process bind the port silently,
    /// so SO_REUSEADDR is set alone by its number where known.
    /// </summary>
    private static void AllowReuse(Socket socket, bool reusePort)
    {
        if (OperatingSystem.IsLinux())
        {
            // SOL_SOCKET 1, SO_REUSEADDR 2, SO_REUSEPORT 15 (asm-generic/socket.h).
            socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
            if (reusePort) socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // SOL_SOCKET 0xffff, SO_REUSEADDR 4, SO_REUSEPORT 0x200 (sys/socket.h).
            socket.SetRawSocketOption(0xffff, 4, BitConverter.GetBytes(1));
            if (reusePort) socket.SetRawSocketOption(0xffff, 0x200, BitConverter.GetBytes(1));
        }
        else if (reusePort)
        {
            // Windows: SO_REUSEADDR lets sockets share the port; without it a listening port is exclusive and
            // TIME_WAIT connections do not block a new bind.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }

    private static RouteTable BuildRoutes(IReadOnlyList<Route> routes, ListenerOptions options) =>
        options.Handler is { } handler
            ? RouteTable.Single(handler, options.Middlewares, options.BodyMode)
            : RouteTable.Build(routes, options.Middlewares);

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * TicksPerSecond);

    private async Task AcceptLoopAsync()
    {
        while (!IsDraining)
        {
            Socket socket;
            try
            {
                socket = await _listenSocket.AcceptAsync();
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (IsDraining || ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: log and keep accepting; the backlog holds the rest.
                LogAcceptFailed(Logger, ex);
                await Task.Delay(10);
                continue;
            }

            OnAccepted(socket);
        }
    }

    private void OnAccepted(Socket socket)
    {
        if (IsDraining)
        {
            socket.Dispose();
            return;
        }

        // Over max_clients, the connection idle longest between requests makes room (its client loses nothing: no
        // request is open), and the new one takes its place while it closes. With none idle, the new one is refused.
        if (Interlocked.Increment(ref _active) > Options.MaxClients && !TryReclaimIdle())
        {
            // Over max_clients: close at once, count it, tell the listeners.
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _rejected);
            RoadrunnerTelemetry.ConnectionRejected(Name);
            LogRejected(Logger, Name, Options.MaxClients);
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
            return;
        }

        RoadrunnerTelemetry.ConnectionAccepted(Name);
        _ = RunConnectionAsync(socket);
    }

    /// <summary>Closes the connection idle longest between requests; false when none is idle.</summary>
    private bool TryReclaimIdle()
    {
        // A candidate may leave the idle phase between the walk and the close; then the walk is done again, a few times.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (_slots.LongestIdle() is not { } victim) return false;
            if (!victim.TryReclaim()) continue;
            Interlocked.Increment(ref _reclaimed);
            RoadrunnerTelemetry.ConnectionReclaimed(Name);
            LogReclaimed(Logger, Name, Options.MaxClients);
            return true;
        }

        return false;
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        Connection? connection = null;
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_forceClose.Token);
                handshake.CancelAfter(Options.Tls!.HandshakeTimeout ?? Options.RequestTimeout);
                // A handshake under the request timeout is shortened over the high-water mark like a request head.
                var shortenable = Options.Tls.HandshakeTimeout is null;
                if (shortenable) _handshakes[handshake] = Now();
                try
                {
                    await ssl.AuthenticateAsServerAsync(_tls, handshake.Token);
                }
                finally
                {
                    if (shortenable) _handshakes.TryRemove(handshake, out _);
                }
            }

            connection = CreateConnection(socket, stream);
            while (true)
            {
                _slots.Add(connection);
                if (IsDraining) connection.NotifyDrain();
                await connection.RunAsync();
                // An HTTP/1.1 connection that switched to HTTP/2 (h2c) hands the socket over.
                if (connection.Successor is not { } next) break;
                _slots.Remove(connection);
                connection.Release();
                connection = next;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The peer went away or failed the handshake: nothing to answer.
            if (connection is null) LogHandshakeFailed(Logger, ex);
        }
        catch (Exception ex)
        {
            LogConnectionFailed(Logger, ex);
        }
        finally
        {
            if (connection is not null)
            {
                _slots.Remove(connection);
                connection.Release();
            }

            try
            {
                if (stream is not null) await stream.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }

            socket.Dispose();
            RoadrunnerTelemetry.ConnectionClosed(Name, connection?.CloseReason ?? "handshake");
            if (Interlocked.Decrement(ref _active) == 0 && IsDraining) _allClosed.TrySetResult();
        }
    }

    /// <summary>HTTP/2 when ALPN chose it, or when the listener speaks nothing else; HTTP/1.1 otherwise.</summary>
    private Connection CreateConnection(Socket socket, Stream stream)
    {
        var http2 = stream is SslStream ssl
            ? ssl.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2 || !Options.Protocols.Contains(Protocol.Http1)
            : !Options.Protocols.Contains(Protocol.Http1);
        return http2 ? new Http2ServerConnection(this, socket, stream, _tls is not null) : new Http1Connection(this, socket, stream, _tls is not null);
    }

    private void Heartbeat()
    {
        try
        {
            Date.Update(Options.TimeProvider.GetUtcNow());
            // Over the high-water mark, clients that have not sent a whole head get less time to do it.
            var pressure = Volatile.Read(ref _active) >= HighWaterClients;
            Volatile.Write(ref _headTimeoutTicks, pressure ? Math.Min(PressureHeadTimeoutTicks, RequestTimeoutTicks) : RequestTimeoutTicks);
            var now = Now();
            if (pressure && !_handshakes.IsEmpty) CutSlowHandshakes(now);
            _slots.ForEach(static (c, now) => c.OnHeartbeat(now), now);
        }
        catch (Exception ex)
        {
            LogHeartbeatFailed(Logger, ex);
        }
    }

    /// <summary>Over the high-water mark: ends the TLS handshakes that have taken longer than the shortened request timeout.</summary>
    private void CutSlowHandshakes(long now)
    {
        foreach (var (handshake, start) in _handshakes)
        {
            if (now - start < PressureHeadTimeoutTicks || now - start >= RequestTimeoutTicks) continue;
            // Removed first, so a handshake is cut (and counted) once.
            if (!_handshakes.TryRemove(handshake, out _)) continue;
            try
            {
                handshake.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The handshake ended meanwhile.
                continue;
            }

            CountShortenedHeadTimeout();
        }
    }

    /// <summary>
    /// Stops accepting, tells every connection and push response to finish, waits up to
    /// <paramref name="timeout"/> for them, then closes what is left by force.
    /// </summary>
    public Task<DrainResult> DrainAsync(TimeSpan timeout)
    {
        lock (_acceptors)
        {
            return _drain ??= DrainCoreAsync(timeout);
        }
    }

    private async Task<DrainResult> DrainCoreAsync(TimeSpan timeout)
    {
        using var activity = RoadrunnerTelemetry.ActivitySource.StartActivity("roadrunner.drain");
        Interlocked.Exchange(ref _status, (int)ListenerStatus.Draining);
        LogDraining(Logger, Name, Volatile.Read(ref _active));
        _listenSocket.Dispose();
        _slots.ForEach(static c => c.NotifyDrain());
        var http3 = _http3?.DrainAsync(timeout) ?? Task.CompletedTask;
        if (Volatile.Read(ref _active) == 0) _allClosed.TrySetResult();

        var completed = await WaitAsync(_allClosed.Task, timeout);
        var forced = 0;
        if (!completed)
        {
            forced = Volatile.Read(ref _active);
            _forceClose.Cancel();
            _slots.ForEach(static c => c.Abort("drain_timeout"));
            await WaitAsync(_allClosed.Task, TimeSpan.FromSeconds(5));
        }

        await Task.WhenAll(_acceptors);
        await http3;
        _heartbeat.Dispose();
        Interlocked.Exchange(ref _status, (int)ListenerStatus.Stopped);
        if (RoadrunnerTelemetry.Drains.Enabled)
            RoadrunnerTelemetry.Drains.Add(1, new("listener", Name), new("completed", completed));
        activity?.SetTag("roadrunner.drain.completed", completed);
        activity?.SetTag("roadrunner.drain.force_closed", forced);
        LogDrained(Logger, Name, completed, forced);
        return new DrainResult(completed, forced);
    }

    private async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, Options.TimeProvider);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Closes every connection now (a drain with no grace).</summary>
    public Task StopAsync() => DrainAsync(TimeSpan.Zero);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _forceClose.Dispose();
    }

    /// <summary>Counts a request refused by <paramref name="refusal"/>'s bound, and tells the listeners.</summary>
    internal void CountThrottled(RequestRefusal refusal)
    {
        Interlocked.Increment(ref _throttled);
        RoadrunnerTelemetry.RequestThrottled(Name, refusal);
    }

    /// <summary>Counts a connection cut by the shortened head timeout before the full one, and tells the listeners.</summary>
    internal void CountShortenedHeadTimeout()
    {
        Interlocked.Increment(ref _shortenedHeadTimeouts);
        RoadrunnerTelemetry.HeadTimeoutShortened(Name);
    }

    [LoggerMessage(1, LogLevel.Warning, "Listener {Listener} is at max_clients ({MaxClients}); connection rejected")]
    private static partial void LogRejected(ILogger logger, string listener, int maxClients);

    [LoggerMessage(8, LogLevel.Information, "Listener {Listener} is at max_clients ({MaxClients}); the connection idle longest was closed to admit a new one")]
    private static partial void LogReclaimed(ILogger logger, string listener, int maxClients);

    [LoggerMessage(2, LogLevel.Error, "Accepting a connection failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception ex);

    [LoggerMessage(3, LogLevel.Debug, "TLS handshake failed or the client left before its first request")]
    private static partial void LogHandshakeFailed(ILogger logger, Exception ex);

    [LoggerMessage(4, LogLevel.Error, "A connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception ex);

    [LoggerMessage(5, LogLevel.Error, "The heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception ex);

    [LoggerMessage(6, LogLevel.Information, "Listener {Listener} draining with {Active} connections open")]
    private static partial void LogDraining(ILogger logger, string listener, int active);

    [LoggerMessage(7, LogLevel.Information, "Listener {Listener} drained: completed={Completed}, force-closed={ForceClosed}")]
    private static partial void LogDrained(ILogger logger, string listener, bool completed, int forceClosed);
}
