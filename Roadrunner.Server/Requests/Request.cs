using System.Net;
using System.Text;
using Roadrunner.Http1;
using Roadrunner.Server.Cookies;
using Roadrunner.Server.Forms;
using Roadrunner.Server.Multipart;

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
    private FormCollection? _queryForm;
    private FormError _queryError;

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

    /// <summary>
    /// Cookies from every <c>Cookie</c> field (RFC 6265 §5.4), read by <see cref="CookieParser"/> with
    /// <see cref="CookieOptions.Default"/>; the first of a repeated name wins. Names are case-sensitive. Over a limit
    /// (50 cookies, 8192 characters, 4096 per cookie) it is empty and <see cref="CookieError"/> says why.
    /// </summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= RequestCookieLookup.Parse(Headers);

    /// <summary>Why <see cref="Cookies"/> is empty although cookies were sent; none when they were read.</summary>
    public CookieError CookieError => (Cookies as RequestCookieLookup)?.Error ?? default;

    /// <summary>
    /// The query string decoded as <c>application/x-www-form-urlencoded</c> by <see cref="FormUrlEncoded"/> with
    /// <see cref="FormOptions.Default"/>, on first use. When it is malformed (a <c>%</c> without two hex digits,
    /// bytes that are not UTF-8) or over a limit, it is empty and <see cref="QueryError"/> says why.
    /// </summary>
    public FormCollection Query => _queryForm ??= ParseQuery();

    /// <summary>Why <see cref="Query"/> is empty although there is a query string; none when it was read.</summary>
    public FormError QueryError
    {
        get
        {
            _ = Query;
            return _queryError;
        }
    }

    /// <summary>
    /// The <c>Last-Event-ID</c> an <c>EventSource</c> sends when it reconnects (read with
    /// <see cref="Sse.LastEventId.TryParse(ReadOnlySpan{byte}, Sse.SseOptions, out string, out Sse.LastEventIdError)"/>),
    /// or null when it is absent, empty, longer than 1024 characters, or holds NUL, CR, LF or invalid UTF-8.
    /// </summary>
    public string? LastEventId =>
        Headers.TryGetValue("last-event-id"u8, out var value)
        && Sse.LastEventId.TryParse(value, Sse.SseOptions.Default, out var id, out _) && id.Length > 0 ? id : null;

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

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> body (at most 1 MiB, <see cref="FormOptions.MaxBodyLength"/>)
    /// and decodes it with <see cref="FormOptions.Default"/>. A request without a body gives an empty form. The body is
    /// read, not kept: call it once per request.
    /// </summary>
    /// <exception cref="RequestBodyException">415 for another content type, 413 over a limit, 400 for a malformed
    /// body; the server answers it when the handler lets it escape.</exception>
    public ValueTask<FormCollection> ReadFormAsync(CancellationToken cancellationToken = default) =>
        FormBodyReader.ReadAsync(this, FormOptions.Default, cancellationToken);

    /// <summary>Reads an <c>application/x-www-form-urlencoded</c> body with the limits of <paramref name="options"/>.</summary>
    /// <exception cref="RequestBodyException">415 for another content type, 413 over a limit, 400 for a malformed body.</exception>
    public ValueTask<FormCollection> ReadFormAsync(FormOptions options, CancellationToken cancellationToken = default) =>
        FormBodyReader.ReadAsync(this, options, cancellationToken);

    /// <summary>
    /// The parts of a <c>multipart/*</c> body (<c>multipart/form-data</c>, RFC 7578) as they arrive: read each part's
    /// body before moving on, or it is skipped. Use a route in <see cref="BodyMode.Manual"/> so file parts stream
    /// through instead of being buffered first. See <see cref="MultipartFormReader"/>.
    /// </summary>
    /// <exception cref="RequestBodyException">415 when the body is not multipart with a valid boundary, 400 when it is
    /// malformed or truncated, 413 over a limit of <paramref name="options"/>.</exception>
    public IAsyncEnumerable<MultipartSection> ReadMultipartAsync(MultipartOptions? options = null, CancellationToken cancellationToken = default) =>
        MultipartFormReader.ReadSectionsAsync(this, options, cancellationToken);

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

    /// <summary>Takes over <paramref name="other"/>'s head, copied into <paramref name="head"/> (an HTTP/1.1 request upgraded to HTTP/2).</summary>
    internal void CopyFrom(Request other, byte[] head)
    {
        Reset();
        _head = head;
        KnownMethod = other.KnownMethod;
        _method = other._method;
        MethodOffset = other.MethodOffset;
        MethodLength = other.MethodLength;
        _targetOffset = other._targetOffset;
        _targetLength = other._targetLength;
        _pathOffset = other._pathOffset;
        _pathLength = other._pathLength;
        _queryOffset = other._queryOffset;
        _queryLength = other._queryLength;
        Headers.Set(head, other.Headers.Ranges);
        Peer = other.Peer;
        Scheme = other.Scheme;
        ContentLength = other.ContentLength;
        RequestIdGenerator.Next(out _idHigh, out _idLow);
    }

    internal void SetBody(ReadOnlyMemory<byte> body, RequestBodySource? source)
    {
        _body = _unread = body;
        _bodySource = source;
    }

    /// <summary>
    /// A CONNECT that asks for a tunnel (no <c>:protocol</c>) over HTTP/2 or HTTP/3: RFC 9110 §9.3.6, "A CONNECT request
    /// message does not have content"; what would follow is the tunnel (RFC 9113 §8.5, RFC 9114 §4.4), which this server
    /// does not offer. The request is handled at once, with no content, as over HTTP/1.1, instead of waiting for an end
    /// of content that never comes.
    /// </summary>
    internal void TreatAsContentless()
    {
        BodyMode = BodyMode.Manual;
        HasBody = false;
        SetBody(default, null);
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
        _queryForm = null;
        _queryError = default;
    }

    private FormCollection ParseQuery()
    {
        if (_queryOffset < 0 || _queryLength == 0)
        {
            return FormCollection.Empty;
        }

        FormUrlEncoded.TryDecode(_head.AsSpan(_queryOffset, _queryLength), FormOptions.Default, out var form, out _queryError);
        return form;
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
