using Roadrunner.Http1;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Files;

/// <summary>
/// Answers GET and HEAD with a file under the root, with validators, conditional requests and byte ranges
/// (RFC 9110 §8.8, §13, §14). Nothing outside the root is ever served: the path goes through <see cref="SafePath"/>.
/// </summary>
internal sealed class StaticFileHandler : IHandler
{
    private static readonly BufferedResponse NotFound = Response.Text(404, "Not Found");
    private static readonly BufferedResponse BadRequest = Response.Text(400, "Bad Request");
    private static readonly BufferedResponse PreconditionFailed = Response.Empty(412);

    // RFC 9110 §15.5.6: a 405 carries Allow.
    private static readonly Response NotAllowed = Response.Text(405, "Method Not Allowed").WithHeader("allow", "GET, HEAD");
    private static readonly KeyValuePair<string, string> AcceptRanges = new("accept-ranges", "bytes");
    private static readonly KeyValuePair<string, string> VaryAcceptEncoding = new("vary", "Accept-Encoding");

    private readonly string _root;
    private readonly StaticFileOptions _options;
    private readonly SafePathOptions _paths;
    private readonly SafePathOptions? _folderPaths;
    private readonly SafePathOptions _siblingPaths;
    private readonly RootResolution _rootResolution = new();

    public StaticFileHandler(string root, StaticFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Binding);
        ArgumentNullException.ThrowIfNull(options.Ranges);
        ArgumentNullException.ThrowIfNull(options.Conditionals);
        if (options.CacheControl is { } cacheControl && (cacheControl.Length == 0 || !HeaderRules.IsValidValue(cacheControl)))
        {
            throw new ArgumentException("CacheControl is empty or holds CR, LF, NUL or another control character (RFC 9110 §5.5).", nameof(options));
        }

        if (options.IndexFile is { } index && (index.Length == 0 || index.AsSpan().ContainsAny('/', '\\') || index is "." or ".."))
        {
            throw new ArgumentException("IndexFile is a file name, without a folder.", nameof(options));
        }

