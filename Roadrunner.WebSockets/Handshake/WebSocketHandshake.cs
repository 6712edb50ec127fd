using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// The server side of the opening handshake: checks a client's request and builds the answer, for HTTP/1.1
/// Upgrade (RFC 6455 §4.2) and for extended CONNECT over HTTP/2 (RFC 8441 §4–§5) and HTTP/3 (RFC 9220 §3).
/// Picks the subprotocol and negotiates permessage-deflate (RFC 7692 §7.1). Never throws on request content.
/// </summary>
/// <example>
/// <code>
/// var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
/// var result = WebSocketHandshake.AcceptUpgrade(request.Method, "HTTP/1.1", headers, options);
/// result.WriteHttp1Response(output);                      // 101, or 400 / 426 with the reason in result.Error
/// if (result.IsAccepted)
///     session = new WebSocketSession(output, options, result.PerMessageDeflate);
/// </code>
/// </example>
public static class WebSocketHandshake
{
    /// <summary>The only protocol version defined (RFC 6455 §4.1 item 9, §11.6).</summary>
    public const string Version = "13";

    /// <summary>
    /// Checks an HTTP/1.1 upgrade request (RFC 6455 §4.2.1) given its method, HTTP version (e.g. <c>"HTTP/1.1"</c>)
    /// and fields; answers 101 with the response fields, 426 for another Sec-WebSocket-Version (§4.2.2 step 4), or
    /// 400 for any other fault.
    /// </summary>
    public static WebSocketHandshakeResult AcceptUpgrade(string method, string httpVersion, IHandshakeHeaders headers, WebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        options ??= WebSocketOptions.Default;

        // §4.2.1 item 1: "An HTTP/1.1 or higher GET request".
        if (method != "GET") return Refuse400("RFC 6455 §4.2.1: the opening handshake must be a GET request");
        if (httpVersion != "HTTP/1.1") return Refuse400("RFC 6455 §4.2.1: the opening handshake must be HTTP/1.1 or higher");
        // §4.2.1 item 2: "A |Host| header field containing the server's authority."
        if (string.IsNullOrWhiteSpace(headers.GetCombined("Host"))) return Refuse400("RFC 6455 §4.2.1: Host is required");
        // §4.2.1 item 3: "An |Upgrade| header field containing the value "websocket", treated as an ASCII
        // case-insensitive value."
        if (!HeaderTokens.Contains(headers.GetCombined("Upgrade"), "websocket"))
            return Refuse400("RFC 6455 §4.2.1: Upgrade must contain websocket");
        // §4.2.1 item 4: "A |Connection| header field that includes the token "Upgrade", treated as an ASCII
        // case-insensitive value."
        if (!HeaderTokens.Contains(headers.GetCombined("Connection"), "upgrade"))
            return Refuse400("RFC 6455 §4.2.1: Connection must contain upgrade");
        // §4.2.1 item 6 and §4.2.2 step 4: "If this version does not match a version understood by the server, the
        // server MUST abort the WebSocket handshake ... and instead send an appropriate HTTP error code (such as 426
        // Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is
        // capable of understanding."
        if (!IsVersion13(headers.GetCombined("Sec-WebSocket-Version")))
            return WebSocketHandshakeResult.Refuse(426, "RFC 6455 §4.2.2: Sec-WebSocket-Version must be 13", offerVersion: true, lowerCase: false);
        // §4.2.1 item 5: "A |Sec-WebSocket-Key| header field with a base64-encoded value that, when decoded, is 16
        // bytes in length." Two fields combine into a list, which is not a key.
        var key = headers.GetCombined("Sec-WebSocket-Key");
        if (key is null || !SecWebSocketAccept.IsValidKey(HeaderTokens.Trim(key)))
            return Refuse400("RFC 6455 §4.2.1: Sec-WebSocket-Key must be a base64-encoded 16-byte nonce");

        string accept = SecWebSocketAccept.Compute(HeaderTokens.Trim(key));
        return Negotiate(headers, options, extendedConnect: false, accept);
    }

