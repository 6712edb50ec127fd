using Microsoft.Extensions.Logging;

namespace Roadrunner.Server.Http1;

/// <summary>Log messages of the HTTP/1.1 connection.</summary>
internal static partial class Http1Log
{
    [LoggerMessage(100, LogLevel.Error, "Handler for {Method} {Path} threw; answered 500 and closed the connection")]
    public static partial void HandlerFailed(ILogger logger, string method, string path, Exception ex);
}
