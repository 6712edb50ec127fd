namespace Roadrunner.Server.Multipart;

/// <summary>
/// Bounds applied by <see cref="MultipartReader"/>. Part bodies are streamed, never buffered, so their size is
/// bounded by the request body limit of the server, not here; the preamble and epilogue are skipped the same way.
/// </summary>
public sealed record MultipartOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static MultipartOptions Default { get; } = new();

    /// <summary>
    /// Largest header section of one part, in bytes, every line with its CRLF and the empty line included.
    /// Default 8192; over it: <see cref="MultipartErrorKind.HeaderTooLarge"/>.
    /// </summary>
    public int MaxHeaderSize { get; init; } = 8192;

    /// <summary>Most header fields in one part. Default 16; over it: <see cref="MultipartErrorKind.TooManyHeaders"/>.</summary>
    public int MaxHeaderCount { get; init; } = 16;

    /// <summary>Most parts in one body. Default 100; over it: <see cref="MultipartErrorKind.TooManyParts"/>.</summary>
    public int MaxPartCount { get; init; } = 100;

    /// <summary>
    /// Most transport-padding bytes (SP, HTAB) between a boundary and its CRLF (RFC 2046 §5.1.1). Default 32;
    /// over it: <see cref="MultipartErrorKind.Malformed"/>.
    /// </summary>
    public int MaxTransportPadding { get; init; } = 32;
}
