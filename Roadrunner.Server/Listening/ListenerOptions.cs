using System.Net;
using Microsoft.Extensions.Logging;
using Roadrunner.Http1;
using Roadrunner.Http2;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;

namespace Roadrunner.Server.Listening;

/// <summary>
/// Everything a listener needs. Defaults follow the reference server and are given on each property.
/// </summary>
public sealed record ListenerOptions
{
    /// <summary>The address to bind. Default: <see cref="IPAddress.Any"/>.</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>The TCP port; 0 picks a free one (read it back from <see cref="Listener.Port"/>). Default 8080.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The protocols spoken. Default: HTTP/1.1 only.</summary>
    public IReadOnlyList<Protocol> Protocols { get; init; } = [Protocol.Http1];

    /// <summary>TLS; null for plain TCP. Default null.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>The routes, first match wins. Ignored when <see cref="Handler"/> is set.</summary>
    public IReadOnlyList<Route> Routes { get; init; } = [];

    /// <summary>A single handler for every request; the router is skipped. Default null.</summary>
    public IHandler? Handler { get; init; }

    /// <summary>Body mode for <see cref="Handler"/>. Default <see cref="BodyMode.Auto"/>.</summary>
    public BodyMode BodyMode { get; init; } = BodyMode.Auto;

    /// <summary>Listener-wide middlewares, outside each route's; the first is the outermost. Default none.</summary>
    public IReadOnlyList<Middleware> Middlewares { get; init; } = [];

    /// <summary>Most connections open at once; one over is closed at once and counted as rejected. Default 150.</summary>
    public int MaxClients { get; init; } = 150;

    /// <summary>How long a client may take to send a request head (and a TLS handshake); then 408. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection waits for the next request; then it is closed silently. Default 60 s.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests served on one connection before it is closed. Default 1000.</summary>
    public int MaxKeepAliveRequests { get; init; } = 1000;

    /// <summary>Largest request body; over it: 413. Default 10,000,000 bytes.</summary>
    public long MaxContentLength { get; init; } = 10_000_000;

    /// <summary>
    /// Slowest a client may send a head or body once it has started (after a grace period); slower is closed
    /// silently. 0 turns the guard off. Default 100 bytes per second.
    /// </summary>
    public int MinBytesPerSecond { get; init; } = 100;

