namespace Roadrunner.Server.Compression;

/// <summary>A content coding (RFC 9110 §8.4.1) the server can apply to a response.</summary>
public enum ContentCoding
{
    /// <summary>No coding (<c>identity</c>).</summary>
    Identity = 0,

    /// <summary><c>gzip</c> (RFC 1952); <c>x-gzip</c> is read as this.</summary>
    Gzip,

    /// <summary><c>deflate</c>: the zlib format (RFC 1950).</summary>
    Deflate,

    /// <summary><c>br</c>: Brotli (RFC 7932).</summary>
    Brotli,
}

/// <summary>Names of <see cref="ContentCoding"/> values as written in <c>Content-Encoding</c>.</summary>
public static class ContentCodings
{
    /// <summary>The token for <paramref name="coding"/>: <c>identity</c>, <c>gzip</c>, <c>deflate</c> or <c>br</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="coding"/> is not a defined value.</exception>
    public static string ToToken(ContentCoding coding) => coding switch
    {
        ContentCoding.Identity => "identity",
        ContentCoding.Gzip => "gzip",
        ContentCoding.Deflate => "deflate",
        ContentCoding.Brotli => "br",
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Unknown content coding."),
    };
}
