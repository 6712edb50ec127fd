namespace Roadrunner.Http1;

/// <summary>How a request body is delimited (RFC 9112 §6.3).</summary>
public enum BodyFraming
{
    /// <summary>No body.</summary>
    None,
    /// <summary>Exactly <c>Content-Length</c> bytes.</summary>
    ContentLength,
    /// <summary>The chunked transfer coding (RFC 9112 §7.1).</summary>
    Chunked,
}
