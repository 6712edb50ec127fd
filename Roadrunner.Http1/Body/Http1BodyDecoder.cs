namespace Roadrunner.Http1.Body;

/// <summary>
/// Incremental request body decoder for Content-Length and chunked framing (RFC 9112 §6, §7.1).
/// </summary>
public sealed class Http1BodyDecoder
{
    /// <summary>Creates a decoder bounded by <paramref name="options"/>.</summary>
    public Http1BodyDecoder(Http1Options? options = null) => Options = options ?? Http1Options.Default;

    /// <summary>The limits in force.</summary>
    public Http1Options Options { get; }

    /// <summary>Body bytes decoded so far.</summary>
    public long Received { get; private set; }

    /// <summary>Starts a new body.</summary>
    public void Start(BodyFraming framing, long contentLength) => throw new NotSupportedException("pending");

    /// <summary>Decodes the next piece of the body from <paramref name="input"/>.</summary>
    public BodyDecodeStatus Decode(ReadOnlySpan<byte> input, out int consumed, out int dataOffset, out int dataLength, out Http1Error error)
        => throw new NotSupportedException("pending");

    /// <summary>Trailer fields, offsets relative to the input of the call that returned Complete.</summary>
    public ReadOnlySpan<FieldRange> Trailers => default;
}
