namespace Roadrunner.Server.Cookies;

/// <summary>Why a <c>Cookie</c> header was rejected.</summary>
public enum CookieErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The field value is longer than <see cref="CookieOptions.MaxHeaderLength"/>.</summary>
    HeaderTooLong,

    /// <summary>More valid pairs than <see cref="CookieOptions.MaxCookieCount"/>.</summary>
    TooManyCookies,

    /// <summary>One pair is longer than <see cref="CookieOptions.MaxCookieLength"/>.</summary>
    CookieTooLong,
}

/// <summary>
/// A rejected <c>Cookie</c> header: the kind and a constant reason. A server typically answers 431 or
/// carries on as if no cookies were sent.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A constant, human-readable reason.</param>
public readonly record struct CookieError(CookieErrorKind Kind, string Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Kind == CookieErrorKind.None;

    internal static CookieError HeaderTooLong => new(CookieErrorKind.HeaderTooLong, "Cookie header longer than the configured limit");

    internal static CookieError TooManyCookies => new(CookieErrorKind.TooManyCookies, "More cookies than the configured limit");

    internal static CookieError CookieTooLong => new(CookieErrorKind.CookieTooLong, "Cookie pair longer than the configured limit");
}
