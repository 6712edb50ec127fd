namespace Roadrunner.Hpack;

/// <summary>
/// Why a header block could not be decoded. Any of these is a connection error of type COMPRESSION_ERROR
/// in HTTP/2 (RFC 9113 §4.3), except <see cref="HpackErrorKind.HeaderListTooLarge"/>, which the caller may
/// answer per stream. Wire input never throws; it produces one of these.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A constant reason citing the RFC section.</param>
public readonly record struct HpackError(HpackErrorKind Kind, string Reason)
{
    /// <summary>No error: the block decoded and the header list is within its limit.</summary>
    public static readonly HpackError None = new(HpackErrorKind.None, string.Empty);

    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Kind == HpackErrorKind.None;
}
