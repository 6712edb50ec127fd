using Microsoft.Extensions.Logging;

namespace Roadrunner.Server.WebSockets;

/// <summary>Log messages of WebSocket sessions.</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(200, LogLevel.Error, "WebSocket handler for {Path} threw; the WebSocket is closed with 1011")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception ex);
}
