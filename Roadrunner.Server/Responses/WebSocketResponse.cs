using System.Text;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Telemetry;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Server.Responses;

/// <summary>
/// A WebSocket answer (RFC 6455): the opening handshake is checked by the server, then an
/// <see cref="IWebSocketHandler"/> is called for each message. Made by <see cref="Response.WebSocket"/>; immutable,
/// so one instance may answer every request of a route.
/// </summary>
/// <example>
/// <code>
/// static readonly WebSocketResponse Echo = Response.WebSocket(new EchoHandler(),
///     new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default });
/// Route.Get("/ws", _ =&gt; Echo);
/// </code>
/// </example>
public sealed class WebSocketResponse : Response
{
    /// <summary>The default of <see cref="SendQueueLimit"/>: 1 MiB.</summary>
    public const int DefaultSendQueueLimit = 1 << 20;

    internal WebSocketResponse(
        IWebSocketHandler handler,
        WebSocketOptions options,
        TimeSpan? keepAliveInterval,
        Func<IReadOnlyList<string>, string?>? selectSubprotocol,
        int sendQueueLimit,
        KeyValuePair<string, string>[] headers)
        : base(101, headers)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        // Checked here, where the mistake is made, rather than after the 101 has gone out.
        options.Validate();
        options.PerMessageDeflate?.Validate();
        if (keepAliveInterval is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(keepAliveInterval), interval, "The keep-alive interval is positive (or null for none).");
        ArgumentOutOfRangeException.ThrowIfNegative(sendQueueLimit);
        Handler = handler;
        Options = options;
        KeepAliveInterval = keepAliveInterval;
        SelectSubprotocol = selectSubprotocol;
        SendQueueLimit = sendQueueLimit;
    }

    /// <inheritdoc />
    public override ResponseKind Kind => ResponseKind.WebSocket;

    /// <summary>The handler that receives the open, message and close calls.</summary>
    public IWebSocketHandler Handler { get; }

    /// <summary>Limits, subprotocols and permessage-deflate settings of the handshake and the session.</summary>
    public WebSocketOptions Options { get; }

    /// <summary>Silence after which a Ping is sent, or null for none.</summary>
    public TimeSpan? KeepAliveInterval { get; }

    /// <summary>Picks the subprotocol from the client's offer, or null to use <see cref="WebSocketOptions.Subprotocols"/>.</summary>
    public Func<IReadOnlyList<string>, string?>? SelectSubprotocol { get; }

    /// <summary>Bytes of posted messages that may wait to be sent before a post is refused.</summary>
    public int SendQueueLimit { get; }

    internal override Response WithHeaders(KeyValuePair<string, string>[] headers) =>
        new WebSocketResponse(Handler, Options, KeepAliveInterval, SelectSubprotocol, SendQueueLimit, headers);

    /// <summary>
    /// Checks the opening handshake of <paramref name="request"/>: an HTTP/1.1 Upgrade (RFC 6455 §4.2.1) or an
    /// extended CONNECT (RFC 8441 §5, RFC 9220 §3), whose pseudo-header fields <paramref name="headers"/> supplies.
    /// Counts the outcome in telemetry.
    /// </summary>
    internal WebSocketHandshakeResult Accept(Request request, IHandshakeHeaders headers, bool extendedConnect, string listener)
    {
        var options = Options;
        if (SelectSubprotocol is { } select)
        {
            // The choice is handed to the codec as the only protocol supported, so it is answered only if offered.
            var chosen = select(Offered(headers.GetCombined("Sec-WebSocket-Protocol")));
            options = options with { Subprotocols = chosen is null ? [] : [chosen] };
        }

        var result = extendedConnect
            ? WebSocketHandshake.AcceptExtendedConnect(headers, options)
            : WebSocketHandshake.AcceptUpgrade(request.Method, request.Version, headers, options);
        RoadrunnerTelemetry.WebSocketUpgrade(listener, result.StatusCode);
        return result;
    }

    /// <summary>The answer to a refused handshake: its status, its fields and the reason as text.</summary>
    internal static BufferedResponse Refusal(WebSocketHandshakeResult result)
    {
        var headers = new List<KeyValuePair<string, string>>(result.ResponseHeaders.Count + 2);
        if (result.StatusCode == 426)
        {
            // RFC 9110 §15.5.22: "The server MUST send an Upgrade header field in a 426 response to indicate the
            // required protocol(s)", and §7.8: "A sender of Upgrade MUST also send an "Upgrade" connection option".
            headers.Add(new("upgrade", "websocket"));
            headers.Add(new("connection", "upgrade"));
        }

        headers.AddRange(result.ResponseHeaders);
        return new BufferedResponse(result.StatusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(result.Error ?? ""), [.. headers]);
    }

    /// <summary>The subprotocols a client offered, in its order (RFC 6455 §4.1: a comma-separated list of tokens).</summary>
    private static string[] Offered(string? header)
    {
        if (string.IsNullOrEmpty(header)) return [];
        return header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
