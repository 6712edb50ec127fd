namespace Roadrunner.Server.Responses;

/// <summary>A response whose whole body is in memory. Cache instances freely: they are immutable.</summary>
public sealed class BufferedResponse : Response
{
    internal BufferedResponse(int status, string? contentType, ReadOnlyMemory<byte> body, KeyValuePair<string, string>[] headers)
        : base(status, contentType, headers)
    {
        if ((status is 204 or 304) && !body.IsEmpty) throw new ArgumentException($"A {status} response has no body (RFC 9110 §15.3.5, §15.4.5).", nameof(body));
        Body = body;
    }

    /// <inheritdoc />
    public override ResponseKind Kind => ResponseKind.Buffered;

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// The HTTP/1.1 head without Date and connection fields, encoded on first use and then shared by every
    /// request that returns this instance.
    /// </summary>
    internal byte[]? Http1HeadCache;

    /// <summary>
    /// How many times this instance has been sent over HTTP/1.1. The head is cached from the second use on,
    /// so a response made per request costs no extra allocation and a cached one is encoded once.
    /// </summary>
    internal int Http1Uses;

    /// <summary>
    /// Variants of this instance made by the compression middleware (one per coding, and the identity with
    /// <c>Vary</c>), kept so a cached response is compressed once and its variants' heads are cached too.
    /// </summary>
    internal object? CompressionVariants;

    /// <summary>Returns a copy with another body of the same content type.</summary>
    public BufferedResponse WithBody(ReadOnlyMemory<byte> body, string? contentType) => new(Status, contentType, body, HeaderArray);

    internal override Response WithHeaders(KeyValuePair<string, string>[] headers) => new BufferedResponse(Status, ContentType, Body, headers);
}
