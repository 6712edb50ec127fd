using System.Buffers;
using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Roadrunner.Http2;
using Roadrunner.Server.Buffers;
using Roadrunner.Server.Deadlines;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Http2;

/// <summary>
/// One request on an HTTP/2 connection, as the server sees it: the <see cref="Request"/> handed to the handler,
/// the request content on its way in, and the signals a sender waits on. Pooled per connection; every field but
/// the signals is guarded by the connection's lock.
/// </summary>
internal sealed class Http2ServerStream
{
    private static readonly byte[] HostName = "host"u8.ToArray();

    private byte[] _head = [];
    private FieldRange[] _fields = new FieldRange[16];
    private readonly ContentBuffer _body = new();
    private CancellationTokenSource _aborted = new();

    public Http2ServerStream() => Request = new Request();

    public int Id { get; private set; }

    public Request Request { get; }

    /// <summary>Flow-control credit arrived, or the stream ended: a blocked sender looks again.</summary>
    public AsyncSignal Window { get; } = new();

    /// <summary>Content arrived, or the request ended: a manual-mode reader looks again.</summary>
    public AsyncSignal BodyArrived { get; } = new();

    public Next? Pipeline { get; set; }

    /// <summary>The peer sent END_STREAM (or trailers).</summary>
    public bool RequestComplete { get; set; }

    /// <summary>The stream is gone: reset by either side, or the connection ended.</summary>
    public bool IsReset { get; private set; }

    /// <summary>The handler has been started.</summary>
    public bool Started { get; set; }

    /// <summary>The final response's HEADERS were queued.</summary>
    public bool HeadersSent { get; set; }

    /// <summary>A status the server answers itself instead of running the handler (413), or a body error seen while reading.</summary>
    public int FailureStatus { get; set; }

    /// <summary>Content bytes received so far.</summary>
    public long Received { get; set; }

    /// <summary>Auto-mode content received but not yet granted back, held while the connection is over its buffering budget.</summary>
    public int OwedCredit { get; set; }

    /// <summary>Auto-mode content of this stream counted against the connection's buffering budget.</summary>
    public long Counted { get; set; }

    /// <summary>The <c>:protocol</c> of an extended CONNECT (RFC 8441), or null.</summary>
    public string? ConnectProtocol { get; private set; }

    /// <summary>The <c>:scheme</c> of an extended CONNECT.</summary>
    public string? ConnectScheme { get; private set; }

    /// <summary>A WebSocket running on this stream, so a drain can reach it.</summary>
    public WebSockets.WebSocketSessionRunner? WebSocket { get; set; }

    /// <summary>A push response running on this stream, so a drain can reach it.</summary>
    public PushContext? Push { get; set; }

    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The request timeout and minimum rates, as this stream waits on the client.</summary>
    public StreamDeadline Deadline { get; } = new();

    /// <summary>A manual-mode reader waits for content that has not arrived.</summary>
    public bool ReadWaiting { get; set; }

    /// <summary>A sender waits for flow-control credit or room in the output.</summary>
    public bool SendWaiting { get; set; }

    /// <summary>
    /// What the stream waits on from the client now. Request content counts while the handler waits for it (manual
    /// mode) or before the handler starts (auto mode) and the server is not withholding the client's credit; a
    /// tunnel's content (extended CONNECT) never does: its own protocol knows when it is idle.
    /// </summary>
    public StreamWait WaitingOn
    {
        get
        {
            if (IsReset || FailureStatus != 0) return StreamWait.None;
            if (SendWaiting) return StreamWait.ResponseCredit;
            if (RequestComplete || ConnectProtocol is not null) return StreamWait.None;
            if (Started) return ReadWaiting ? StreamWait.RequestBody : StreamWait.None;
            return OwedCredit == 0 ? StreamWait.RequestBody : StreamWait.None;
        }
    }

    /// <summary>Content held for the handler: the whole body in auto mode, what it has not read yet in manual mode.</summary>
    public int Buffered => _body.Count;

    public ReadOnlyMemory<byte> BufferedBody => _body.Memory;

