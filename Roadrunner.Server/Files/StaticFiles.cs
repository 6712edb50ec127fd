using Roadrunner.Server.Handlers;

namespace Roadrunner.Server.Files;

/// <summary>Serves files from a folder; mount it on a route that ends in a wildcard.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>GET and HEAD; any other method is 405 with <c>Allow: GET, HEAD</c>.</item>
/// <item>The wildcard binding is taken still percent-encoded and decoded once by <see cref="SafePath"/>; every
/// refusal (traversal in any encoding, NUL, backslash, dot-files, a link out of the root, a missing file or a
/// folder without index) is 404, a malformed escape 400.</item>
/// <item>Validators: a strong <c>ETag</c> from the size and modification time, and <c>Last-Modified</c>.
/// <c>If-Match</c>, <c>If-Unmodified-Since</c>, <c>If-None-Match</c> and <c>If-Modified-Since</c> are evaluated
/// in the order of RFC 9110 §13.2.2 (<see cref="ConditionalRequest"/>): 412, or 304 with the validators,
/// <c>Cache-Control</c> and <c>Vary</c> but no body.</item>
/// <item><c>Accept-Ranges: bytes</c>. One range is a 206 with <c>Content-Range</c>, sent as a file response; several
/// are one 206 <c>multipart/byteranges</c> body; none satisfiable is 416 with <c>Content-Range: bytes */size</c>; an
/// invalid header is ignored (200). <c>If-Range</c> that does not match sends the whole file.</item>
/// <item>Bodies go out as the file shape: sendfile on plain TCP.</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// Route.Map("/static/*path", StaticFiles.From("wwwroot", new StaticFileOptions { CacheControl = "public, max-age=3600" }))
/// </code>
/// </example>
public static class StaticFiles
{
    /// <summary>A handler serving the files under <paramref name="root"/>, reading the path from the route's wildcard binding.</summary>
    /// <exception cref="ArgumentException">An option is invalid (an empty binding, a <c>Cache-Control</c> with a control character, an index file with a folder in it).</exception>
    public static IHandler From(string root, StaticFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return new StaticFileHandler(Path.GetFullPath(root), options ?? new StaticFileOptions());
    }
}
