using Roadrunner.Server.Handlers;

namespace Roadrunner.Server.Files;

/// <summary>Serves files from a folder; mount it on a route that ends in a wildcard.</summary>
/// <example>
/// <code>
/// Route.Map("/static/*path", StaticFiles.From("wwwroot"))
/// </code>
/// </example>
public static class StaticFiles
{
    /// <summary>A handler serving the files under <paramref name="root"/>, reading the path from the route's wildcard binding.</summary>
    public static IHandler From(string root, StaticFileOptions? options = null) =>
        new StaticFileHandler(Path.GetFullPath(root), options ?? new StaticFileOptions());
}
