using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roadrunner.Benchmarks.Load;

/// <summary>
/// The HTTP/1.1 side of the open-loop generator: every connection on one thread, driven by readiness polling
/// (<see cref="Socket.Select(System.Collections.IList?, System.Collections.IList?, System.Collections.IList?, int)"/>)
/// instead of an async task and a timer per connection. A request costs a send, a poll and a receive, and no thread
/// hop or timer, so one core keeps up with rates several times what the server under test can answer; the generator
/// must never be what limits a fixed-rate run.
/// </summary>
/// <remarks>
/// Each connection has its own schedule, <c>conns / rate</c> seconds apart, staggered across connections. One
/// request is in flight per connection: when an answer comes late, the next request leaves as soon as it arrives and
/// its latency still counts from its own due time, so a stall is charged to every request that queued behind it.
/// The loop never sleeps while a request is due within a millisecond: it polls without waiting, so a request does not
/// pick up the poll's millisecond granularity as latency.
/// </remarks>
internal sealed class Http1PollLoop : IDisposable
{
    private readonly Connection[] _connections;
    private readonly Dictionary<Socket, Connection> _bySocket = [];
    private readonly List<Socket> _readable = [];
    private readonly byte[] _request;
    private readonly EndPoint _server;
    private long _interval;

    private Http1PollLoop(EndPoint server, byte[] request, int conns)
    {
        _server = server;
        _request = request;
        _connections = new Connection[conns];
    }

    public LatencyHistogram Histogram { get; } = new();

    public long Errors { get; private set; }

    /// <summary>Opens <paramref name="conns"/> keep-alive connections to <paramref name="url"/>.</summary>
    public static Http1PollLoop Connect(Uri url, int conns)
    {
        var request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUser-Agent: roadrunner-load\r\n\r\n");
        var loop = new Http1PollLoop(new IPEndPoint(IPAddress.Parse(url.Host), url.Port), request, conns);
        for (var i = 0; i < conns; i++)
        {
            loop._connections[i] = new Connection();
            loop.Open(loop._connections[i]);
        }

        return loop;
    }

    /// <summary>
    /// Sends on schedule from <paramref name="start"/> to <paramref name="end"/> (timestamps) at <paramref name="rate"/>
    /// requests per second in all, recording latencies of requests due from <paramref name="measureFrom"/>. Returns once
    /// every request due before <paramref name="end"/> is answered, or a second after <paramref name="end"/>.
    /// </summary>
    public void Run(double rate, long start, long measureFrom, long end)
    {
        var frequency = Stopwatch.Frequency;
        var interval = (long)(frequency * _connections.Length / rate);
        _interval = interval;
        var millisecond = frequency / 1000;
        for (var i = 0; i < _connections.Length; i++) _connections[i].NextDue = start + (interval * i / _connections.Length);
        var giveUp = end + frequency;

        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var nextDue = long.MaxValue;
            var inFlight = 0;
            _readable.Clear();
            foreach (var c in _connections)
            {
                if (c.Failed) continue;
                if (c.InFlightDue < 0 && c.NextDue < end && c.NextDue <= now) Send(c);
                if (c.InFlightDue >= 0)
                {
                    inFlight++;
                    _readable.Add(c.Socket!);
                }
                else if (c.NextDue < end)
                {
                    nextDue = Math.Min(nextDue, c.NextDue);
                }
            }

            if (inFlight == 0 && nextDue == long.MaxValue) return;
            if (now > giveUp)
            {
                Errors += inFlight;
                return;
            }

            // Wait for answers, but never past the next due time; under a millisecond away, do not wait at all.
            var wait = nextDue == long.MaxValue ? millisecond * 10 : nextDue - now;
            var waitMicros = wait < millisecond ? 0 : (int)Math.Min(wait * 1_000_000 / frequency, 10_000);
            if (_readable.Count == 0)
            {
                if (waitMicros > 0) Thread.Sleep(waitMicros / 1000);
                continue;
            }

            Socket.Select(_readable, null, null, waitMicros);
            foreach (var socket in _readable) Receive(_bySocket[socket], measureFrom);
        }
    }

    private void Open(Connection c)
    {
        if (c.Socket is { } old)
        {
            _bySocket.Remove(old);
            old.Dispose();
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(_server);
        c.Socket = socket;
        c.Buffered = 0;
        c.CloseAfter = false;
        _bySocket[socket] = c;
    }

    private void Send(Connection c)
    {
        try
        {
            // A server that ends keep-alive (max requests per connection) is reconnected to, as a browser would.
            if (c.CloseAfter) Open(c);
            c.Socket!.Send(_request);
            c.InFlightDue = c.NextDue;
            c.NextDue += _interval;
        }
        catch (SocketException)
        {
            Fail(c);
        }
    }

    private void Receive(Connection c, long measureFrom)
    {
        int n;
        try
        {
            n = c.Socket!.Receive(c.Buffer.AsSpan(c.Buffered));
        }
        catch (SocketException)
        {
            Fail(c);
            return;
        }

        if (n == 0)
        {
            Fail(c);
            return;
        }

        c.Buffered += n;
        var span = c.Buffer.AsSpan(0, c.Buffered);
        var headEnd = span.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            if (c.Buffered == c.Buffer.Length) Fail(c);
            return;
        }

        var head = span[..headEnd];
        var total = headEnd + 4 + ContentLength(head);
        if (total > c.Buffer.Length)
        {
            Fail(c);
            return;
        }

        if (c.Buffered < total) return;
        var ok = head.Length > 12 && head[9] == (byte)'2';
        c.CloseAfter = head.IndexOf("\r\nconnection: close"u8) >= 0 || head.IndexOf("\r\nConnection: close"u8) >= 0;
        span[total..].CopyTo(c.Buffer);
        c.Buffered -= total;
        if (!ok)
        {
            Fail(c);
            return;
        }

        var due = c.InFlightDue;
        if (due >= measureFrom) Histogram.Record((Stopwatch.GetTimestamp() - due) * 1_000_000 / Stopwatch.Frequency);
        c.InFlightDue = -1;
    }

    private void Fail(Connection c)
    {
        Errors++;
        c.Failed = true;
        c.InFlightDue = -1;
    }

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        var at = head.IndexOf("\r\ncontent-length:"u8);
        if (at < 0) at = head.IndexOf("\r\nContent-Length:"u8);
        if (at < 0) return 0;
        var rest = head[(at + 17)..];
        var endOfLine = rest.IndexOf("\r\n"u8);
        if (endOfLine >= 0) rest = rest[..endOfLine];
        return int.Parse(Encoding.ASCII.GetString(rest).Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var c in _connections) c?.Socket?.Dispose();
    }

    private sealed class Connection
    {
        public Socket? Socket;
        public readonly byte[] Buffer = new byte[128 * 1024];
        public int Buffered;
        public long NextDue;

        /// <summary>The due time of the request awaiting its answer, or -1.</summary>
        public long InFlightDue = -1;
        public bool CloseAfter;
        public bool Failed;
    }
}
