using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;

namespace Roadrunner.Server.Responses;

/// <summary>
/// What a handler answers: one of a closed set of shapes (<see cref="ResponseKind"/>), each sent over every
/// protocol the server speaks. Responses are immutable, so one instance may be cached and returned for many
/// requests; the server then re-uses its encoded head.
/// </summary>
/// <example>
/// <code>
/// static readonly Response Hello = Response.Text(200, "hello, world!");
/// Route.Get("/hello", _ =&gt; Hello);
/// Route.Get("/go", _ =&gt; Response.Redirect("/hello"));
/// </code>
/// </example>
public abstract class Response
{
    private protected static readonly KeyValuePair<string, string>[] NoHeaders = [];

    private protected Response(int status, string? contentType, KeyValuePair<string, string>[] headers)
    {
        if (status is < 100 or > 999) throw new ArgumentOutOfRangeException(nameof(status), status, "A status code has three digits (RFC 9110 §15).");
        if (status is >= 100 and < 200) throw new ArgumentOutOfRangeException(nameof(status), status, "Interim (1xx) responses are sent by the server itself.");
        if (contentType is not null && !HeaderRules.IsValidValue(contentType))
            throw new ArgumentException("The content type contains a control character.", nameof(contentType));
        Status = status;
        ContentType = contentType;
        HeaderArray = headers;
    }

    /// <summary>
    /// For shapes whose status line belongs to the server: a WebSocket answers 101 over HTTP/1.1 once its handshake
    /// is accepted, and nothing of it is a handler's to check.
    /// </summary>
    private protected Response(int status, KeyValuePair<string, string>[] headers)
    {
        Status = status;
        HeaderArray = headers;
    }

    /// <summary>The shape of this response.</summary>
    public abstract ResponseKind Kind { get; }

    /// <summary>The status code.</summary>
    public int Status { get; }

    /// <summary>The <c>Content-Type</c>, or null for none.</summary>
    public string? ContentType { get; }

    /// <summary>Extra header fields, in order. Framing fields (Content-Length, Transfer-Encoding, Connection) are the server's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => HeaderArray;

    internal KeyValuePair<string, string>[] HeaderArray { get; }

    /// <summary>Whether a status forbids a body (RFC 9110 §6.4.1: 204 and 304).</summary>
    internal bool StatusForbidsBody => Status is 204 or 304;

    /// <summary>Returns a copy with one more header field.</summary>
    /// <exception cref="ArgumentException">The name is not a token, the value holds CR/LF/NUL, or the field is a framing field.</exception>
    public Response WithHeader(string name, string value)
    {
        HeaderRules.Validate(name, value);
        var headers = new KeyValuePair<string, string>[HeaderArray.Length + 1];
        HeaderArray.CopyTo(headers, 0);
        headers[^1] = new(name, value);
        return WithHeaders(headers);
    }

    /// <summary>Returns a copy with the header fields replaced by <paramref name="headers"/> (already validated).</summary>
    internal abstract Response WithHeaders(KeyValuePair<string, string>[] headers);

