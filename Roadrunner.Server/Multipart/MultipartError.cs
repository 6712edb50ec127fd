namespace Roadrunner.Server.Multipart;

/// <summary>Why a multipart body was rejected.</summary>
public enum MultipartErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input ended before the close delimiter.</summary>
    Truncated,

    /// <summary>A part header line is not <c>name: value</c> with a token name and a valid value, or a field is repeated or unparsable.</summary>
    MalformedHeader,

    /// <summary>A part header section is larger than <see cref="MultipartOptions.MaxHeaderSize"/>.</summary>
    HeaderTooLarge,

    /// <summary>A part has more header fields than <see cref="MultipartOptions.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>The body has more parts than <see cref="MultipartOptions.MaxPartCount"/>.</summary>
    TooManyParts,

    /// <summary>The framing is broken: a boundary followed by more transport padding than <see cref="MultipartOptions.MaxTransportPadding"/>.</summary>
    Malformed,
}

/// <summary>A rejected multipart body: the kind and a constant reason. A server typically answers 400 (413 for the size and count limits).</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A constant, human-readable reason.</param>
public readonly record struct MultipartError(MultipartErrorKind Kind, string Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Kind == MultipartErrorKind.None;
}