    /// <summary>Fills the request from a decoded HTTP/2 request header section (RFC 9113 §8.3.1).</summary>
    public void Start(int id, Http2HeaderList headers, bool endStream, bool isTls, System.Net.IPEndPoint? peer)
    {
        Begin(id, endStream);
        ConnectProtocol = headers.Protocol.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(headers.Protocol.Span);
        ConnectScheme = ConnectProtocol is null ? null : System.Text.Encoding.ASCII.GetString(headers.Scheme.Span);
        WebSocket = null;
        // An extended CONNECT for a WebSocket is routed as the GET an HTTP/1.1 client would have sent (RFC 8441 §5
        // keeps the handshake's meaning), so one route serves WebSockets over both.
        var method = ConnectProtocol is not null && ConnectProtocol.Equals("websocket", StringComparison.OrdinalIgnoreCase) ? "GET"u8 : headers.Method.Span;
        // CONNECT has no :path (RFC 9113 §8.5): its target is the authority.
        var target = headers.Path.IsEmpty ? headers.Authority.Span : headers.Path.Span;
        var authority = headers.Authority.Span;
        var hasHost = headers.TryGetValue(HostName, out _);

        // One buffer holds the method, the target and every field, so the request reads them as offsets the way
        // it does for HTTP/1.1. :authority stands in for Host when the client sent none (RFC 9113 §8.3.1).
        var size = method.Length + target.Length + (hasHost || authority.IsEmpty ? 0 : HostName.Length + authority.Length);
        var count = headers.Count + (hasHost || authority.IsEmpty ? 0 : 1);
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
        if (!hasHost && !authority.IsEmpty) _fields[n++] = Append(HostName, authority, ref at);
        foreach (var field in headers) _fields[n++] = Append(field.Name.Span, field.Value.Span, ref at);

        var question = target.IndexOf((byte)'?');
        var pathLength = question < 0 ? target.Length : question;
        var r = Request;
        r.Reset();
        r.SetHead(_head, KnownMethods.Lookup(method), 0, method.Length, targetOffset, target.Length,
            targetOffset, pathLength, question < 0 ? -1 : targetOffset + question + 1, question < 0 ? 0 : target.Length - question - 1);
        r.Headers.Set(_head, _fields.AsSpan(0, n));
        r.Peer = peer;
        r.Scheme = isTls ? "https" : "http";
        r.Protocol = Protocol.Http2;
        r.Version = "HTTP/2";
        r.Aborted = _aborted.Token;
        r.ContentLength = headers.ContentLength >= 0 ? headers.ContentLength : null;
        r.HasBody = !endStream;
    }

    /// <summary>Fills the request from an HTTP/1.1 request that was upgraded to h2c: it becomes stream 1.</summary>
    public void StartUpgraded(Request upgraded)
    {
        Begin(1, requestComplete: true);
        ConnectProtocol = ConnectScheme = null;
        WebSocket = null;
        var r = Request;
        var head = upgraded.HeadBytes;
        if (_head.Length < head.Length)
        {
            if (_head.Length > 0) ArrayPool<byte>.Shared.Return(_head);
            _head = ArrayPool<byte>.Shared.Rent(Math.Max(head.Length, 512));
        }

        head.CopyTo(_head);
        r.CopyFrom(upgraded, _head);
        r.Protocol = Protocol.Http2;
        r.Version = "HTTP/2";
        r.Aborted = _aborted.Token;
    }

    /// <summary>Clears what the previous request on this pooled object left.</summary>
    private void Begin(int id, bool requestComplete)
    {
        Id = id;
        IsReset = false;
        Started = HeadersSent = false;
        FailureStatus = 0;
        Received = 0;
        ReadWaiting = SendWaiting = false;
        Deadline.Reset();
        OwedCredit = 0;
        Counted = 0;
        Push = null;
        Pipeline = null;
        RequestComplete = requestComplete;
        _body.Clear();
        if (!_aborted.TryReset())
        {
            _aborted.Dispose();
            _aborted = new CancellationTokenSource();
        }
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

    /// <summary>Keeps received content for the handler (the caller bounds it: flow control in manual mode, the content limit in auto mode).</summary>
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
        Push?.Close(PushCloseReason.ClientGone);
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

    /// <summary>Gives pooled memory back before the stream returns to the pool (or the connection ends).</summary>
    public void ReleaseBody()
    {
        _body.Clear(keepUpTo: 4096);
    }

    public void Dispose()
    {
        _body.Release();
        if (_head.Length > 0) ArrayPool<byte>.Shared.Return(_head);
        _head = [];
        _aborted.Dispose();
    }
}
