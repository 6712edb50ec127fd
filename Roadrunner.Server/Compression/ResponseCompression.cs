using Roadrunner.Server.Handlers;

namespace Roadrunner.Server.Compression;

/// <summary>
/// Middleware that compresses responses with gzip, deflate (zlib format, RFC 9110 §8.4.1.2) or brotli, chosen from
/// the request's <c>Accept-Encoding</c> by <see cref="AcceptEncoding.Select(string, ReadOnlySpan{ContentCoding})"/>.
/// </summary>
/// <remarks>
/// <para>A response is compressed only when all of these hold; otherwise it is sent as it is:</para>
/// <list type="bullet">
/// <item>its content type is compressible (<see cref="CompressionOptions.IsCompressible"/>);</item>
/// <item>the client accepts a coding: a request without <c>Accept-Encoding</c>, or one that prefers identity
/// (<c>identity;q=1, *;q=0</c>), gets identity;</item>
/// <item>it is not an answer to HEAD, nor a 204, 206 or 304;</item>
/// <item>it carries no <c>Content-Encoding</c> and no <c>Cache-Control: no-transform</c>;</item>
/// <item>a buffered body or a file has at least <see cref="CompressionOptions.MinimumSize"/> bytes (streams always qualify).</item>
/// </list>
/// <para>Every compressible response that is not already encoded gets <c>Vary: Accept-Encoding</c>, compressed or
/// not, so caches keep the variants apart.</para>
/// <para>By shape: a buffered body is compressed into a new buffered response (the server computes its length); if
/// it does not shrink it goes uncompressed. A stream response is wrapped so each write is compressed and flushed at
/// once, and its trailers pass through. A file response becomes a stream that reads the file through the compressor
/// (so it is chunked rather than sent with sendfile; turn this off with <see cref="CompressionOptions.CompressFiles"/>);
/// a pre-compressed file served by <see cref="Files.StaticFiles"/> carries <c>Content-Encoding</c> and is left alone.
/// Push responses (SSE) are never compressed: each message must reach the client as it is posted, and an event
/// stream is not a compressible type anyway.</para>
/// <para>A strong <c>ETag</c> is made the variant's own by appending the coding inside the quotes (<c>"x"</c> →
/// <c>"x-gzip"</c>, RFC 9110 §8.8.3); a GET whose <c>If-None-Match</c> names that tag is answered 304 here, since the
/// handler only knows the identity's tag. <c>Accept-Ranges</c> is removed from a compressed response: ranges are
/// served from the identity representation. A buffered response instance that is returned again and again
/// (a cached one) is compressed once per coding.</para>
/// </remarks>
/// <example>
/// <code>
/// Middlewares = [ResponseCompression.Middleware],                                         // the defaults
/// Middlewares = [ResponseCompression.Create(new CompressionOptions { BrotliQuality = 5 })],
/// </code>
/// </example>
public static class ResponseCompression
{
    /// <summary>The middleware with <see cref="CompressionOptions.Default"/>.</summary>
    public static Middleware Middleware { get; } = Create(CompressionOptions.Default);

    /// <summary>A compression middleware with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range (a brotli quality outside 0–11, a negative size, identity in <see cref="CompressionOptions.Codings"/>).</exception>
    public static Middleware Create(CompressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new CompressionMiddleware(options).InvokeAsync;
    }
}
