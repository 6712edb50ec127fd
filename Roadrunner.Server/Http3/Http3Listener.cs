using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Roadrunner.Http3;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;
using Roadrunner.Server.Http3.Udp;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Server.Http3;

/// <summary>
/// The UDP side of a listener that speaks HTTP/3: one socket on the TLS port's number (or a group of them sharing it,
/// <see cref="ListenerOptions.Http3Sockets"/>), a receive loop per socket feeding one <see cref="QuicServerEndpoint"/>,
/// and one timer thread that sleeps until the endpoint's next deadline (or until woken because it moved). Every call
/// into the endpoint, its connections and their HTTP/3 state happens under one lock; handlers run on the thread pool
/// and take the lock only to queue response bytes. A receive loop reads every datagram already waiting (up to a bound)
/// before it answers, so that one burst of replies covers several peers; datagrams leave from the first socket, each
/// peer's share of a burst in one send where the kernel offers UDP GSO (<see cref="DatagramBatcher"/>; the environment
/// variable <c>ROADRUNNER_UDP_GSO=0</c> turns batching off).
/// </summary>
internal sealed partial class Http3Listener : IThreadPoolWorkItem
{
    /// <summary>The application protocol of HTTP/3 (RFC 9114 §3.1).</summary>
    private const string Alpn = "h3";

    private const int MaxDatagram = 65527;
    private const int SendDatagram = 1500;
    private const int AddressCacheLimit = 4096;

    /// <summary>Datagrams read after the first before answering, so that the lock is not held for long.</summary>
    private const int ReceiveDrainLimit = 32;

    private readonly Socket[] _sockets;
    private readonly DatagramBatcher _sender;
    private readonly QuicServerEndpoint _endpoint;
    private readonly Dictionary<QuicConnection, Http3ServerConnection> _connections = [];
    private readonly Dictionary<SocketAddress, IPEndPoint> _addresses = [];
    private readonly Dictionary<IPEndPoint, SocketAddress> _sendAddresses = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _microsPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread[] _receiveThreads;
    private readonly Thread _timerThread;
    private readonly IPEndPoint _local;
    private IPEndPoint? _lastRemote;
    private SocketAddress? _lastRemoteAddress;
    private long _plannedWake = long.MaxValue;
    private volatile bool _stopped;
    private bool _draining;
    private bool _flushScheduled;
    private long _retriesRecorded;
    private long _timeoutsRecorded;
    private long _refusalsRecorded;

