using Roadrunner.Http1;
using Roadrunner.Server.Files;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Compression;

/// <summary>The compression middleware for one <see cref="CompressionOptions"/>; see <see cref="ResponseCompression"/> for the rules.</summary>
internal sealed class CompressionMiddleware
{
    private const int ReadBufferSize = 64 * 1024;
    private static readonly KeyValuePair<string, string> VaryAcceptEncoding = new("vary", "Accept-Encoding");
    private static readonly object SeenOnce = new();

    private readonly CompressionOptions _options;
    private readonly ContentCoding[] _codings;

    public CompressionMiddleware(CompressionOptions options)
    {
        _options = options;
        _codings = [.. options.Codings];
    }

    public ValueTask<Response> InvokeAsync(Request request, Next next)
    {
        var pending = next(request);
        return pending.IsCompletedSuccessfully ? new ValueTask<Response>(Apply(request, pending.Result)) : AwaitAsync(request, pending);
    }

    private async ValueTask<Response> AwaitAsync(Request request, ValueTask<Response> pending) => Apply(request, await pending);

    /// <summary>The response to send instead of <paramref name="response"/>: compressed, marked with <c>Vary</c>, or as it is.</summary>
    internal Response Apply(Request request, Response response)
    {
        // Push bodies are message-driven and are never compressed; the default table also excludes event streams.
        if (response is null || response.Kind == ResponseKind.Push || (response.Kind == ResponseKind.File && !_options.CompressFiles)
            || response.ContentType is not { } type || !_options.IsCompressible(type))
        {
            return response!;
        }

        // Already encoded (a pre-compressed file) or marked not to be transformed (RFC 9111 §5.2.2.6): hands off.
        if (response.FindHeader("content-encoding") is not null || HasNoTransform(response))
        {
            return response;
        }

        // From here the answer depends on Accept-Encoding, whether it is compressed or not.
        if (_codings.Length == 0 || request.KnownMethod == KnownMethod.Head || response.Status is 204 or 206 or 304)
        {
            return Varied(response);
        }

        if (AcceptEncoding.Select(request.Headers.GetCombined("accept-encoding"), _codings) is not { } coding || coding == ContentCoding.Identity)
        {
            return Varied(response);
        }

        long fileOffset = 0, fileLength = 0;
        switch (response)
        {
            case BufferedResponse buffered when buffered.Body.Length < _options.MinimumSize:
                return Varied(response);
            case FileResponse file:
                // A missing file is the connection's to answer (404).
                if (!TryMeasure(file, out fileOffset, out fileLength))
                {
                    return response;
                }

                if (fileLength < _options.MinimumSize)
                {
                    return Varied(response);
                }

                break;
        }

        var etag = CompressedEntityTag(response, coding);
        if (etag is not null && response.Status == 200 && request.KnownMethod == KnownMethod.Get && IfNoneMatchHits(request, etag.Value))
        {
            return NotModified(response, etag.Value);
        }

        return response switch
        {
            BufferedResponse buffered => CompressBuffered(buffered, coding, etag),
            StreamResponse stream => CompressStream(stream, coding, etag),
            FileResponse file => CompressFile(file, coding, etag, fileOffset, fileLength),
            _ => response,
        };
    }

    /// <summary>The response with <c>Vary: Accept-Encoding</c> added unless it already says so (cached per buffered instance).</summary>
    private Response Varied(Response response)
    {
        if (VaryCovers(response))
        {
            return response;
        }

        if (response is BufferedResponse buffered && Cache(buffered) is { } cache)
        {
            return cache.Slots[0] ??= response.WithHeaders([.. response.HeaderArray, VaryAcceptEncoding]);
        }

        return response.WithHeaders([.. response.HeaderArray, VaryAcceptEncoding]);
    }

    private Response CompressBuffered(BufferedResponse response, ContentCoding coding, EntityTag? etag)
    {
        var cache = Cache(response);
        if (cache?.Slots[(int)coding] is { } cached)
        {
            return cached;
        }

        var compressed = Compressors.Compress(response.Body.Span, coding, _options);
        // A body that does not shrink goes as it is (incompressible data behind a text type).
        var result = compressed.Count >= response.Body.Length
            ? Varied(response)
            : response.WithBody(compressed, response.ContentType).WithHeaders(CompressedHeaders(response, coding, etag));
        if (cache is not null)
        {
            cache.Slots[(int)coding] = result;
        }

        return result;
    }

    private StreamResponse CompressStream(StreamResponse response, ContentCoding coding, EntityTag? etag)
    {
        var writer = response.Writer;
        var options = _options;
        return new StreamResponse(response.Status, response.ContentType, async inner =>
        {
            // Each write is compressed and flushed at once, so a slow feed reaches the client as it goes.
            using var compressing = new CompressingResponseStream(inner, coding, options, flushEachWrite: true);
            await writer(compressing);
            await compressing.CompleteAsync(inner.Aborted);
        }, CompressedHeaders(response, coding, etag));
    }

