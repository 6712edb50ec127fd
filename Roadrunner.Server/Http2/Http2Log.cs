using Microsoft.Extensions.Logging;

namespace Roadrunner.Server.Http2;

/// <summary>Log messages of the HTTP/2 connection.</summary>
internal static partial class Http2Log
{
    [LoggerMessage(200, LogLevel.Error, "Handler for {Method} {Path} threw; its HTTP/2 stream was answered 500 or reset")]
    public static partial void HandlerFailed(ILogger logger, string method, string path, Exception ex);
}