    private Http3Listener(Listener listener, Socket[] sockets, byte[]? resetKey, byte[]? tokenKey)
    {
        Listener = listener;
        _sockets = sockets;
        _local = (IPEndPoint)sockets[0].LocalEndPoint!;
        _sender = new DatagramBatcher(new SocketDatagramSink(sockets[0]), SendDatagram, UdpSocketGroup.SegmentationWanted);
        var options = listener.Options;
        var quic = options.Quic;
        _endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = options.Tls!.Certificate, ApplicationProtocols = [Alpn] },
            // Established connections count against max_clients; handshakes in progress have their own cap and
            // deadline, so Initials from spoofed addresses cannot fill max_clients (RFC 9000 §8, §21.1.1.1).
            MaxConnections = options.MaxClients,
            MaxHandshakes = quic.MaxHandshakes,
            HandshakeTimeout = (long)quic.HandshakeTimeout.TotalMicroseconds,
            Retry = quic.Retry,
            RetryThreshold = quic.RetryThreshold,
            StaticKey = resetKey,
            TokenKey = tokenKey,
            Connection = new QuicConnectionOptions
            {
                IdleTimeout = (long)options.KeepAliveTimeout.TotalMicroseconds,
            },
        });
        _timerThread = new Thread(TimerLoop) { IsBackground = true, Name = $"roadrunner-h3-timers-{listener.Name}" };
        _timerThread.Start();
        // One thread per socket, blocked in the kernel's receive. The sockets are only ever used synchronously, so a
        // send that finds the buffer full waits in the kernel too: nothing here depends on the runtime's socket event
        // threads, which may be running other connections' handlers (inline completions) or waiting for this lock.
        _receiveThreads = new Thread[sockets.Length];
        for (int i = 0; i < sockets.Length; i++)
        {
            var socket = sockets[i];
            _receiveThreads[i] = new Thread(() => ReceiveLoop(socket)) { IsBackground = true, Name = $"roadrunner-h3-receive-{listener.Name}-{i}" };
            _receiveThreads[i].Start();
        }
    }

    public Listener Listener { get; }

    /// <summary>The UDP port.</summary>
    public int Port => _local.Port;

    /// <summary>How many sockets share the port (at most <see cref="ListenerOptions.Http3Sockets"/>).</summary>
    internal int SocketCount => _sockets.Length;

    /// <summary>The send path; its counters and <see cref="DatagramBatcher.Segmenting"/>. Read under <see cref="Sync"/>.</summary>
    internal DatagramBatcher Sender => _sender;

    /// <summary>The one lock over the endpoint, every connection and every HTTP/3 state machine.</summary>
    internal Lock Sync { get; } = new();

    /// <summary>Scratch for reading QUIC streams; used only under <see cref="Sync"/>.</summary>
    internal byte[] ReadScratch { get; } = new byte[16 * 1024];

    /// <summary>Buffers for the fields of one response header section; used only under <see cref="Sync"/>.</summary>
    internal Http3HeadScratch HeadScratch { get; } = new();

    /// <summary>Request streams kept for reuse across this listener's connections; used only under <see cref="Sync"/>.</summary>
    internal Http3StreamPool StreamPool { get; } = new();

    /// <summary>The current time in microseconds, the QUIC clock.</summary>
    internal long Now => (long)(_clock.ElapsedTicks * _microsPerTick);

    internal bool IsDraining => _draining;

    /// <summary>Retry packets sent to new clients (RFC 9000 §8.1.2). Read under <see cref="Sync"/>.</summary>
    internal long RetriesSent => _endpoint.RetriesSent;

    /// <summary>Connections dropped because their handshake did not complete in time. Read under <see cref="Sync"/>.</summary>
    internal long HandshakesTimedOut => _endpoint.HandshakesTimedOut;

    /// <summary>Initials dropped, and handshakes refused, because a cap was reached. Read under <see cref="Sync"/>.</summary>
    internal long InitialsRefused => _endpoint.InitialsRefused;

    /// <summary>Connections in their handshake now. Read under <see cref="Sync"/>.</summary>
    internal int HandshakeCount => _endpoint.HandshakeCount;

    /// <summary>Binds UDP on <paramref name="address"/> and <paramref name="port"/> (the TLS TCP port's number) and starts the loops.</summary>
    /// <remarks>Key files are read before the port is bound, so a bad one leaves nothing open.</remarks>
    public static Http3Listener Start(Listener listener, IPAddress address, int port)
    {
        var quic = listener.Options.Quic;
        var resetKey = quic.LoadStatelessResetKey();
        var tokenKey = quic.LoadTokenKey();
        return new(listener, UdpSocketGroup.Open(address, port, listener.Options.Http3Sockets, listener.Options.ReusePort), resetKey, tokenKey);
    }

    private void ReceiveLoop(Socket socket)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        var from = new SocketAddress(_local.AddressFamily);
        while (!_stopped)
        {
            int n;
            try
            {
                n = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_stopped)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a client that left (ECONNREFUSED on Linux), or a receive interrupted by a
                // signal: nothing to do but receive again. Only the stop ends this thread.
                continue;
            }

            // Disposing the socket at stop wakes the blocked receive with nothing.
            if (_stopped) return;

            try
            {
                lock (Sync)
                {
                    if (_stopped) return;
                    _endpoint.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(Resolve(from), _local), Now);
                    // Take what else has already arrived before answering: the replies to several peers' packets
                    // (acknowledgments, mostly) then leave as one burst, in which the batcher sends each peer's share
                    // in one call, instead of one small burst per packet received.
                    for (int more = 0; more < ReceiveDrainLimit && socket.Available > 0; more++)
                    {
                        if (!TryReceive(socket, buffer, from, out n)) break;
                        _endpoint.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(Resolve(from), _local), Now);
                    }

                    ProcessLocked();
                    FlushLocked();
                }
            }
            catch (Exception ex)
            {
                LogLoopFailed(Listener.Logger, ex);
            }
        }
    }

    /// <summary>Reads a datagram known to be waiting; false on an error (an ICMP report of a peer that left).</summary>
    private static bool TryReceive(Socket socket, byte[] buffer, SocketAddress from, out int n)
    {
        try
        {
            n = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            return true;
        }
        catch (SocketException)
        {
            n = 0;
            return false;
        }
    }

    /// <summary>The <see cref="IPEndPoint"/> of a sender, reused across its datagrams. Holds <see cref="Sync"/>.</summary>
    /// <remarks>Under the lock: the cache is shared by every socket's loop.</remarks>
    private IPEndPoint Resolve(SocketAddress from)
    {
        if (_addresses.TryGetValue(from, out var known)) return known;
        if (_addresses.Count >= AddressCacheLimit)
        {
            _addresses.Clear();
            _sendAddresses.Clear();
        }

        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.CopyTo(key.Buffer);
        var endpoint = (IPEndPoint)_local.Create(key);
        _addresses[key] = endpoint;
        return endpoint;
    }

    /// <summary>
    /// The <see cref="SocketAddress"/> to send to a peer, one instance per peer: no allocation per datagram when sends
    /// alternate between connections, and the batcher tells peers apart by reference. Holds <see cref="Sync"/>.
    /// </summary>
    private SocketAddress SendAddress(IPEndPoint remote)
    {
        if (_sendAddresses.TryGetValue(remote, out var known)) return known;
        if (_sendAddresses.Count >= AddressCacheLimit) _sendAddresses.Clear();
        var address = remote.Serialize();
        _sendAddresses[remote] = address;
        return address;
    }

    private void TimerLoop()
    {
        while (!_stopped)
        {
            long wait;
            try
            {
                lock (Sync)
                {
                    if (_stopped) return;
                    var now = Now;
                    if (_endpoint.NextDeadline is { } due && due <= now)
                    {
                        _endpoint.OnTimeout(now);
                        ProcessLocked();
                    }

                    TickStreamsLocked();
                    FlushLocked();
                    var next = _endpoint.NextDeadline ?? long.MaxValue;
                    _plannedWake = next;
                    wait = next == long.MaxValue ? 1000 : Math.Clamp((next - Now + 999) / 1000, 0, 1000);
                }
            }
            catch (Exception ex)
            {
                LogLoopFailed(Listener.Logger, ex);
                wait = 10;
            }

            if (wait > 0) _wake.WaitOne((int)wait);
        }
    }

    /// <summary>
    /// Acts on everything the endpoint and its connections reported: new and removed connections, stream events,
    /// HTTP/3 events and outputs. Holds <see cref="Sync"/>.
    /// </summary>
    internal void ProcessLocked()
    {
        RecordHandshakeCountersLocked();
        while (_endpoint.TryReadEvent(out var e))
        {
            if (e.Kind == QuicServerEndpointEventKind.ConnectionAccepted)
            {
                var connection = new Http3ServerConnection(this, e.Connection);
                _connections[e.Connection] = connection;
                RoadrunnerTelemetry.ConnectionAccepted(Listener.Name);
                if (_draining) e.Connection.Close((ulong)Http3ErrorCode.H3_NO_ERROR, "shutting down");
            }
            else if (_connections.Remove(e.Connection, out var removed))
            {
                removed.OnRemoved();
                RoadrunnerTelemetry.ConnectionClosed(Listener.Name, removed.CloseReason);
            }
        }

        foreach (var connection in _connections.Values) connection.ProcessLocked();
    }

    /// <summary>Adds what the endpoint counted since the last call to the meter's Retry and dropped-handshake counters. Holds <see cref="Sync"/>.</summary>
    private void RecordHandshakeCountersLocked()
    {
        QuicTelemetry.Retries(Listener.Name, _endpoint.RetriesSent - _retriesRecorded);
        QuicTelemetry.Dropped(Listener.Name, "timeout", _endpoint.HandshakesTimedOut - _timeoutsRecorded);
        QuicTelemetry.Dropped(Listener.Name, "full", _endpoint.InitialsRefused - _refusalsRecorded);
        _retriesRecorded = _endpoint.RetriesSent;
        _timeoutsRecorded = _endpoint.HandshakesTimedOut;
        _refusalsRecorded = _endpoint.InitialsRefused;
    }

    /// <summary>
    /// Asks for a <see cref="FlushLocked"/> soon, from the thread pool, instead of now. Handlers finish on pool threads
    /// one after another; each flushing at once would send each response alone, in a datagram of its own with its own
    /// packet protection and system call. Queued behind the work already waiting, one flush carries every response
    /// finished meanwhile, packed into full datagrams (and batched by GSO). At most one is queued at a time. Holds
    /// <see cref="Sync"/>.
    /// </summary>
    internal void ScheduleFlushLocked()
    {
        if (_flushScheduled || _stopped) return;
        _flushScheduled = true;
        // The listener is its own work item: queuing it allocates nothing, where a delegate and state would per flush.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>The scheduled flush (see <see cref="ScheduleFlushLocked"/>), run by the thread pool.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            lock (Sync)
            {
                _flushScheduled = false;
                FlushLocked();
            }
        }
        catch (Exception ex)
        {
            LogLoopFailed(Listener.Logger, ex);
        }
    }

    /// <summary>Sends every datagram the endpoint has ready, and wakes the timer thread if the next deadline moved earlier. Holds <see cref="Sync"/>.</summary>
    internal void FlushLocked()
    {
        if (_stopped) return;
        var now = Now;
        int n;
        // Each datagram is written where the batcher wants it; consecutive ones for the same peer leave in one send.
        while ((n = _endpoint.Send(_sender.NextDatagram, now, out var info)) > 0)
        {
            if (!ReferenceEquals(info.Remote, _lastRemote))
            {
                _lastRemote = info.Remote;
                _lastRemoteAddress = SendAddress(info.Remote);
            }

            _sender.Commit(n, _lastRemoteAddress!);
        }

        _sender.Flush();

        if (_endpoint.NextDeadline is { } next && next < _plannedWake)
        {
            _plannedWake = next;
            _wake.Set();
        }
    }

    /// <summary>
    /// A graceful end (RFC 9114 §5.2): GOAWAY on every connection, wait up to <paramref name="timeout"/> for their
    /// requests, then CONNECTION_CLOSE with H3_NO_ERROR and close the socket.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        lock (Sync)
        {
            _draining = true;
            foreach (var connection in _connections.Values) connection.GoAway();
            ProcessLocked();
            FlushLocked();
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            lock (Sync)
            {
                // A response its handler just finished may wait in QUIC for its scheduled flush; send it first, so
                // "nothing in flight" means the client has it, and the close below cannot overtake it.
                FlushLocked();
                if (_connections.Values.All(static c => c.IsIdle)) break;
            }

            await Task.Delay(10);
        }

        lock (Sync)
        {
            foreach (var connection in _connections.Values) connection.Close(Http3ErrorCode.H3_NO_ERROR, "shutting down");
            ProcessLocked();
            FlushLocked();
            _stopped = true;
            foreach (var connection in _connections.Values) connection.OnRemoved();
            _connections.Clear();
        }

        // Disposing a socket shuts it down first, which wakes its thread from the blocked receive.
        foreach (var socket in _sockets) socket.Dispose();
        _wake.Set();
        foreach (var thread in _receiveThreads) thread.Join();
        _timerThread.Join();
        lock (Sync) _endpoint.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(40, LogLevel.Error, "The HTTP/3 loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception ex);
}