    private StreamResponse CompressFile(FileResponse response, ContentCoding coding, EntityTag? etag, long offset, long length)
    {
        var path = response.Path;
        var options = _options;
        return new StreamResponse(response.Status, response.ContentType, async inner =>
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            using var compressing = new CompressingResponseStream(inner, coding, options, flushEachWrite: false);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadBufferSize);
            try
            {
                var position = offset;
                var left = length;
                while (left > 0)
                {
                    var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), position, inner.Aborted);
                    if (n == 0)
                    {
                        break;
                    }

                    await compressing.WriteAsync(buffer.AsMemory(0, n), inner.Aborted);
                    position += n;
                    left -= n;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            await compressing.CompleteAsync(inner.Aborted);
        }, CompressedHeaders(response, coding, etag));
    }

    /// <summary>
    /// A 304 for a request whose <c>If-None-Match</c> names the compressed variant's tag, which the handler, knowing only
    /// the identity tag, could not match. It carries the fields RFC 9110 §15.4.5 asks for.
    /// </summary>
    private static Response NotModified(Response response, EntityTag etag)
    {
        var fields = new List<KeyValuePair<string, string>>(6) { new("etag", etag.ToString()) };
        var varied = false;
        foreach (var field in response.HeaderArray)
        {
            if (Is(field, "cache-control") || Is(field, "expires") || Is(field, "content-location") || Is(field, "last-modified"))
            {
                fields.Add(field);
            }
            else if (Is(field, "vary"))
            {
                fields.Add(field);
                varied |= VaryCovers(field.Value);
            }
        }

        if (!varied)
        {
            fields.Add(VaryAcceptEncoding);
        }

        return Response.Empty(304).WithHeaders([.. fields]);
    }

    /// <summary>
    /// The fields of the compressed variant: <c>Content-Encoding</c> added, <c>Vary</c> completed, a strong <c>ETag</c>
    /// made the variant's own, and <c>Accept-Ranges</c> dropped (a range request is answered from the identity).
    /// </summary>
    private static KeyValuePair<string, string>[] CompressedHeaders(Response response, ContentCoding coding, EntityTag? etag)
    {
        var fields = new List<KeyValuePair<string, string>>(response.HeaderArray.Length + 2);
        var varied = false;
        foreach (var field in response.HeaderArray)
        {
            if (Is(field, "accept-ranges"))
            {
                continue;
            }

            if (Is(field, "etag") && etag is { } tag)
            {
                fields.Add(new(field.Key, tag.ToString()));
                continue;
            }

            if (Is(field, "vary"))
            {
                varied |= VaryCovers(field.Value);
            }

            fields.Add(field);
        }

        if (!varied)
        {
            fields.Add(VaryAcceptEncoding);
        }

        fields.Add(new("content-encoding", ContentCodings.ToToken(coding)));
        return [.. fields];
    }

    /// <summary>
    /// RFC 9110 §8.8.3: a strong tag of the identity is not valid for the compressed variant, so the coding is appended
    /// inside the quotes (<c>"abc"</c> → <c>"abc-gzip"</c>). Weak tags, which equivalent variants may share, stay; null when
    /// there is no strong tag.
    /// </summary>
    private static EntityTag? CompressedEntityTag(Response response, ContentCoding coding)
    {
        if (response.FindHeader("etag") is not { } value || !EntityTag.TryParse(value, out var tag) || tag.IsWeak)
        {
            return null;
        }

        return new EntityTag(tag.Tag + "-" + ContentCodings.ToToken(coding));
    }

    private static bool IfNoneMatchHits(Request request, EntityTag etag)
    {
        var value = request.Headers.GetCombined("if-none-match");
        return value is not null && !value.AsSpan().Trim(" \t").SequenceEqual("*")
            && EntityTagList.Match(value, etag, weakComparison: true, ConditionalRequestOptions.Default.MaxEntityTags) == EntityTagMatch.Matched;
    }

    private static bool TryMeasure(FileResponse file, out long offset, out long length)
    {
        var info = new FileInfo(file.Path);
        offset = length = 0;
        if (!info.Exists)
        {
            return false;
        }

        offset = Math.Min(file.Offset, info.Length);
        length = file.Length < 0 ? info.Length - offset : Math.Min(file.Length, info.Length - offset);
        return true;
    }

    private static bool HasNoTransform(Response response)
    {
        foreach (var field in response.HeaderArray)
        {
            if (Is(field, "cache-control") && field.Value.Contains("no-transform", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool VaryCovers(Response response)
    {
        foreach (var field in response.HeaderArray)
        {
            if (Is(field, "vary") && VaryCovers(field.Value))
            {
                return true;
            }
        }

        return false;
    }

    // Vary = #( "*" / field-name ), RFC 9110 §12.5.5.
    private static bool VaryCovers(string value)
    {
        foreach (var range in value.AsSpan().Split(','))
        {
            var member = value.AsSpan(range).Trim(" \t");
            if (member.SequenceEqual("*") || member.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(KeyValuePair<string, string> field, string name) => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase);

    private Variants? Cache(BufferedResponse response)
    {
        // A response made per request is seen once: the variants are kept only for an instance seen again.
        var current = response.CompressionVariants;
        if (current is null)
        {
            Interlocked.CompareExchange(ref response.CompressionVariants, SeenOnce, null);
            return null;
        }

        if (ReferenceEquals(current, SeenOnce))
        {
            Interlocked.CompareExchange(ref response.CompressionVariants, new Variants(this), SeenOnce);
        }

        // Another middleware's (other options) variants are not ours to use.
        return response.CompressionVariants is Variants variants && ReferenceEquals(variants.Owner, this) ? variants : null;
    }

    /// <summary>Slot 0: the identity with <c>Vary</c>; then one slot per <see cref="ContentCoding"/>.</summary>
    private sealed class Variants(CompressionMiddleware owner)
    {
        public CompressionMiddleware Owner { get; } = owner;

        public Response?[] Slots { get; } = new Response?[4];
    }
}
