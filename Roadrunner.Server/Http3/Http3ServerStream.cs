using System.Buffers;
using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Roadrunner.Http3;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Deadlines;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Http2;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Http3;

/// <summary>
/// One request on an HTTP/3 connection, as the server sees it: the <see cref="Request"/> handed to the handler, the
/// request content on its way in, and the signals a sender or reader waits on. Every field but the signals is
/// guarded by the listener's lock.
/// </summary>
internal sealed class Http3ServerStream
{
    private static readonly byte[] HostName = "host"u8.ToArray();

    private byte[] _head = [];
    private FieldRange[] _fields = new FieldRange[16];
    private readonly ContentBuffer _body = new();
    private CancellationTokenSource _aborted = new();

    public Http3ServerStream() => Request = new Request();

    public long Id { get; private set; }

    public Request Request { get; }

    /// <summary>The QUIC stream took queued content, or the stream ended: a blocked sender looks again.</summary>
    public AsyncSignal Window { get; } = new();

    /// <summary>Content arrived, or the request ended: a manual-mode reader looks again.</summary>
    public AsyncSignal BodyArrived { get; } = new();

    public Next? Pipeline { get; set; }

    /// <summary>The peer ended its side of the stream (FIN after the content or trailers).</summary>
    public bool RequestComplete { get; set; }

    /// <summary>The stream is gone: reset by either side, or the connection ended.</summary>
    public bool IsReset { get; private set; }

    /// <summary>The handler has been started.</summary>
    public bool Started { get; set; }

    /// <summary>The final response's HEADERS were queued.</summary>
    public bool HeadersSent { get; set; }

    /// <summary>A status the server answers itself instead of running the handler (413).</summary>
    public int FailureStatus { get; set; }

    /// <summary>Reading of the QUIC stream stopped while the handler catches up (manual mode).</summary>
    public bool ReadPaused { get; set; }

    /// <summary>The <c>:protocol</c> of an extended CONNECT (RFC 9220), or null for a plain request.</summary>
    public string? ConnectProtocol { get; private set; }

    /// <summary>The <c>:scheme</c> of an extended CONNECT, for the WebSocket handshake's checks.</summary>
    public string? ConnectScheme { get; private set; }

    /// <summary>A WebSocket running on this stream, so a drain can reach it.</summary>
    public WebSockets.WebSocketSessionRunner? WebSocket { get; set; }

    /// <summary>A push response running on this stream, so a drain can end it.</summary>
    public Responses.PushContext? Push { get; set; }

    /// <summary>Content bytes received so far.</summary>
    public long Received { get; set; }

    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The minimum rates, as this stream waits on the client (the same tracker HTTP/2 streams use).</summary>
    public StreamDeadline Deadline { get; } = new();

    /// <summary>A manual-mode reader waits for content that has not arrived.</summary>
    public bool ReadWaiting { get; set; }

    /// <summary>A sender waits for QUIC to take what is queued (the client's credit, or its acknowledgments).</summary>
    public bool SendWaiting { get; set; }

    /// <summary>
    /// What the stream waits on from the client now. Request content counts while the handler waits for it (manual
    /// mode) or before the handler starts (auto mode), unless the server stopped reading QUIC for a slow reader; a
    /// tunnel's content (extended CONNECT) never does: its own protocol knows when it is idle.
    /// </summary>
    public StreamWait WaitingOn
    {
        get
        {
            if (IsReset || FailureStatus != 0) return StreamWait.None;
            if (SendWaiting) return StreamWait.ResponseCredit;
            if (RequestComplete || ConnectProtocol is not null || ReadPaused) return StreamWait.None;
            if (Started) return ReadWaiting ? StreamWait.RequestBody : StreamWait.None;
            return StreamWait.RequestBody;
        }
    }

    /// <summary>Content held for the handler: the whole body in auto mode, what it has not read yet in manual mode.</summary>
    public int Buffered => _body.Count;

    public ReadOnlyMemory<byte> BufferedBody => _body.Memory;

