namespace Roadrunner.Server.Files;

/// <summary>How a static file handler behaves.</summary>
public sealed record StaticFileOptions
{
    /// <summary>The wildcard binding that holds the file's path. Default <c>path</c>.</summary>
    public string Binding { get; init; } = "path";

    /// <summary>The file served for a folder, or null for none. Default <c>index.html</c>.</summary>
    public string? IndexFile { get; init; } = "index.html";
}