        _root = root;
        _options = options;
        _paths = new SafePathOptions
        {
            Symlinks = options.Symlinks,
            AllowDotFiles = options.AllowDotFiles,
            AllowedDotSegments = options.AllowedDotSegments,
            MaxPathLength = options.MaxPathLength,
            MaxSegments = options.MaxSegments,
        };
        _folderPaths = options.IndexFile is null ? null : _paths with { DefaultDocument = options.IndexFile };
        // A sibling is one more name beside a file already admitted, so a leading dot is no new way out.
        _siblingPaths = _paths with { AllowDotFiles = true, MaxSegments = 1 };
    }

    public ValueTask<Response> HandleAsync(Request request) => new(Handle(request));

    private Response Handle(Request request)
    {
        if (request.KnownMethod is not (KnownMethod.Get or KnownMethod.Head))
        {
            return NotAllowed;
        }

        var raw = request.Bindings.TryGetValue(_options.Binding, out var bound) ? bound : string.Empty;
        if (!SafePath.TryResolve(_root, raw, _paths, _rootResolution, out var path, out var status))
        {
            // Only a folder resolves with the index file and not without it.
            if (status != 404 || _folderPaths is null || !SafePath.TryResolve(_root, raw, _folderPaths, _rootResolution, out path, out status))
            {
                return status == 400 ? BadRequest : NotFound;
            }

            if (!request.Path.EndsWith('/'))
            {
                return RedirectToFolder(request);
            }
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return NotFound;
        }

        var contentType = ContentTypes.FromPath(path);
        var coding = ContentCoding.Identity;
        var varies = false;
        if (_options.ServePrecompressed)
        {
            (path, file, coding, varies) = SelectVariant(request, path, file);
        }

        return Answer(request, path, file, contentType, coding, varies);
    }

    private Response Answer(Request request, string path, FileInfo file, string contentType, ContentCoding coding, bool varies)
    {
        var size = file.Length;
        var lastModified = LastModified(file);
        var tag = EntityTag.FromFile(size, file.LastWriteTimeUtc);
        if (coding != ContentCoding.Identity)
        {
            // RFC 9110 §8.8.3: each content coding of a resource is its own representation, with its own tag.
            tag = new EntityTag(tag.Tag + "-" + ContentCodings.ToToken(coding));
        }

        var h = request.Headers;
        var range = h.Get("range");
        var result = ConditionalRequest.Evaluate(
            request.Method,
            tag,
            lastModified,
            h.GetCombined("if-match"),
            h.GetCombined("if-none-match"),
            h.Get("if-modified-since"),
            h.Get("if-unmodified-since"),
            h.Get("if-range"),
            range is not null,
            _options.Conditionals);

        var etag = tag.ToString();
        var modified = HttpDate.Format(lastModified);
        switch (result.Outcome)
        {
            case ConditionalOutcome.PreconditionFailed:
                return PreconditionFailed;
            case ConditionalOutcome.NotModified:
                // RFC 9110 §15.4.5: a 304 carries the fields a 200 would have that guide caches, and no body.
                return Response.Empty(304).WithHeaders(Fields(etag, modified, varies, coding, null, acceptRanges: false));
        }

        if (result.RangeApplies)
        {
            switch (RangeHeader.TryParse(range, size, _options.Ranges, out var ranges))
            {
                case RangeOutcome.Unsatisfiable:
                    return Response.Empty(416).WithHeaders(Fields(etag, modified, varies, coding, ContentRange.FormatUnsatisfied(size), acceptRanges: true));
                case RangeOutcome.Satisfiable when ranges.Length == 1:
                    var only = ranges[0];
                    return Response.File(path, contentType, only.Start, only.Length, status: 206)
                        .WithHeaders(Fields(etag, modified, varies, coding, ContentRange.Format(only, size), acceptRanges: true));
                case RangeOutcome.Satisfiable:
                    return ByteRangesBody.Create(path, contentType, size, ranges)
                        .WithHeaders(Fields(etag, modified, varies, coding, null, acceptRanges: true));
            }
        }

        return Response.File(path, contentType).WithHeaders(Fields(etag, modified, varies, coding, null, acceptRanges: true));
    }

    private KeyValuePair<string, string>[] Fields(string etag, string lastModified, bool varies, ContentCoding coding, string? contentRange, bool acceptRanges)
    {
        var count = 2 + (acceptRanges ? 1 : 0) + (_options.CacheControl is null ? 0 : 1) + (varies ? 1 : 0)
            + (coding == ContentCoding.Identity ? 0 : 1) + (contentRange is null ? 0 : 1);
        var fields = new KeyValuePair<string, string>[count];
        var i = 0;
        if (acceptRanges)
        {
            fields[i++] = AcceptRanges;
        }

        fields[i++] = new("etag", etag);
        fields[i++] = new("last-modified", lastModified);
        if (_options.CacheControl is { } cacheControl)
        {
            fields[i++] = new("cache-control", cacheControl);
        }

        if (varies)
        {
            fields[i++] = VaryAcceptEncoding;
        }

        if (coding != ContentCoding.Identity)
        {
            fields[i++] = new("content-encoding", ContentCodings.ToToken(coding));
        }

        if (contentRange is not null)
        {
            fields[i] = new("content-range", contentRange);
        }

        return fields;
    }

    /// <summary>
    /// Picks <c>file.br</c> or <c>file.gz</c> when it exists and the client accepts its coding. The answer varies
    /// with <c>Accept-Encoding</c> as soon as a sibling exists, whichever variant this client gets.
    /// </summary>
    private (string Path, FileInfo File, ContentCoding Coding, bool Varies) SelectVariant(Request request, string path, FileInfo file)
    {
        Span<ContentCoding> available = stackalloc ContentCoding[2];
        var count = 0;
        var brotli = FindSibling(path, ".br");
        var gzip = FindSibling(path, ".gz");
        if (brotli is not null)
        {
            available[count++] = ContentCoding.Brotli;
        }

        if (gzip is not null)
        {
            available[count++] = ContentCoding.Gzip;
        }

        if (count == 0)
        {
            return (path, file, ContentCoding.Identity, false);
        }

        // Nothing acceptable (null) falls back to identity, which RFC 9110 §12.5.3 allows.
        return AcceptEncoding.Select(request.Headers.GetCombined("accept-encoding"), available[..count]) switch
        {
            ContentCoding.Brotli => (brotli!.FullName, brotli, ContentCoding.Brotli, true),
            ContentCoding.Gzip => (gzip!.FullName, gzip, ContentCoding.Gzip, true),
            _ => (path, file, ContentCoding.Identity, true),
        };
    }

    /// <summary>The sibling <paramref name="path"/> + <paramref name="suffix"/> when it is a file the symlink policy admits.</summary>
    private FileInfo? FindSibling(string path, string suffix)
    {
        var sibling = new FileInfo(path + suffix);
        if (!sibling.Exists)
        {
            return null;
        }

        if ((sibling.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return sibling;
        }

        // A link: resolve it beside the file under the same policy (its target must stay in the same folder).
        var name = (sibling.Name).Replace("%", "%25", StringComparison.Ordinal);
        return SafePath.TryResolve(Path.GetDirectoryName(sibling.FullName)!, name, _siblingPaths, out var resolved, out _)
            ? new FileInfo(resolved)
            : null;
    }

    /// <summary>
    /// A folder named without its trailing slash: 301 to the same path with it. The location is relative
    /// (<c>./name/</c>), so it stays on this origin whatever the path holds.
    /// </summary>
    private static Response RedirectToFolder(Request request)
    {
        var path = request.Path;
        var last = path[(path.LastIndexOf('/') + 1)..];
        var query = request.QueryString;
        return Response.Redirect(query.Length == 0 ? $"./{last}/" : $"./{last}/?{query}", 301);
    }

    /// <summary>The file's modification time to the second, never later than now (RFC 9110 §8.8.2.1).</summary>
    private static DateTimeOffset LastModified(FileInfo file)
    {
        var utc = new DateTimeOffset(file.LastWriteTimeUtc);
        var now = DateTimeOffset.UtcNow;
        if (utc > now)
        {
            utc = now;
        }

        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
