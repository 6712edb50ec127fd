using Roadrunner.Hpack;
using Roadrunner.Http2.Buffers;
using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Headers;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>
/// One HTTP/2 connection (RFC 9113), sans-IO: bytes in with <see cref="Receive"/>, events out with
/// <see cref="TryReadEvent"/>, bytes out with <see cref="WritePending"/>, time in with <see cref="OnTimeout"/>.
/// It owns no socket, thread or timer and never blocks. Peer faults are values: a connection error queues GOAWAY
/// with the RFC code and reason and makes every later <see cref="Receive"/> return false; a stream error queues
/// RST_STREAM and parsing goes on. Only misuse throws. Not thread-safe: one caller at a time.
/// </summary>
/// <remarks>
/// Memory carried by events (DATA content, header fields, PING and GOAWAY data) belongs to the connection and stays
/// valid until the next call to <see cref="Receive"/>: read all events after each <see cref="Receive"/> and copy out
/// what must live longer.
/// </remarks>
/// <example>
/// A server loop:
/// <code>
/// using var connection = new Http2Connection(Http2Role.Server, options, time.GetTimestamp());
/// while (true)
/// {
///     int read = await socket.ReceiveAsync(buffer);
///     bool open = connection.Receive(buffer.AsSpan(0, read), time.GetTimestamp());
///     while (connection.TryReadEvent(out var e))
///     {
///         if (e.Kind == Http2EventKind.RequestHeadersReceived &amp;&amp; e.EndStream)
///         {
///             connection.SendHeaders(e.StreamId, 200, [new("content-type", "text/plain")], endStream: false);
///             connection.SendData(e.StreamId, "hello"u8, endStream: true);
///         }
///         else if (e.Kind == Http2EventKind.DataReceived)
///         {
///             connection.ConsumeData(e.StreamId, e.Data.Length);
///         }
///     }
///     connection.WritePending(socketWriter);
///     await socketWriter.FlushAsync();
///     if (!open || connection.IsCompleted) break;
/// }
/// </code>
/// </example>
public sealed partial class Http2Connection : IDisposable
{
    private const long NoDeadline = long.MaxValue;

    private readonly Http2Options _options;
    private readonly HpackDecoder _decoder;
    private readonly HpackEncoder _encoder;
    private readonly ByteArena _arena = new();
    private readonly HeaderStore _headers;
    private readonly HeaderBlockCollector _collector;
    private readonly RingQueue<Http2Event> _events = new();
    private readonly PooledBufferWriter _output = new();
    private readonly PooledBufferWriter _blockScratch = new();
    private readonly PooledBufferWriter _headerBlock = new();
    private readonly Dictionary<int, Http2Stream> _streams = [];
    private readonly Stack<Http2Stream> _streamPool = new();
    private readonly List<Http2Stream> _blocked = [];
    private readonly ClosedStreamLog _closedStreams = new();
    private readonly long _floodInterval;
    private readonly int _connectionRefillThreshold;
    private readonly int _streamRefillThreshold;

    private Http2Settings _peerSettings = Http2Settings.Initial;
    private long _now;
    private bool _disposed;

    // Connection lifecycle.
    private bool _closed;
    private GoAwayState _goAway;
    private int _goAwayLastStreamId = int.MaxValue;
    private long _shutdownDeadline = NoDeadline;
    private bool _peerSentGoAway;

    // Our SETTINGS (RFC 9113 §6.5.3).
    private bool _localSettingsAcknowledged;
    private long _settingsDeadline = NoDeadline;
    private int _initialReceiveWindowInForce = 65535;

    // Stream identifiers (RFC 9113 §5.1.1).
    private int _highestPeerStreamId;
    private int _lastProcessedStreamId;
    private int _nextLocalStreamId;

    // Connection flow control (RFC 9113 §6.9).
    private long _sendWindow = 65535;
    private long _receiveWindow;
    private int _receiveCredit;

    // Abuse bounds (RFC 9113 §10.5).
    private FloodCounter _resetCount;
    private FloodCounter _settingsCount;
    private FloodCounter _pingCount;
    private FloodCounter _emptyFrameCount;

    /// <summary>
    /// Creates a connection and queues its preface: for a server, the SETTINGS frame (RFC 9113 §3.4: "The server
    /// connection preface consists of a potentially empty SETTINGS frame ... that MUST be the first frame the server
    /// sends"); for a client, the 24-octet preface and SETTINGS. A larger connection window follows as a WINDOW_UPDATE.
    /// </summary>
    /// <param name="role">Server or client.</param>
    /// <param name="options">Settings and bounds; null for <see cref="Http2Options.Default"/>.</param>
    /// <param name="now">The current timestamp, in <see cref="Http2Options.TimestampFrequency"/> ticks; starts the SETTINGS timeout.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its documented range.</exception>
    public Http2Connection(Http2Role role, Http2Options? options, long now)
    {
        _options = options ?? Http2Options.Default;
        _options.Validate();
        Role = role;
        _now = now;
        _decoder = new HpackDecoder(_options.HeaderTableSize, _options.MaxHeaderListSize);
        _encoder = new HpackEncoder();
        _headers = new HeaderStore(_arena);
        _collector = new HeaderBlockCollector(_headers);
        _floodInterval = Math.Max(1, _options.ToTicks(_options.FloodInterval));
        _connectionRefillThreshold = Math.Max(1, (int)(_options.InitialConnectionWindow * _options.WindowRefillThreshold));
        _streamRefillThreshold = Math.Max(1, (int)(_options.InitialStreamWindow * _options.WindowRefillThreshold));
        _receiveWindow = _options.InitialConnectionWindow;
        _nextLocalStreamId = role == Http2Role.Client ? 1 : 2;
        _prefaceRemaining = role == Http2Role.Server ? Http2Preface.Length : 0;
        WritePreface();
    }