    /// <summary>
    /// Checks an extended CONNECT request that bootstraps a WebSocket over HTTP/2 (RFC 8441 §4–§5) or HTTP/3
    /// (RFC 9220 §3, the same rules); the pseudo-header fields are read from <paramref name="headers"/> by name.
    /// Answers 200 with the response fields (no Sec-WebSocket-Key / Accept: "the |Sec-WebSocket-Key| and
    /// |Sec-WebSocket-Accept| header fields are not used", RFC 8441 §5), 426 for another version, or 400.
    /// The server must also have sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, which is its own business.
    /// </summary>
    public static WebSocketHandshakeResult AcceptExtendedConnect(IHandshakeHeaders headers, WebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        options ??= WebSocketOptions.Default;

        // RFC 8441 §4: "A new pseudo-header field :protocol MAY be included on request HEADERS indicating the
        // desired protocol to be spoken on the tunnel created by CONNECT." §5: ":method" is CONNECT and ":protocol"
        // is "websocket".
        if (headers.GetCombined(":method") != "CONNECT") return Refuse400("RFC 8441 §5: :method must be CONNECT", true);
        if (!string.Equals(headers.GetCombined(":protocol"), "websocket", StringComparison.OrdinalIgnoreCase))
            return Refuse400("RFC 8441 §5: :protocol must be websocket", true);
        // RFC 8441 §4: "On requests that contain the :protocol pseudo-header field, the :scheme and :path
        // pseudo-header fields of the target URI ... MUST also be included."
        if (string.IsNullOrEmpty(headers.GetCombined(":scheme")) || string.IsNullOrEmpty(headers.GetCombined(":path")))
            return Refuse400("RFC 8441 §4: :scheme and :path are required with :protocol", true);
        // RFC 8441 §5: the request carries ":authority" like any CONNECT (RFC 9113 §8.5).
        if (string.IsNullOrEmpty(headers.GetCombined(":authority")))
            return Refuse400("RFC 8441 §5: :authority is required", true);
        // RFC 8441 §5: "The semantics of ... |Sec-WebSocket-Version| ... are unchanged."
        if (!IsVersion13(headers.GetCombined("sec-websocket-version")))
            return WebSocketHandshakeResult.Refuse(426, "RFC 8441 §5: sec-websocket-version must be 13", offerVersion: true, lowerCase: true);

        return Negotiate(headers, options, extendedConnect: true, accept: null);
    }

    private static WebSocketHandshakeResult Negotiate(IHandshakeHeaders headers, WebSocketOptions options, bool extendedConnect, string? accept)
    {
        string? subprotocol = SelectSubprotocol(headers.GetCombined("Sec-WebSocket-Protocol"), options.Subprotocols);
        string? extensions = null;
        PerMessageDeflateParameters? deflate = null;
        if (options.PerMessageDeflate is { } deflateOptions)
        {
            var offers = ExtensionHeaderParser.Parse(headers.GetCombined("Sec-WebSocket-Extensions"));
            if (PerMessageDeflateNegotiation.TryAccept(offers, deflateOptions, out var agreed, out var response))
            {
                deflate = agreed;
                extensions = response;
            }
        }
        return WebSocketHandshakeResult.Succeed(extendedConnect, accept, subprotocol, extensions, deflate);
    }

    /// <summary>
    /// §4.2.2 step 5.5 (/subprotocol/): "Either a single value representing the subprotocol the server is ready to
    /// use or null" — the first of the server's protocols, in its order of preference, that the client listed.
    /// </summary>
    internal static string? SelectSubprotocol(string? offered, IReadOnlyList<string> supported)
    {
        if (offered is null || supported.Count == 0) return null;
        foreach (var candidate in supported)
        {
            foreach (var range in offered.AsSpan().Split(','))
            {
                if (HeaderTokens.Trim(offered.AsSpan()[range]).SequenceEqual(candidate)) return candidate;
            }
        }
        return null;
    }

    private static bool IsVersion13(string? value) => value is not null && HeaderTokens.Trim(value).SequenceEqual(Version);

    private static WebSocketHandshakeResult Refuse400(string error, bool lowerCase = false) =>
        WebSocketHandshakeResult.Refuse(400, error, offerVersion: false, lowerCase);
}