    /// <summary>Returns a copy whose header list is filtered and extended (used by middleware such as compression).</summary>
    internal Response WithoutHeader(string name)
    {
        var kept = Array.FindAll(HeaderArray, h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        return kept.Length == HeaderArray.Length ? this : WithHeaders(kept);
    }

    internal string? FindHeader(string name)
    {
        foreach (var h in HeaderArray)
        {
            if (h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) return h.Value;
        }

        return null;
    }

    /// <summary>A <c>text/plain; charset=utf-8</c> body.</summary>
    public static BufferedResponse Text(int status, string text) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))), NoHeaders);

    /// <summary>A <c>text/html; charset=utf-8</c> body.</summary>
    public static BufferedResponse Html(int status, string html) =>
        new(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html ?? throw new ArgumentNullException(nameof(html))), NoHeaders);

    /// <summary>An <c>application/json</c> body from already-serialized JSON text.</summary>
    public static BufferedResponse Json(int status, string json) =>
        new(status, "application/json", Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))), NoHeaders);

    /// <summary>An <c>application/json</c> body serialized with System.Text.Json source-generated metadata.</summary>
    public static BufferedResponse Json<T>(int status, T value, JsonTypeInfo<T> typeInfo) =>
        new(status, "application/json", JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), NoHeaders);

    /// <summary>A body of raw bytes with the given content type.</summary>
    public static BufferedResponse Bytes(int status, ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") =>
        new(status, contentType, body, NoHeaders);

    /// <summary>A redirect (RFC 9110 §15.4) to <paramref name="location"/>; 302 unless another 3xx is given.</summary>
    public static BufferedResponse Redirect(string location, int status = 302)
    {
        if (status is < 300 or > 399) throw new ArgumentOutOfRangeException(nameof(status), status, "A redirect is a 3xx status.");
        HeaderRules.Validate("location", location);
        return new(status, null, ReadOnlyMemory<byte>.Empty, [new("location", location)]);
    }

    /// <summary>A response without a body, e.g. 204.</summary>
    public static BufferedResponse Empty(int status = 204) => new(status, null, ReadOnlyMemory<byte>.Empty, NoHeaders);

    /// <summary>A body produced by <paramref name="writer"/> as it goes: chunked on HTTP/1.1, DATA frames on HTTP/2 and HTTP/3, with optional trailers.</summary>
    public static StreamResponse Stream(int status, string? contentType, Func<ResponseStream, ValueTask> writer) =>
        new(status, contentType, writer, NoHeaders);

    /// <summary>A long-lived body driven by messages posted to <paramref name="handler"/> (the loop shape; SSE rides on it).</summary>
    public static PushResponse Push(int status, string? contentType, IPushHandler handler) =>
        new(status, contentType, handler, NoHeaders);

    /// <summary>
    /// A WebSocket (RFC 6455) driven by <paramref name="handler"/>: the server checks the opening handshake (400, or
    /// 426 with <c>Sec-WebSocket-Version: 13</c>, when it is wrong), answers 101, then calls the handler for each
    /// message until the close handshake. The connection ends with the WebSocket.
    /// </summary>
    /// <param name="handler">Receives the open, message and close calls; shared by every connection, so thread-safe.</param>
    /// <param name="options">
    /// Limits (frame and message 10 MB by default), close timeout, subprotocols in order of preference and
    /// permessage-deflate (RFC 7692; off unless <see cref="Roadrunner.WebSockets.WebSocketOptions.PerMessageDeflate"/> is set).
    /// </param>
    /// <param name="keepAliveInterval">
    /// After this long without a byte from the client a Ping is sent; when a further interval passes with still nothing,
    /// the client is taken for gone and the connection is closed (the handler sees 1006). Null (default): no pings.
    /// </param>
    /// <param name="selectSubprotocol">
    /// Picks the subprotocol from the ones the client offered (in its order), or null for none; replaces
    /// <see cref="Roadrunner.WebSockets.WebSocketOptions.Subprotocols"/>. A value the client did not offer is ignored
    /// (RFC 6455 §4.2.2: the server's choice is one of the client's).
    /// </param>
    /// <param name="sendQueueLimit">
    /// Bytes of posted messages (<see cref="WebSocketContext.Post(string)"/>) that may wait for a slow client; a post
    /// beyond it is refused. Default 1 MiB.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the interval is not positive.</exception>
    public static WebSocketResponse WebSocket(
        IWebSocketHandler handler,
        WebSocketOptions? options = null,
        TimeSpan? keepAliveInterval = null,
        Func<IReadOnlyList<string>, string?>? selectSubprotocol = null,
        int sendQueueLimit = WebSocketResponse.DefaultSendQueueLimit) =>
        new(handler, options ?? WebSocketOptions.Default, keepAliveInterval, selectSubprotocol, sendQueueLimit, NoHeaders);

    /// <summary>The file at <paramref name="path"/>, or the <paramref name="length"/> bytes from <paramref name="offset"/> (-1: to the end).</summary>
    public static FileResponse File(string path, string? contentType = "application/octet-stream", long offset = 0, long length = -1, int status = 200) =>
        new(status, contentType, path, offset, length, NoHeaders);
}
