using Roadrunner.Http3.Buffers;
using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Headers;
using Roadrunner.Http3.Streams;
using Roadrunner.Qpack;

namespace Roadrunner.Http3;

/// <summary>
/// One HTTP/3 connection (RFC 9114), sans-IO over an abstract QUIC stream interface: the QUIC layer reports stream
/// input with <see cref="Receive"/>, <see cref="StreamReset"/> and <see cref="StopSending"/>; the application reads
/// events with <see cref="TryReadEvent"/> and answers with <see cref="SendHeaders"/>, <see cref="SendData"/> and
/// <see cref="SendTrailers"/>; the QUIC layer pulls stream writes, resets and the connection close with
/// <see cref="TryReadOutput"/>. It owns no socket, thread or timer, and is tied to no QUIC implementation.
/// </summary>
/// <remarks>
/// <para>
/// Peer faults are values: a connection error queues a <see cref="Http3OutputKind.CloseConnection"/> output with the
/// RFC code and reason, reports <see cref="Http3EventKind.ConnectionError"/>, and makes every later input call return
/// the same error; a stream error queues RESET_STREAM and STOP_SENDING for that stream only. Only misuse throws;
/// once the connection is closed the send methods do nothing, so an application finishing late needs no check.
/// </para>
/// <para>
/// Flow control belongs to QUIC: the caller applies back-pressure by how fast it calls <see cref="Receive"/> and drains
/// the output. The number of request streams is bounded by QUIC's MAX_STREAMS (<see cref="Http3Options.MaxConcurrentStreams"/>).
/// </para>
/// <para>
/// Memory carried by events (DATA content, field sections) belongs to the connection and stays valid until the next
/// input call; memory carried by outputs stays valid until the next call on the connection. Not thread-safe.
/// </para>
/// </remarks>
/// <example>
/// A server:
/// <code>
/// using var h3 = new Http3Connection(Http3Role.Server, Http3Options.Default);
/// h3.Start(controlStreamId: 3, encoderStreamId: 7, decoderStreamId: 11);   // uni streams QUIC opened for us
/// // on each QUIC STREAM frame:
/// h3.Receive(streamId, data, fin);
/// while (h3.TryReadEvent(out var e))
/// {
///     if (e.Kind == Http3EventKind.RequestHeadersReceived)
///     {
///         h3.SendHeaders(e.StreamId, 200, [new("content-type", "text/plain")], endStream: false);
///         h3.SendData(e.StreamId, "hello"u8, endStream: true);
///     }
/// }
/// while (h3.TryReadOutput(out var o)) quic.Apply(o);   // write, reset, stop sending, close
/// </code>
/// </example>
public sealed partial class Http3Connection : IDisposable
{
    private readonly Http3Options _options;
    private readonly QpackDecoder _decoder;
    private readonly QpackEncoder _encoder;
    private readonly SectionStore _store = new();
    private readonly Queue<Http3Event> _events = new();
    private readonly Queue<OutputRecord> _outputs = new();
    private readonly Dictionary<long, RequestStream> _streams = [];
    private readonly Stack<RequestStream> _streamPool = new();
    private readonly HashSet<long> _retired = [];
    private readonly Dictionary<long, UniStream> _uniStreams = [];
    private readonly PooledBuffer _sectionScratch = new();
    private readonly Random _random;

    private SendState? _control;
    private SendState? _encoderStream;
    private SendState? _decoderStream;
    private SendState? _handed;
    private UniStream? _peerControl;
    private UniStream? _peerEncoder;
    private UniStream? _peerDecoder;

    private Http3Error _closeError = Http3Error.None;
    private long _highestPeerRequest = -1;
    private long _goAwaySent = -1;
    private long _goAwayReceived = -1;
    private long _maxPushIdReceived = -1;
    private bool _disposed;

    /// <summary>Creates a connection; call <see cref="Start(long, long, long)"/> once QUIC can open our three unidirectional streams.</summary>
    /// <param name="role">Server or client.</param>
    /// <param name="options">Settings and bounds; null for <see cref="Http3Options.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its documented range.</exception>
    public Http3Connection(Http3Role role, Http3Options? options = null)
    {
        _options = options ?? Http3Options.Default;
        _options.Validate();
        Role = role;
        _decoder = new QpackDecoder(_options.QpackMaxTableCapacity, _options.QpackBlockedStreams, _options.MaxFieldSectionSize);
        _encoder = new QpackEncoder(_options.QpackEncoderMaxTableCapacity);
        _random = _options.GreaseSeed is int seed ? new Random(seed) : new Random();
    }

