namespace Roadrunner.Http2.Headers;

/// <summary>Which kind of field section a block carries; it decides which pseudo-header fields are allowed.</summary>
internal enum HeaderBlockKind
{
    /// <summary>A request header section (RFC 9113 §8.3.1).</summary>
    Request,
    /// <summary>A response header section (RFC 9113 §8.3.2).</summary>
    Response,
    /// <summary>A trailer section: no pseudo-header fields (RFC 9113 §8.1).</summary>
    Trailers,
}
