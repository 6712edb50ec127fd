namespace Roadrunner.Server.Cookies;

/// <summary>Bounds applied when parsing a <c>Cookie</c> request header. Each limit, when exceeded, makes the parse fail with a <see cref="CookieError"/>.</summary>
public sealed record CookieOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static CookieOptions Default { get; } = new();

    /// <summary>Most cookie pairs kept from one request. Default 50; over it: <see cref="CookieErrorKind.TooManyCookies"/>.</summary>
    public int MaxCookieCount { get; init; } = 50;

    /// <summary>
    /// Longest <c>Cookie</c> field value, in characters (all field values together when several are given).
    /// Default 8192, the HTTP/1.1 header line limit; over it: <see cref="CookieErrorKind.HeaderTooLong"/>.
    /// </summary>
    public int MaxHeaderLength { get; init; } = 8192;

    /// <summary>
    /// Longest single cookie pair (name, <c>=</c> and value), in characters. Default 4096, the size RFC 6265 §6.1
    /// asks user agents to support; over it: <see cref="CookieErrorKind.CookieTooLong"/>.
    /// </summary>
    public int MaxCookieLength { get; init; } = 4096;
}
