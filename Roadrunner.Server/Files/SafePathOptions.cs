namespace Roadrunner.Server.Files;

/// <summary>Rules and bounds for <see cref="SafePath.TryResolve(string, ReadOnlySpan{char}, SafePathOptions, out string, out int)"/>.</summary>
public sealed record SafePathOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static SafePathOptions Default { get; } = new();

    /// <summary>How symbolic links below the root are treated. Default <see cref="SymlinkPolicy.RefuseEscapes"/>.</summary>
    public SymlinkPolicy Symlinks { get; init; } = SymlinkPolicy.RefuseEscapes;

    /// <summary>
    /// Serve names starting with <c>.</c> (<c>.git</c>, <c>.env</c>). Default false: such segments are refused
    /// with 404, except those in <see cref="AllowedDotSegments"/>.
    /// </summary>
    public bool AllowDotFiles { get; init; }

    /// <summary>Dot-segments served even when <see cref="AllowDotFiles"/> is false. Default <c>.well-known</c> (RFC 8615).</summary>
    public IReadOnlyList<string> AllowedDotSegments { get; init; } = [".well-known"];

    /// <summary>Longest request path (still percent-encoded), in characters. Default 4096; over it: 404.</summary>
    public int MaxPathLength { get; init; } = 4096;

    /// <summary>Most path segments. Default 64; over it: 404.</summary>
    public int MaxSegments { get; init; } = 64;

    /// <summary>
    /// A file name tried inside a directory (for example <c>index.html</c>), checked like any other segment.
    /// Default null: a directory resolves to 404.
    /// </summary>
    public string? DefaultDocument { get; init; }
}