    private enum GoAwayState
    {
        None,
        Draining,
        Final,
    }

    /// <summary>Server or client.</summary>
    public Http2Role Role { get; }

    /// <summary>The options in force.</summary>
    public Http2Options Options => _options;

    /// <summary>The settings the peer announced so far (the RFC's initial values before its SETTINGS arrive).</summary>
    public Http2Settings PeerSettings => _peerSettings;

    /// <summary>True once a connection error (ours, or <see cref="Abort"/>) closed the connection.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// True when the transport can be closed once the pending output is written: after a connection error, or after
    /// the final GOAWAY of a graceful shutdown once every stream has finished.
    /// </summary>
    public bool IsCompleted => _closed || (_goAway == GoAwayState.Final && _streams.Count == 0);

    /// <summary>True once the peer sent GOAWAY.</summary>
    public bool PeerSentGoAway => _peerSentGoAway;

    /// <summary>Streams open or half-closed.</summary>
    public int ActiveStreamCount => _streams.Count;

    /// <summary>The highest peer-initiated stream handed to the application (the Last-Stream-ID our GOAWAY carries).</summary>
    public int LastProcessedStreamId => _lastProcessedStreamId;

    /// <summary>
    /// The earliest timestamp at which <see cref="OnTimeout"/> has work (SETTINGS acknowledgment, graceful shutdown),
    /// or <see cref="long.MaxValue"/> when none.
    /// </summary>
    public long NextDeadline
    {
        get
        {
            if (_closed) return NoDeadline;
            long deadline = _localSettingsAcknowledged ? NoDeadline : _settingsDeadline;
            if (_goAway == GoAwayState.Draining) deadline = Math.Min(deadline, _shutdownDeadline);
            return deadline;
        }
    }

    /// <summary>The §5.1 state of a stream as this endpoint knows it.</summary>
    public Http2StreamState GetStreamState(int streamId)
    {
        if (_streams.TryGetValue(streamId, out var stream)) return stream.State;
        return Classify(streamId, out _) == StreamCondition.Idle ? Http2StreamState.Idle : Http2StreamState.Closed;
    }

    /// <summary>Takes the next event, if any.</summary>
    public bool TryReadEvent(out Http2Event @event) => _events.TryDequeue(out @event);

    /// <summary>Returns pooled buffers. The connection must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output.Dispose();
        _blockScratch.Dispose();
        _headerBlock.Dispose();
        _arena.Dispose();
        ReleasePartial();
        _events.Clear();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void Enqueue(in Http2Event @event) => _events.Enqueue(@event);

    /// <summary>Where a stream identifier stands: live stream, idle, or one of the closed conditions.</summary>
    private StreamCondition Classify(int streamId, out Http2Stream? stream)
    {
        if (_streams.TryGetValue(streamId, out stream))
        {
            return stream.State switch
            {
                Http2StreamState.HalfClosedLocal => StreamCondition.HalfClosedLocal,
                Http2StreamState.HalfClosedRemote => StreamCondition.HalfClosedRemote,
                _ => StreamCondition.Open,
            };
        }

        bool peerInitiated = IsPeerInitiated(streamId);
        int highest = peerInitiated ? _highestPeerStreamId : _nextLocalStreamId - 2;
        if (streamId > highest) return StreamCondition.Idle;
        if (_closedStreams.TryGet(streamId, out var how))
        {
            return how switch
            {
                ClosedHow.LocalReset => StreamCondition.ClosedByLocalReset,
                ClosedHow.RemoteReset => StreamCondition.ClosedByRemoteReset,
                _ => StreamCondition.Closed,
            };
        }

        return peerInitiated && _closedStreams.IsSkipped(streamId) ? StreamCondition.Skipped : StreamCondition.Closed;
    }

    /// <summary>Client-initiated streams are odd (RFC 9113 §5.1.1).</summary>
    private bool IsPeerInitiated(int streamId) => ((streamId & 1) == 1) == (Role == Http2Role.Server);

    private Http2Stream RentStream(int streamId)
    {
        var stream = _streamPool.Count > 0 ? _streamPool.Pop() : new Http2Stream();
        stream.Reset(streamId, _peerSettings.InitialWindowSize, _initialReceiveWindowInForce);
        _streams.Add(streamId, stream);
        return stream;
    }

    /// <summary>Moves a stream along the §5.1 table; a stream reaching closed leaves the table.</summary>
    private void Apply(Http2Stream stream, StreamTransition transition)
    {
        if (!StreamStateTable.TryNext(stream.State, transition, out var next))
        {
            throw new InvalidOperationException($"Stream {stream.Id} cannot go through {transition} from {stream.State}.");
        }

        stream.State = next;
        if (next == Http2StreamState.Closed)
        {
            CloseStream(stream, transition is StreamTransition.SendReset ? ClosedHow.LocalReset
                : transition is StreamTransition.ReceiveReset ? ClosedHow.RemoteReset : ClosedHow.EndStream);
        }
    }

    private void CloseStream(Http2Stream stream, ClosedHow how)
    {
        stream.State = Http2StreamState.Closed;
        _streams.Remove(stream.Id);

        // Content the application will now never consume (it learns of the close) is granted back to the connection;
        // later ConsumeData calls for this stream are ignored.
        if (stream.Unconsumed > 0) Credit(null, (int)Math.Min(stream.Unconsumed, int.MaxValue));
        _closedStreams.Add(stream.Id, how);
        if (stream.WantsWindow) _blocked.Remove(stream);
        _streamPool.Push(stream);
    }
}
