using System.IO.Compression;

namespace Roadrunner.Server.Compression;

/// <summary>How <see cref="ResponseCompression"/> compresses. Checked when the middleware is made.</summary>
public sealed record CompressionOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static CompressionOptions Default { get; } = new();

    /// <summary>
    /// The codings offered, most preferred first: a client that accepts several at the same weight gets the first.
    /// Default brotli, gzip, deflate. Identity is not a coding to list; an empty list turns compression off.
    /// </summary>
    public IReadOnlyList<ContentCoding> Codings { get; init; } = [ContentCoding.Brotli, ContentCoding.Gzip, ContentCoding.Deflate];

    /// <summary>
    /// Smallest buffered body, or file, compressed, in bytes. Default 1024: below it the coding's framing and the
    /// work cost more than they save. Stream responses are compressed whatever their size, since it is not known.
    /// </summary>
    public int MinimumSize { get; init; } = 1024;

    /// <summary>
    /// gzip level. Default <see cref="CompressionLevel.Fastest"/>: in our measurements 3 to 8 times the throughput of
    /// <see cref="CompressionLevel.Optimal"/> for about 10 points of ratio; clients that want smaller bodies ask for brotli.
    /// </summary>
    public CompressionLevel GzipLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>deflate (zlib format) level. Default <see cref="CompressionLevel.Fastest"/>, as for gzip.</summary>
    public CompressionLevel DeflateLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>
    /// Brotli quality, 0 (fastest) to 11 (smallest). Default 4: in our measurements as small as gzip at
    /// <see cref="CompressionLevel.Optimal"/> and about as fast, while 5 and above cost a third more time or worse for
    /// 1 to 3 points of ratio, and 11 is a thousand times slower (for files compressed once, ahead of time).
    /// </summary>
    public int BrotliQuality { get; init; } = 4;

    /// <summary>
    /// Compress file responses of a compressible type by streaming the file through the compressor (the body is then
    /// chunked, no longer sendfile). Default true. A file already encoded (a pre-compressed sibling served by
    /// <see cref="Files.StaticFiles"/>, which sets <c>Content-Encoding</c>) is left alone either way.
    /// </summary>
    public bool CompressFiles { get; init; } = true;

    /// <summary>
    /// Which content types are compressed. Default <see cref="CompressibleTypes.IsCompressible"/> (text, JSON, XML,
    /// JavaScript, SVG; never <c>text/event-stream</c> or <c>application/x-ndjson</c>).
    /// </summary>
    public Func<string, bool> IsCompressible { get; init; } = static type => CompressibleTypes.IsCompressible(type);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Codings);
        ArgumentNullException.ThrowIfNull(IsCompressible);
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumSize);
        ArgumentOutOfRangeException.ThrowIfNegative(BrotliQuality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BrotliQuality, 11);
        if (!Enum.IsDefined(GzipLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(GzipLevel), GzipLevel, "Not a compression level.");
        }

        if (!Enum.IsDefined(DeflateLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(DeflateLevel), DeflateLevel, "Not a compression level.");
        }

        foreach (var coding in Codings)
        {
            if (coding is not (ContentCoding.Gzip or ContentCoding.Deflate or ContentCoding.Brotli))
            {
                throw new ArgumentException($"{coding} is not a coding the middleware applies (gzip, deflate, br).", nameof(Codings));
            }
        }
    }
}
