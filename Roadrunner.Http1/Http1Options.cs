namespace Roadrunner.Http1;

/// <summary>
/// Bounds applied to every inbound HTTP/1.1 message. Each limit answers with the status named on it
/// when exceeded. Defaults follow the reference server.
/// </summary>
public sealed record Http1Options
{
    /// <summary>Shared instance with the defaults.</summary>
    public static Http1Options Default { get; } = new();

    /// <summary>Longest request line (method, target, version, without CRLF). Default 8192; over it: 414.</summary>
    public int MaxRequestLineLength { get; init; } = 8192;

    /// <summary>Longest single header field line (without CRLF). Default 8192; over it: 431.</summary>
    public int MaxHeaderLineLength { get; init; } = 8192;

    /// <summary>Longest header section (all field lines with their CRLFs, after the request line). Default 10240; over it: 431.</summary>
    public int MaxHeaderBlockLength { get; init; } = 10240;

    /// <summary>Most header fields in one request. Default 100; over it: 431.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Largest request body, declared or chunked. Default 10 MB (10,000,000 bytes); over it: 413.</summary>
    public long MaxContentLength { get; init; } = 10_000_000;

    /// <summary>Longest chunk-size line including extensions (RFC 9112 §7.1.1). Default 1024; over it: 400.</summary>
    public int MaxChunkLineLength { get; init; } = 1024;

    /// <summary>Longest trailer section (RFC 9112 §7.1.2). Default 4096; over it: 431.</summary>
    public int MaxTrailerBlockLength { get; init; } = 4096;

    /// <summary>Most trailer fields. Default 20; over it: 431.</summary>
    public int MaxTrailerCount { get; init; } = 20;

    /// <summary>
    /// Whether an HTTP/1.1 request without Host is rejected (RFC 9112 §3.2: the server MUST answer 400).
    /// Always true outside this assembly's tests, which turn it off to compare pure message syntax with
    /// corpora that omit Host.
    /// </summary>
    internal bool RequireHost { get; init; } = true;
}
