namespace Roadrunner.Server.Responses;

/// <summary>The closed set of response shapes every protocol knows how to send.</summary>
public enum ResponseKind
{
    /// <summary>Status, headers and a body held in memory.</summary>
    Buffered,
    /// <summary>A body produced by a writer callback (chunked on HTTP/1.1), optionally with trailers.</summary>
    Stream,
    /// <summary>A long-lived body driven by messages posted to the handler (SSE, NDJSON feeds).</summary>
    Push,
    /// <summary>A file or a byte range of it.</summary>
    File,
    /// <summary>A WebSocket: the opening handshake, then messages both ways until the close handshake.</summary>
    WebSocket,
}