    /// <summary>Server or client.</summary>
    public Http3Role Role { get; }

    /// <summary>The options in force.</summary>
    public Http3Options Options => _options;

    /// <summary>The peer's SETTINGS, or <see cref="Http3PeerSettings.Initial"/> until they arrive.</summary>
    public Http3PeerSettings PeerSettings { get; private set; } = Http3PeerSettings.Initial;

    /// <summary>True once the peer's SETTINGS arrived.</summary>
    public bool PeerSettingsReceived { get; private set; }

    /// <summary>The connection error the connection closed with, or <see cref="Http3Error.None"/>.</summary>
    public Http3Error CloseError => _closeError;

    /// <summary>True once the connection is closed (a connection error, or <see cref="Abort"/>).</summary>
    public bool IsClosed => !_closeError.IsNone;

    /// <summary>True when GOAWAY was sent and no request stream is left: the connection may be closed with H3_NO_ERROR.</summary>
    public bool IsDrained => _goAwaySent >= 0 && _streams.Count == 0;

    /// <summary>The identifier of the last GOAWAY received, or -1.</summary>
    public long GoAwayReceivedId => _goAwayReceived;

    /// <summary>The number of request streams open.</summary>
    public int ActiveStreamCount => _streams.Count;

    /// <summary>The QPACK decoder, for tests and diagnostics.</summary>
    internal QpackDecoder Decoder => _decoder;

    /// <summary>The QPACK encoder, for tests and diagnostics.</summary>
    internal QpackEncoder Encoder => _encoder;

    /// <summary>
    /// Opens our side of the connection on the first three unidirectional stream IDs of our role (RFC 9000 §2.1: 2, 6,
    /// 10 for a client; 3, 7, 11 for a server). See <see cref="Start(long, long, long)"/>.
    /// </summary>
    public void Start() => Start(StreamIds.FirstUni(Role, 0), StreamIds.FirstUni(Role, 1), StreamIds.FirstUni(Role, 2));

    /// <summary>
    /// Opens our side of the connection on three unidirectional streams the QUIC layer opened for us: queues the
    /// control stream with its type and SETTINGS (§6.2.1: "its SETTINGS frame as the first frame on this stream")
    /// followed by one reserved frame (§7.2.8), and the QPACK encoder and decoder stream types (RFC 9204 §4.2).
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(long controlStreamId, long encoderStreamId, long decoderStreamId)
    {
        if (_control is not null) throw new InvalidOperationException("The connection is already started.");
        _control = NewUniSend(controlStreamId, UniStreamType.Control);
        _encoderStream = NewUniSend(encoderStreamId, UniStreamType.QpackEncoder);
        _decoderStream = NewUniSend(decoderStreamId, UniStreamType.QpackDecoder);

        // §7.2.4.1: "Setting identifiers of the format 0x1f * N + 0x21 ... are reserved to exercise the requirement
        // that unknown identifiers be ignored." One such, with a random value, rides along with ours.
        Span<(long, long)> settings = stackalloc (long, long)[5];
        int count = 0;
        if (_options.QpackMaxTableCapacity > 0) settings[count++] = (Http3SettingId.QpackMaxTableCapacity, _options.QpackMaxTableCapacity);
        settings[count++] = (Http3SettingId.MaxFieldSectionSize, _options.MaxFieldSectionSize);
        if (_options.QpackBlockedStreams > 0) settings[count++] = (Http3SettingId.QpackBlockedStreams, _options.QpackBlockedStreams);
        if (_options.EnableConnectProtocol) settings[count++] = (Http3SettingId.EnableConnectProtocol, 1);
        settings[count++] = (GreaseValue(), _random.Next(0, 1 << 14));
        FrameWriter.WriteSettings(_control.Buffer, settings[..count]);

        // §7.2.8 / §9: a frame of a reserved type, which the peer must ignore.
        Span<byte> payload = stackalloc byte[_random.Next(0, 8)];
        _random.NextBytes(payload);
        FrameWriter.WriteFrame(_control.Buffer, GreaseValue(), payload);
        QueueData(_control);
        QueueData(_encoderStream);
        QueueData(_decoderStream);
        FlushEncoderStream();
        FlushDecoderStream();
    }

