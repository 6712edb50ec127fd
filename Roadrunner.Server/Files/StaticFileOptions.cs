namespace Roadrunner.Server.Files;

/// <summary>How a static file handler (<see cref="StaticFiles.From"/>) behaves. Every limit says what happens over it.</summary>
public sealed record StaticFileOptions
{
    /// <summary>The wildcard binding that holds the file's path, still percent-encoded. Default <c>path</c>.</summary>
    public string Binding { get; init; } = "path";

    /// <summary>
    /// The file served for a folder, or null for none (a folder is then 404). Default <c>index.html</c>. A folder
    /// asked for without its trailing slash is redirected (301) to the same path with it, so relative links in the
    /// index resolve; a folder without this file is 404.
    /// </summary>
    public string? IndexFile { get; init; } = "index.html";

    /// <summary>
    /// The <c>Cache-Control</c> value sent with every file (200, 206 and 304), or null for none. Default null.
    /// Validated when the handler is made: CR, LF and other control characters throw <see cref="ArgumentException"/>.
    /// </summary>
    public string? CacheControl { get; init; }

    /// <summary>
    /// Serve names starting with <c>.</c> (<c>.git</c>, <c>.env</c>). Default false: such paths are 404, except
    /// the segments in <see cref="AllowedDotSegments"/>.
    /// </summary>
    public bool AllowDotFiles { get; init; }

    /// <summary>Dot-segments served even when <see cref="AllowDotFiles"/> is false. Default <c>.well-known</c> (RFC 8615).</summary>
    public IReadOnlyList<string> AllowedDotSegments { get; init; } = [".well-known"];

    /// <summary>How symbolic links below the root are treated. Default <see cref="SymlinkPolicy.RefuseEscapes"/>: a link whose target leaves the root is 404.</summary>
    public SymlinkPolicy Symlinks { get; init; } = SymlinkPolicy.RefuseEscapes;

    /// <summary>Longest path after the mount, still percent-encoded, in characters. Default 4096; over it: 404.</summary>
    public int MaxPathLength { get; init; } = 4096;

    /// <summary>Most segments in the path after the mount. Default 64; over it: 404.</summary>
    public int MaxSegments { get; init; } = 64;

    /// <summary>
    /// Serve <c>file.br</c> or <c>file.gz</c> beside <c>file</c>, when present and accepted by the client's
    /// <c>Accept-Encoding</c>, with <c>Content-Encoding</c>, <c>Vary: Accept-Encoding</c> and an entity tag of its own.
    /// Brotli is preferred over gzip at equal weight. Default true.
    /// </summary>
    public bool ServePrecompressed { get; init; } = true;

    /// <summary>
    /// Bounds on <c>Range</c> headers. Default <see cref="RangeOptions.Default"/>: more than 16 ranges and the header is
    /// ignored (a full 200); ranges closer than 80 bytes are merged. Several ranges are answered as one
    /// <c>multipart/byteranges</c> body.
    /// </summary>
    public RangeOptions Ranges { get; init; } = RangeOptions.Default;

    /// <summary>
    /// Bounds on <c>If-Match</c> / <c>If-None-Match</c>. Default <see cref="ConditionalRequestOptions.Default"/>: a list
    /// of more than 32 entity tags is invalid (If-Match fails with 412, If-None-Match is ignored).
    /// </summary>
    public ConditionalRequestOptions Conditionals { get; init; } = ConditionalRequestOptions.Default;
}
