namespace Roadrunner.Server.Forms;

/// <summary>Why urlencoded input was rejected.</summary>
public enum FormErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>More pairs than <see cref="FormOptions.MaxPairCount"/>.</summary>
    TooManyPairs,

    /// <summary>A name longer than <see cref="FormOptions.MaxKeyLength"/>.</summary>
    KeyTooLong,

    /// <summary>A value longer than <see cref="FormOptions.MaxValueLength"/>.</summary>
    ValueTooLong,

    /// <summary>A <c>%</c> not followed by two hexadecimal digits (<c>%zz</c>, <c>%4</c> at the end).</summary>
    InvalidPercentEncoding,

    /// <summary>The decoded bytes are not well-formed UTF-8 (or the text input holds a lone surrogate).</summary>
    InvalidUtf8,
}

/// <summary>
/// Rejected urlencoded input: the kind, a constant reason and the offset in the input where the faulty name or
/// value starts. A server typically answers 400 (413 or 414 for the length limits).
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A constant, human-readable reason.</param>
/// <param name="Offset">Offset in the input of the faulty name or value (0 for pair-count errors at the start).</param>
public readonly record struct FormError(FormErrorKind Kind, string Reason, int Offset)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Kind == FormErrorKind.None;

    internal static FormError TooManyPairs(int offset) => new(FormErrorKind.TooManyPairs, "More name/value pairs than the configured limit", offset);

    internal static FormError KeyTooLong(int offset) => new(FormErrorKind.KeyTooLong, "Name longer than the configured limit", offset);

    internal static FormError ValueTooLong(int offset) => new(FormErrorKind.ValueTooLong, "Value longer than the configured limit", offset);

    internal static FormError InvalidPercentEncoding(int offset) => new(FormErrorKind.InvalidPercentEncoding, "'%' not followed by two hexadecimal digits", offset);

    internal static FormError InvalidUtf8(int offset) => new(FormErrorKind.InvalidUtf8, "Percent-decoded bytes are not well-formed UTF-8", offset);
}
