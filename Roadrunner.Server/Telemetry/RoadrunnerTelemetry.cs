using System.Diagnostics;
using System.Diagnostics.Metrics;
using Roadrunner.Server.Listening;
using Roadrunner.WebSockets;

namespace Roadrunner.Server.Telemetry;

/// <summary>
/// The server's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Roadrunner</c>. Every
/// recording checks first whether anything listens, so telemetry costs nothing when nobody collects it.
/// </summary>
public static class RoadrunnerTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Roadrunner";

    /// <summary>Activities: one per request (<c>roadrunner.request</c>; a WebSocket's lasts as long as it does) and one per drain.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(RoadrunnerTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The meter behind every instrument below.</summary>
    public static Meter Meter { get; } = new(Name, typeof(RoadrunnerTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "http.server.request.duration", "s", "Time from the request head to the end of the response.");

    internal static readonly Counter<long> RequestExceptions = Meter.CreateCounter<long>(
        "roadrunner.request.exceptions", "{exception}", "Handlers that threw.");

    internal static readonly UpDownCounter<long> ActiveRequests = Meter.CreateUpDownCounter<long>(
        "http.server.active_requests", "{request}", "Requests being handled.");

    internal static readonly Counter<long> ConnectionsAccepted = Meter.CreateCounter<long>(
        "roadrunner.connections.accepted", "{connection}", "Connections accepted.");

    internal static readonly Counter<long> ConnectionsClosed = Meter.CreateCounter<long>(
        "roadrunner.connections.closed", "{connection}", "Connections closed, with the reason.");

    internal static readonly Counter<long> ConnectionsRejected = Meter.CreateCounter<long>(
        "roadrunner.connections.rejected", "{connection}", "Connections refused because the listener was at max_clients and none was idle.");

    internal static readonly Counter<long> ConnectionsReclaimed = Meter.CreateCounter<long>(
        "roadrunner.connections.reclaimed", "{connection}", "Idle connections closed at max_clients to admit a new one.");

    internal static readonly Counter<long> HeadTimeoutsShortened = Meter.CreateCounter<long>(
        "roadrunner.connections.head_timeouts_shortened", "{connection}",
        "Connections answered 408 by the shortened request timeout while the listener was over its high-water mark.");

    internal static readonly UpDownCounter<long> ActiveConnections = Meter.CreateUpDownCounter<long>(
        "roadrunner.connections.active", "{connection}", "Connections open.");

    internal static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "roadrunner.requests.throttled", "{request}",
        "Requests refused by a concurrency limit, with the one that refused (reason: connection, peer or listener).");

    internal static readonly Counter<long> Drains = Meter.CreateCounter<long>(
        "roadrunner.drains", "{drain}", "Drains, with whether they finished before the deadline.");

    internal static readonly Counter<long> WebSocketUpgrades = Meter.CreateCounter<long>(
        "roadrunner.websocket.upgrades", "{handshake}", "WebSocket opening handshakes, with the status answered (101 or 200 accepted; 400 or 426 refused).");

    internal static readonly UpDownCounter<long> ActiveWebSockets = Meter.CreateUpDownCounter<long>(
        "roadrunner.websocket.active", "{websocket}", "WebSockets open.");

    internal static readonly Counter<long> WebSocketMessagesReceived = Meter.CreateCounter<long>(
        "roadrunner.websocket.messages.received", "{message}", "WebSocket messages received, with their type.");

    internal static readonly Counter<long> WebSocketMessagesSent = Meter.CreateCounter<long>(
        "roadrunner.websocket.messages.sent", "{message}", "WebSocket messages sent, with their type.");

    internal static readonly Counter<long> WebSocketCloses = Meter.CreateCounter<long>(
        "roadrunner.websocket.closes", "{websocket}", "WebSockets ended, with the close code (RFC 6455 §7.4; 1006 when the client left without a Close).");

    internal static void ConnectionAccepted(string listener)
    {
        if (ConnectionsAccepted.Enabled) ConnectionsAccepted.Add(1, new KeyValuePair<string, object?>("listener", listener));
        if (ActiveConnections.Enabled) ActiveConnections.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void ConnectionClosed(string listener, string reason)
    {
        if (ConnectionsClosed.Enabled) ConnectionsClosed.Add(1, new("listener", listener), new("reason", reason));
        if (ActiveConnections.Enabled) ActiveConnections.Add(-1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void ConnectionRejected(string listener)
    {
        if (ConnectionsRejected.Enabled) ConnectionsRejected.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void ConnectionReclaimed(string listener)
    {
        if (ConnectionsReclaimed.Enabled) ConnectionsReclaimed.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void HeadTimeoutShortened(string listener)
    {
        if (HeadTimeoutsShortened.Enabled) HeadTimeoutsShortened.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void RequestThrottled(string listener, RequestRefusal refusal)
    {
        if (Throttled.Enabled) Throttled.Add(1, new("listener", listener), new("reason", RefusalTag(refusal)));
    }

    private static string RefusalTag(RequestRefusal refusal) => refusal switch
    {
        RequestRefusal.Connection => "connection",
        RequestRefusal.Peer => "peer",
        _ => "listener",
    };

    internal static void RequestStarted(string listener)
    {
        if (ActiveRequests.Enabled) ActiveRequests.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    /// <summary>Records the end of a request; <paramref name="startTimestamp"/> is 0 when nothing listened at its start.</summary>
    internal static void RequestStopped(string listener, long startTimestamp, string method, int status, string protocol, Exception? error)
    {
        if (ActiveRequests.Enabled) ActiveRequests.Add(-1, new KeyValuePair<string, object?>("listener", listener));
        if (startTimestamp != 0 && RequestDuration.Enabled)
        {
            var tags = new TagList
            {
                { "http.request.method", method },
                { "http.response.status_code", status },
                { "network.protocol.version", protocol },
                { "listener", listener },
            };
            RequestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (error is not null && RequestExceptions.Enabled)
            RequestExceptions.Add(1, new("listener", listener), new("exception.type", error.GetType().FullName));
    }

    internal static void WebSocketUpgrade(string listener, int status)
    {
        if (WebSocketUpgrades.Enabled) WebSocketUpgrades.Add(1, new("listener", listener), new("http.response.status_code", status));
    }

    internal static void WebSocketOpened(string listener)
    {
        if (ActiveWebSockets.Enabled) ActiveWebSockets.Add(1, new KeyValuePair<string, object?>("listener", listener));
    }

    internal static void WebSocketClosed(string listener, WebSocketCloseCode code)
    {
        if (ActiveWebSockets.Enabled) ActiveWebSockets.Add(-1, new KeyValuePair<string, object?>("listener", listener));
        if (WebSocketCloses.Enabled) WebSocketCloses.Add(1, new("listener", listener), new("websocket.close.code", (int)code));
    }

    internal static void WebSocketMessageReceived(string listener, WebSocketMessageType type)
    {
        if (WebSocketMessagesReceived.Enabled) WebSocketMessagesReceived.Add(1, new("listener", listener), new("websocket.message.type", TypeTag(type)));
    }

    internal static void WebSocketMessageSent(string listener, WebSocketMessageType type)
    {
        if (WebSocketMessagesSent.Enabled) WebSocketMessagesSent.Add(1, new("listener", listener), new("websocket.message.type", TypeTag(type)));
    }

    private static string TypeTag(WebSocketMessageType type) => type == WebSocketMessageType.Text ? "text" : "binary";

    /// <summary>The timestamp to pass back to <see cref="RequestStopped"/>, or 0 when nothing records durations.</summary>
    internal static long RequestStartTimestamp() => RequestDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
}
