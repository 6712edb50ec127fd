namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Incremental, strict HTTP/1.1 request-head parser (RFC 9112 §2–§6, RFC 9110 §5).
/// </summary>
public sealed class Http1RequestParser
{
    /// <summary>Creates a parser bounded by <paramref name="options"/> (defaults when null).</summary>
    public Http1RequestParser(Http1Options? options = null) => Options = options ?? Http1Options.Default;

    /// <summary>The limits in force.</summary>
    public Http1Options Options { get; }

    /// <summary>
    /// Parses a request head from <paramref name="buffer"/>, which always starts at the first byte of the
    /// request (the same bytes as the previous call plus whatever arrived since).
    /// </summary>
    public Http1ParseStatus ParseHead(ReadOnlySpan<byte> buffer, RequestHead head, out int consumed, out Http1Error error)
        => throw new NotSupportedException("pending");

    /// <summary>Forgets any partial scan, ready for the next request.</summary>
    public void Reset()
    {
    }
}
