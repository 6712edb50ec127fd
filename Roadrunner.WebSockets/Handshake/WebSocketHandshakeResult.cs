using System.Buffers;
using System.Text;
using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// The server's answer to an opening handshake: either accepted (101 for HTTP/1.1, 200 for extended CONNECT)
/// with the response fields to send, or refused with the status and a reason naming the RFC rule.
/// </summary>
public sealed class WebSocketHandshakeResult
{
    private WebSocketHandshakeResult(int statusCode, string? error, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        StatusCode = statusCode;
        Error = error;
        ResponseHeaders = headers;
    }

    /// <summary>True when the connection becomes a WebSocket once the response is sent.</summary>
    public bool IsAccepted => Error is null;

    /// <summary>101 (HTTP/1.1 accepted), 200 (extended CONNECT accepted), 400 (bad request) or 426 (unsupported version).</summary>
    public int StatusCode { get; }

    /// <summary>Why the handshake was refused (a constant citing the RFC), or null when accepted.</summary>
    public string? Error { get; }

    /// <summary>
    /// The response fields to send, in order: on acceptance Upgrade, Connection and Sec-WebSocket-Accept (HTTP/1.1
    /// only), then Sec-WebSocket-Protocol and Sec-WebSocket-Extensions when chosen; on 426, Sec-WebSocket-Version.
    /// Names are lower-case for extended CONNECT (HTTP/2 and HTTP/3 fields are lower-case).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; }

    /// <summary>The Sec-WebSocket-Accept value (HTTP/1.1 only).</summary>
    public string? Accept { get; private init; }

    /// <summary>The subprotocol chosen from the client's offer, or null.</summary>
    public string? Subprotocol { get; private init; }

    /// <summary>The Sec-WebSocket-Extensions response value, or null when no extension was accepted.</summary>
    public string? Extensions { get; private init; }

    /// <summary>The agreed permessage-deflate parameters, or null when compression is not used; pass them to the session.</summary>
    public PerMessageDeflateParameters? PerMessageDeflate { get; private init; }

    internal static WebSocketHandshakeResult Refuse(int statusCode, string error, bool offerVersion, bool lowerCase) =>
        new(statusCode, error, offerVersion ? [new(lowerCase ? "sec-websocket-version" : "Sec-WebSocket-Version", "13")] : []);

    internal static WebSocketHandshakeResult Succeed(
        bool extendedConnect,
        string? accept,
        string? subprotocol,
        string? extensions,
        PerMessageDeflateParameters? deflate)
    {
        var headers = new List<KeyValuePair<string, string>>(5);
        if (!extendedConnect)
        {
            // §4.2.2 step 5: "An |Upgrade| header field with value "websocket"", "A |Connection| header field with
            // value "Upgrade"", "A |Sec-WebSocket-Accept| header field".
            headers.Add(new("Upgrade", "websocket"));
            headers.Add(new("Connection", "Upgrade"));
            headers.Add(new("Sec-WebSocket-Accept", accept!));
        }
        if (subprotocol is not null) headers.Add(new(extendedConnect ? "sec-websocket-protocol" : "Sec-WebSocket-Protocol", subprotocol));
        if (extensions is not null) headers.Add(new(extendedConnect ? "sec-websocket-extensions" : "Sec-WebSocket-Extensions", extensions));
        return new WebSocketHandshakeResult(extendedConnect ? 200 : 101, null, headers)
        {
            Accept = accept,
            Subprotocol = subprotocol,
            Extensions = extensions,
            PerMessageDeflate = deflate,
        };
    }

    /// <summary>
    /// Writes a complete HTTP/1.1 response for this result: <c>HTTP/1.1 101 Switching Protocols</c> and the
    /// fields, or the refusal status with its fields and <c>Content-Length: 0</c>.
    /// </summary>
    public void WriteHttp1Response(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder(160);
        text.Append("HTTP/1.1 ").Append(StatusCode).Append(' ').Append(StatusCode switch
        {
            101 => "Switching Protocols",
            200 => "OK",
            426 => "Upgrade Required",
            _ => "Bad Request",
        }).Append("\r\n");
        foreach (var (name, value) in ResponseHeaders) text.Append(name).Append(": ").Append(value).Append("\r\n");
        if (!IsAccepted) text.Append("Content-Length: 0\r\n");
        text.Append("\r\n");
        var chars = text.ToString();
        int written = Encoding.ASCII.GetBytes(chars, output.GetSpan(chars.Length));
        output.Advance(written);
    }
}