    /// <summary>Takes the next event.</summary>
    public bool TryReadEvent(out Http3Event @event) => _events.TryDequeue(out @event);

    /// <summary>
    /// Takes the next action for the QUIC layer, in the order they arose. The memory of a
    /// <see cref="Http3OutputKind.StreamData"/> output is valid until the next call on the connection.
    /// </summary>
    public bool TryReadOutput(out Http3Output output)
    {
        ReleaseHanded();
        while (_outputs.TryDequeue(out var record))
        {
            if (record.Kind != Http3OutputKind.StreamData)
            {
                output = new Http3Output(record.Kind, record.StreamId, ErrorCode: record.Code, Reason: record.Reason);
                return true;
            }
            var state = record.State!;
            state.Queued = false;
            if (state.Buffer.Length == 0 && !state.FinPending)
            {
                // Nothing left (the stream was reset meanwhile): a retired stream can go back to the pool now.
                if (state.Owner is { Retired: true } owner) _streamPool.Push(owner);
                continue;
            }
            output = new Http3Output(Http3OutputKind.StreamData, state.Id, state.Buffer.WrittenMemory, state.FinPending);
            if (state.FinPending)
            {
                state.FinPending = false;
                state.Finished = true;
            }
            _handed = state;
            return true;
        }
        output = default;
        return false;
    }

    /// <summary>True when <see cref="TryReadOutput"/> has something.</summary>
    public bool HasOutput => _outputs.Count > 0;

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _decoder.Dispose();
        _encoder.Dispose();
        foreach (var stream in _streams.Values) stream.Release();
        foreach (var stream in _streamPool) stream.Release();
        _streams.Clear();
        _streamPool.Clear();
        foreach (var uni in _uniStreams.Values) uni.Payload.Release();
        _control?.Buffer.Release();
        _encoderStream?.Buffer.Release();
        _decoderStream?.Buffer.Release();
        _sectionScratch.Release();
        _store.Arena.Release();
    }

    /// <summary>A reserved value 0x1f * N + 0x21 (§7.2.4.1, §7.2.8) that fits a variable-length integer.</summary>
    private long GreaseValue() => (0x1fL * _random.NextInt64(0, (VarInt.Max - 0x21) / 0x1f)) + 0x21;

    private SendState NewUniSend(long id, long type)
    {
        var state = new SendState();
        state.Reset(id);
        FrameWriter.WriteVarInt(state.Buffer, type);
        return state;
    }

    private void QueueData(SendState state)
    {
        if (state.Queued) return;
        state.Queued = true;
        _outputs.Enqueue(new OutputRecord(Http3OutputKind.StreamData, state.Id, state, 0, null));
    }

    private void QueueAction(Http3OutputKind kind, long streamId, Http3ErrorCode code, string? reason = null) =>
        _outputs.Enqueue(new OutputRecord(kind, streamId, null, code, reason));

    /// <summary>Clears the buffer handed out by the last <see cref="TryReadOutput"/>; its stream goes back to the pool if retired meanwhile.</summary>
    private void ReleaseHanded()
    {
        if (_handed is null) return;
        var handed = _handed;
        _handed = null;
        handed.Buffer.Clear();
        if (handed.Owner is { Retired: true } owner && !handed.Queued) _streamPool.Push(owner);
    }

    /// <summary>Sets a stream's sending side up for writing: the buffer handed out last is cleared first, so it is never appended to while the caller holds it.</summary>
    private void PrepareWrite(SendState state)
    {
        if (ReferenceEquals(state, _handed)) ReleaseHanded();
    }

    /// <summary>An output waiting in the queue; stream data is read from the stream's buffer when it is pulled.</summary>
    private readonly record struct OutputRecord(Http3OutputKind Kind, long StreamId, SendState? State, Http3ErrorCode Code, string? Reason);
}
