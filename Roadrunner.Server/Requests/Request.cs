using System.Net;
using System.Text;
using Roadrunner.Http1;

namespace Roadrunner.Server.Requests;

/// <summary>
/// One request as the handler sees it, whatever the protocol. Strings are made on first access and only
/// then; a connection re-uses its instance for the next request, so do not keep it past the response.
/// </summary>
public sealed class Request
{
    private static readonly IReadOnlyDictionary<string, string> s_noBindings = new Dictionary<string, string>();

    private byte[] _head = [];
    private int _targetOffset, _targetLength, _pathOffset, _pathLength, _queryOffset = -1, _queryLength;
    private string? _method, _target, _path, _query, _id;
    private ulong _idHigh;
    private uint _idLow;
    private ReadOnlyMemory<byte> _body;
    private ReadOnlyMemory<byte> _unread;
    private RequestBodySource? _bodySource;
    private IReadOnlyDictionary<string, string>? _cookies;

    internal Request() => Headers = new RequestHeaders();

    /// <summary>The method, e.g. <c>GET</c>.</summary>
    public string Method => _method ??= Encoding.ASCII.GetString(_head.AsSpan(MethodOffset, MethodLength));

    /// <summary>The method when it is a well-known one.</summary>
    public KnownMethod KnownMethod { get; private set; }

    /// <summary>The request-target exactly as sent (RFC 9112 §3.2).</summary>
    public string Target => _target ??= Encoding.ASCII.GetString(_head.AsSpan(_targetOffset, _targetLength));

    /// <summary>The path as sent, still percent-encoded; for an absolute-form target, its path part.</summary>
    public string Path => _path ??= Encoding.ASCII.GetString(PathBytes);

    /// <summary>The raw query after '?', without the '?'; empty when there is none.</summary>
    public string QueryString => _query ??= _queryOffset < 0 ? string.Empty : Encoding.ASCII.GetString(_head.AsSpan(_queryOffset, _queryLength));

    /// <summary>The header fields.</summary>
    public RequestHeaders Headers { get; }

    /// <summary>Cookies from the <c>Cookie</c> field (RFC 6265 §5.4); the first of a repeated name wins.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= CookieJar.Parse(Headers);

    /// <summary>Values bound by the route's <c>:name</c> and <c>*name</c> segments, percent-decoded.</summary>
    public IReadOnlyDictionary<string, string> Bindings { get; internal set; } = s_noBindings;

    /// <summary>The client's address and port.</summary>
    public IPEndPoint? Peer { get; internal set; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; internal set; } = "http";

    /// <summary>The protocol the request arrived over.</summary>
    public Protocol Protocol { get; internal set; }

    /// <summary>The HTTP version as on the wire: <c>HTTP/1.0</c>, <c>HTTP/1.1</c>, <c>HTTP/2</c> or <c>HTTP/3</c>.</summary>
    public string Version { get; internal set; } = "HTTP/1.1";

    /// <summary>A unique id for this request (96 random bits as 24 hex digits), for logs and tracing.</summary>
    public string Id => _id ??= RequestIdGenerator.Format(_idHigh, _idLow);

    /// <summary>The state object given to the route that matched, or null.</summary>
    public object? State { get; internal set; }

    /// <summary>
    /// Set by the router when the path matched a route but the method did not, so that its 405 can list the
    /// methods; kept apart from <see cref="State"/>, which middleware sees.
    /// </summary>
    internal Routing.RouteTable? MethodNotAllowedBy { get; set; }

    /// <summary>Whether the request declares a body.</summary>
    public bool HasBody { get; internal set; }

    /// <summary>The declared <c>Content-Length</c>, or null.</summary>
    public long? ContentLength { get; internal set; }

    /// <summary>How the body reaches the handler on this route.</summary>
    public BodyMode BodyMode { get; internal set; }

    /// <summary>The whole body in <see cref="BodyMode.Auto"/>; empty in manual mode.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Cancelled when the client goes away or the connection is force-closed.</summary>
    public CancellationToken Aborted { get; internal set; }

    internal int MethodOffset { get; private set; }

    internal int MethodLength { get; private set; }

    internal ReadOnlySpan<byte> PathBytes => _head.AsSpan(_pathOffset, _pathLength);

    internal ReadOnlySpan<byte> HeadBytes => _head;

    /// <summary>
    /// Reads the next body bytes in <see cref="BodyMode.Manual"/>; returns 0 at the end of the body. In auto
    /// mode it reads on through <see cref="Body"/>, which itself stays whole.
    /// </summary>
    public ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_bodySource is not null) return _bodySource.ReadAsync(destination, cancellationToken);
        var n = Math.Min(destination.Length, _unread.Length);
        _unread.Span[..n].CopyTo(destination.Span);
        _unread = _unread[n..];
        return new ValueTask<int>(n);
    }

    /// <summary>Reads the rest of the body into one array (bounded by the listener's content-length limit).</summary>
    public async ValueTask<byte[]> ReadBodyToEndAsync(CancellationToken cancellationToken = default)
    {
        if (_bodySource is null)
        {
            var rest = _unread.ToArray();
            _unread = default;
            return rest;
        }

        using var ms = new MemoryStream();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await _bodySource.ReadAsync(buffer, cancellationToken)) > 0) ms.Write(buffer, 0, n);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return ms.ToArray();
    }

    internal void SetHead(byte[] head, KnownMethod method, int methodOffset, int methodLength, int targetOffset, int targetLength,
        int pathOffset, int pathLength, int queryOffset, int queryLength)
    {
        _head = head;
        KnownMethod = method;
        _method = MethodName(method);
        MethodOffset = methodOffset;
        MethodLength = methodLength;
        _targetOffset = targetOffset;
        _targetLength = targetLength;
        _pathOffset = pathOffset;
        _pathLength = pathLength;
        _queryOffset = queryOffset;
        _queryLength = queryLength;
        RequestIdGenerator.Next(out _idHigh, out _idLow);
    }

    internal void SetBody(ReadOnlyMemory<byte> body, RequestBodySource? source)
    {
        _body = _unread = body;
        _bodySource = source;
    }

    internal void Reset()
    {
        _method = _target = _path = _query = _id = null;
        _cookies = null;
        _body = _unread = default;
        _bodySource = null;
        Bindings = s_noBindings;
        State = null;
        MethodNotAllowedBy = null;
        HasBody = false;
        ContentLength = null;
        Headers.Clear();
    }

    private static string? MethodName(KnownMethod method) => method switch
    {
        KnownMethod.Get => "GET",
        KnownMethod.Head => "HEAD",
        KnownMethod.Post => "POST",
        KnownMethod.Put => "PUT",
        KnownMethod.Delete => "DELETE",
        KnownMethod.Connect => "CONNECT",
        KnownMethod.Options => "OPTIONS",
        KnownMethod.Trace => "TRACE",
        KnownMethod.Patch => "PATCH",
        _ => null,
    };
}