    /// <summary>
    /// Fills the request from a decoded HTTP/3 request header section (RFC 9114 §4.3.1): the same mapping HTTP/2
    /// uses, so handlers see one shape whatever the version.
    /// </summary>
    public void Start(long id, Http3HeaderList headers, bool endStream, System.Net.IPEndPoint? peer)
    {
        Id = id;
        IsReset = false;
        Started = HeadersSent = ReadPaused = false;
        ReadWaiting = SendWaiting = false;
        Deadline.Reset();
        FailureStatus = 0;
        Received = 0;
        Pipeline = null;
        RequestComplete = endStream;
        _body.Clear();
        // A token cancelled by the stream's previous request cannot be reused.
        if (!_aborted.TryReset())
        {
            _aborted.Dispose();
            _aborted = new CancellationTokenSource();
        }

        ConnectProtocol = headers.Protocol.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(headers.Protocol.Span);
        ConnectScheme = ConnectProtocol is null ? null : System.Text.Encoding.ASCII.GetString(headers.Scheme.Span);
        WebSocket = null;
        Push = null;
        // An extended CONNECT for a WebSocket is routed as the GET an HTTP/1.1 client would have sent (RFC 9220 §3
        // keeps RFC 8441's meaning), so one route serves WebSockets over every version.
        var method = ConnectProtocol is not null && ConnectProtocol.Equals("websocket", StringComparison.OrdinalIgnoreCase) ? "GET"u8 : headers.Method.Span;
        // CONNECT has no :path (RFC 9114 §4.4): its target is the authority.
        var target = headers.Path.IsEmpty ? headers.Authority.Span : headers.Path.Span;
        var authority = headers.Authority.Span;
        var hasHost = headers.TryGetValue(HostName, out _);

        // One buffer holds the method, the target and every field, so the request reads them as offsets the way it
        // does for HTTP/1.1. :authority stands in for Host when the client sent none (RFC 9114 §4.3.1).
        var addHost = !hasHost && !authority.IsEmpty;
        var size = method.Length + target.Length + (addHost ? HostName.Length + authority.Length : 0);
        var count = headers.Count + (addHost ? 1 : 0);
        foreach (var field in headers) size += field.Name.Length + field.Value.Length;
        if (_head.Length < size)
        {
            if (_head.Length > 0) ArrayPool<byte>.Shared.Return(_head);
            _head = ArrayPool<byte>.Shared.Rent(Math.Max(size, 512));
        }

        if (_fields.Length < count) _fields = new FieldRange[Math.Max(count, _fields.Length * 2)];

        var at = 0;
        method.CopyTo(_head);
        at += method.Length;
        var targetOffset = at;
        target.CopyTo(_head.AsSpan(at));
        at += target.Length;
        var n = 0;
        if (addHost) _fields[n++] = Append(HostName, authority, ref at);
        foreach (var field in headers) _fields[n++] = Append(field.Name.Span, field.Value.Span, ref at);

        var question = target.IndexOf((byte)'?');
        var pathLength = question < 0 ? target.Length : question;
        var r = Request;
        r.Reset();
        r.SetHead(_head, KnownMethods.Lookup(method), 0, method.Length, targetOffset, target.Length,
            targetOffset, pathLength, question < 0 ? -1 : targetOffset + question + 1, question < 0 ? 0 : target.Length - question - 1);
        r.Headers.Set(_head, _fields.AsSpan(0, n));
        r.Peer = peer;
        r.Scheme = "https";
        r.Protocol = Protocol.Http3;
        r.Version = "HTTP/3";
        r.Aborted = _aborted.Token;
        r.ContentLength = headers.ContentLength >= 0 ? headers.ContentLength : null;
        r.HasBody = !endStream;
    }

    private FieldRange Append(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref int at)
    {
        var nameAt = at;
        name.CopyTo(_head.AsSpan(at));
        at += name.Length;
        var valueAt = at;
        value.CopyTo(_head.AsSpan(at));
        at += value.Length;
        return new FieldRange(nameAt, name.Length, valueAt, value.Length);
    }

    /// <summary>
    /// A manual-mode handler has <paramref name="hold"/> or more content unread: reading more from QUIC would only
    /// buffer it. Content that is being discarded (a 413, a reset) is always read.
    /// </summary>
    public bool HoldsEnough(int hold) =>
        Request.BodyMode == BodyMode.Manual && FailureStatus == 0 && !IsReset && _body.Count >= hold;

    /// <summary>Keeps received content for the handler (bounded by the content limit).</summary>
    public void AppendBody(ReadOnlySpan<byte> data)
    {
        _body.Append(data);
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of held content out; returns how much.</summary>
    public int TakeBody(Span<byte> destination)
    {
        return _body.Take(destination);
    }

    /// <summary>The stream is over for the application: cancel what waits on it.</summary>
    public void MarkReset()
    {
        if (IsReset) return;
        IsReset = true;
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A callback a handler registered threw; the stream is gone regardless.
        }

        Window.Set();
        BodyArrived.Set();
    }

    /// <summary>
    /// The request is over and the stream goes back to its pool: large body memory is returned, the header buffer and
    /// a small body buffer are kept for the next request.
    /// </summary>
    public void Recycle()
    {
        _body.Clear(keepUpTo: 4096);
        Pipeline = null;
        WebSocket = null;
        Push = null;
    }

    /// <summary>Gives pooled memory back once nobody uses the request any more.</summary>
    public void Dispose()
    {
        _body.Release();
        if (_head.Length > 0) ArrayPool<byte>.Shared.Return(_head);
        _head = [];
        _aborted.Dispose();
    }
}
