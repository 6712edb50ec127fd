using System.IO.Compression;

namespace Roadrunner.Server.Compression;

/// <summary>The <c>System.IO.Compression</c> encoder for each content coding.</summary>
internal static class Compressors
{
    /// <summary>
    /// An encoder writing into <paramref name="sink"/>, which stays open. deflate is the zlib format (RFC 1950) that
    /// RFC 9110 §8.4.1.2 names, not a raw deflate stream.
    /// </summary>
    public static Stream Create(ContentCoding coding, Stream sink, CompressionOptions options) => coding switch
    {
        ContentCoding.Gzip => new GZipStream(sink, options.GzipLevel, leaveOpen: true),
        ContentCoding.Deflate => new ZLibStream(sink, options.DeflateLevel, leaveOpen: true),
        ContentCoding.Brotli => new BrotliStream(sink, new BrotliCompressionOptions { Quality = options.BrotliQuality }, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Not a compressing coding."),
    };

    /// <summary>Compresses <paramref name="body"/> whole; the result's buffer may be longer than its length.</summary>
    public static ArraySegment<byte> Compress(ReadOnlySpan<byte> body, ContentCoding coding, CompressionOptions options)
    {
        var sink = new MemoryStream(Math.Max(256, body.Length / 2));
        using (var encoder = Create(coding, sink, options))
        {
            encoder.Write(body);
        }

        return new ArraySegment<byte>(sink.GetBuffer(), 0, (int)sink.Length);
    }
}
