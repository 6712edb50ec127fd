using Microsoft.Extensions.Logging;

namespace Roadrunner.Server.WebSockets;

/// <summary>Log messages of WebSocket sessions.</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(200, LogLevel.Error, "WebSocket handler for {Path} threw; the WebSocket is closed with 1011")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception ex);

    [LoggerMessage(201, LogLevel.Warning, "WebSocket for {Path} holds the most of the listener's full WebSocket buffer budget; it is closed with 1009")]
    public static partial void OverBudget(ILogger logger, string path);
}