    /// <summary>Time before the slow-client guard applies. Default 1 s.</summary>
    public TimeSpan MinBytesGracePeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Slowest an HTTP/2 or HTTP/3 client may let a response through, by the flow-control credit it grants (and the
    /// socket room it frees), once <see cref="MinResponseGracePeriod"/> has passed: a response that waits on the client
    /// and moves slower is reset (HTTP/2 RST_STREAM CANCEL, HTTP/3 H3_REQUEST_CANCELLED), so a client that never grants
    /// credit cannot hold a stream, its handler and its buffers. Only time spent waiting on the client counts. 0 turns
    /// the guard off. Default 240 bytes per second (Kestrel's MinResponseDataRate).
    /// </summary>
    public int MinResponseBytesPerSecond { get; init; } = 240;

    /// <summary>Time a response may wait on the client before <see cref="MinResponseBytesPerSecond"/> applies. Default 5 s.</summary>
    public TimeSpan MinResponseGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/1.1 head limits (request line 8192, header line 8192, header block 10240, 100 fields).</summary>
    public Http1Options Http1 { get; init; } = Http1Options.Default;

    /// <summary>
    /// HTTP/2 settings and bounds: max_concurrent_streams 100, max_header_block 16384, max_header_list_size 16384,
    /// flood limits (see <see cref="Roadrunner.Http2.Http2Options"/> for each), extended CONNECT for WebSockets
    /// (RFC 8441) announced, and receive windows larger than the RFC's 65535: stream_window 1 MiB, conn_window 2 MiB,
    /// window_refill_threshold 0.5.
    /// </summary>
    /// <remarks>
    /// The windows were picked by measurement: a 16 MB upload with curl over h2c, to a handler reading as it arrives,
    /// through a proxy adding 25 ms each way (50 ms round trip), took 13.7 s with 65535-byte windows (one window per
    /// round trip: 1.2 MB/s), 3.3 s with 512 KiB / 2 MiB, 1.9 s with 1 MiB / 1 MiB or 1 MiB / 2 MiB, and 0.9 s with
    /// 2 MiB / 8 MiB; on plain loopback every setting took 0.05–0.1 s. A single upload is bound by the stream window,
    /// so the connection window is twice it, letting two uploads run at full speed. The cost is the content a client
    /// may send that a manual-mode handler has not read yet: at most conn_window per connection, 300 MB at the
    /// default max_clients of 150 (with 65535-byte windows it would be 10 MB, at a sixth of the speed over a slow path).
    /// </remarks>
    public Http2Options Http2 { get; init; } = DefaultHttp2;

    private static readonly Http2Options DefaultHttp2 = Http2Options.Default with
    {
        InitialStreamWindow = 1 << 20,
        InitialConnectionWindow = 2 << 20,
        // RFC 8441: WebSockets over HTTP/2 (extended CONNECT) are offered.
        EnableConnectProtocol = true,
    };

    /// <summary>
    /// Most HTTP/2 requests in flight across the listener, all connections together; a stream over it is refused
    /// with RST_STREAM REFUSED_STREAM (safe for the client to retry) and counted in <see cref="ListenerInfo.Throttled"/>.
    /// Default 1000.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 1000;

    /// <summary>
    /// The share of <see cref="MaxConcurrentRequests"/> that one client address may hold, HTTP/2 and HTTP/3 together,
    /// so a peer stalling requests over many connections leaves the rest to everyone else; its streams over the share
    /// are refused like those over the listener's bound (REFUSED_STREAM, H3_REQUEST_REJECTED) and counted in
    /// <see cref="ListenerInfo.Throttled"/>. An IPv6 client counts by its /64 prefix, the block one subscriber usually
    /// holds. Each connection also holds at most its own stream limit (max_concurrent_streams, or QUIC's
    /// initial_max_streams_bidi), counting handlers still running for streams the client reset. Above 0, at most 1
    /// (1 turns the per-address bound off). Default 0.5: 500 of the default 1000.
    /// </summary>
    public double PeerRequestShare { get; init; } = 0.5;

    /// <summary>Unread request body the server reads and discards to keep a connection alive; more closes it. Default 65536 bytes.</summary>
    public long MaxDrainBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Messages that may wait for a push handler before new ones are dropped. Default 1024.</summary>
    public int PushMailboxCapacity { get; init; } = 1024;

    /// <summary>
    /// Received WebSocket bytes the listener holds for unfinished messages and frames, all connections together (HTTP/1.1,
    /// HTTP/2 and HTTP/3 alike). Each connection is bounded by its <c>MaxMessageSize</c>, but many connections each
    /// holding a large unfinished message would add up without bound. Over this budget, the connection holding the most
    /// is failed with 1009 (RFC 6455 §7.4.1, §10.4) and closed; the others go on. Default 256 MiB (268,435,456 bytes).
    /// </summary>
    public long MaxWebSocketBufferedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Concurrent accept loops. Default 10.</summary>
    public int Acceptors { get; init; } = 10;

    /// <summary>
    /// UDP sockets for HTTP/3, bound to the same address and port with <c>SO_REUSEPORT</c>; the kernel spreads
    /// clients over them (each client stays on one) and each has its own receive loop, all feeding the one QUIC
    /// endpoint under one lock. Where the platform has no <c>SO_REUSEPORT</c> (off Linux) one socket is used. 1 to
    /// <see cref="MaxHttp3Sockets"/>. Default 1.
    /// </summary>
    /// <remarks>
    /// Default 1 by measurement: 4 and 8 concurrent 10 MB downloads with ngtcp2's client over loopback (2 cores) took
    /// the same with 2 sockets as with 1, within the noise (medians 1.15 s against 1.18 s for 4, 1.65 s against 1.50 s
    /// for 8; server CPU 720 ms against 615 ms, 1070 ms against 1010 ms). Everything after the receive call runs under
    /// one lock, and one loop already reads every datagram waiting before it answers, so a second loop only contends
    /// for that lock. More sockets may pay where receiving, not the lock, is the bottleneck.
    /// </remarks>
    public int Http3Sockets { get; init; } = 1;

    /// <summary>The most <see cref="Http3Sockets"/> accepted: 64.</summary>
    public const int MaxHttp3Sockets = 64;

    /// <summary>
    /// The QUIC side of HTTP/3: Retry under load (from 100 handshakes in progress), at most 1,000 handshakes at once,
    /// each within 10 s, and random stateless-reset and token keys per process unless given (see
    /// <see cref="QuicServerOptions"/> for each).
    /// </summary>
    public QuicServerOptions Quic { get; init; } = new();

    /// <summary>The listen backlog. Default 1024.</summary>
    public int Backlog { get; init; } = 1024;

    /// <summary>
    /// Lets other sockets that also ask for it bind the same address and port (<c>SO_REUSEPORT</c>, TCP and HTTP/3's
    /// UDP), e.g. several processes sharing one port. Off, binding a port in use fails with a
    /// <see cref="System.Net.Sockets.SocketException"/> naming the listener and the port; a restarted server still
    /// rebinds a port whose old connections are in TIME_WAIT. Default false.
    /// </summary>
    public bool ReusePort { get; init; }

    /// <summary>
    /// The fraction of <see cref="MaxClients"/> open connections over which the listener is under pressure: at or over
    /// it, a connection that has not sent a whole request head (or finished its TLS handshake, unless
    /// <see cref="TlsOptions.HandshakeTimeout"/> is set) gets only <see cref="PressureRequestTimeoutShare"/> of
    /// <see cref="RequestTimeout"/>. (At <see cref="MaxClients"/> itself, a new connection closes the one idle longest
    /// between requests, if any, before it is refused.) Above 0, at most 1. Default 0.9: 135 of the default 150.
    /// </summary>
    public double HighWaterMark { get; init; } = 0.9;

    /// <summary>
    /// The share of <see cref="RequestTimeout"/> a client gets to send a whole request head while the listener is over
    /// <see cref="HighWaterMark"/>; then 408, counted in <see cref="ListenerInfo.ShortenedHeadTimeouts"/>. Above 0, at
    /// most 1. Default 0.25: 7.5 s of the default 30 s.
    /// </summary>
    public double PressureRequestTimeoutShare { get; init; } = 0.25;

    /// <summary>Where logs go. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for timeouts and the Date field. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxClients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKeepAliveRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Acceptors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Backlog);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Http3Sockets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Http3Sockets, MaxHttp3Sockets);
        ArgumentNullException.ThrowIfNull(Quic);
        Quic.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(MaxContentLength);
        ArgumentOutOfRangeException.ThrowIfNegative(MinBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(MinResponseBytesPerSecond);
        if (MinBytesGracePeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinBytesGracePeriod));
        if (MinResponseGracePeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinResponseGracePeriod));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PushMailboxCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxWebSocketBufferedBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentRequests);
        if (!(PeerRequestShare > 0 && PeerRequestShare <= 1)) throw new ArgumentOutOfRangeException(nameof(PeerRequestShare));
        if (!(HighWaterMark > 0 && HighWaterMark <= 1)) throw new ArgumentOutOfRangeException(nameof(HighWaterMark));
        if (!(PressureRequestTimeoutShare > 0 && PressureRequestTimeoutShare <= 1)) throw new ArgumentOutOfRangeException(nameof(PressureRequestTimeoutShare));
        ArgumentNullException.ThrowIfNull(Http2);
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout));
        if (KeepAliveTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(KeepAliveTimeout));
        if (Protocols.Count == 0) throw new ArgumentException("A listener speaks at least one protocol.", nameof(Protocols));
        if (Protocols.Contains(Protocol.Http2) && !ProtocolSupport.Http2Available)
            throw new NotSupportedException("HTTP/2 is not available in this build.");
        if (Protocols.Contains(Protocol.Http3) && !ProtocolSupport.Http3Available)
            throw new NotSupportedException("HTTP/3 is not available in this build.");
        // RFC 9114 §3.1: HTTP/3 runs over QUIC, whose handshake is TLS 1.3 (RFC 9001).
        if (Protocols.Contains(Protocol.Http3) && Tls is null)
            throw new ArgumentException("HTTP/3 needs TLS: set Tls.", nameof(Protocols));
        if (Handler is null && Routes.Count == 0) throw new ArgumentException("Give routes or a handler.", nameof(Routes));
    }
}
