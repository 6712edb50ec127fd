using Roadrunner.Http1;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Files;

/// <summary>Answers GET and HEAD with a file under the root; nothing outside the root is ever served.</summary>
internal sealed class StaticFileHandler(string root, StaticFileOptions options) : IHandler
{
    private static readonly BufferedResponse NotFound = Response.Text(404, "Not Found");
    private static readonly Response NotAllowed = Response.Text(405, "Method Not Allowed").WithHeader("allow", "GET, HEAD");
    private readonly string _root = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;

    public ValueTask<Response> HandleAsync(Request request)
    {
        if (request.KnownMethod is not (KnownMethod.Get or KnownMethod.Head)) return new(NotAllowed);
        var relative = request.Bindings.TryGetValue(options.Binding, out var p) ? p : string.Empty;
        var full = Resolve(relative);
        if (full is null) return new(NotFound);
        if (Directory.Exists(full))
        {
            if (options.IndexFile is null) return new(NotFound);
            full = Path.Combine(full, options.IndexFile);
        }

        if (!File.Exists(full)) return new(NotFound);
        return new(Response.File(full, ContentTypeOf(full)));
    }

    /// <summary>Decodes the path once and refuses anything that could leave the root.</summary>
    private string? Resolve(string encoded)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(encoded);
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (decoded.Contains('\0') || decoded.Contains('\\')) return null;
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is ".." or ".") return null;
        }

        var full = Path.GetFullPath(Path.Combine(_root, decoded.TrimStart('/')));
        return full.StartsWith(_root, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == _root ? full : null;
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".json" => "application/json",
        ".txt" => "text/plain; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    };
}
