namespace Roadrunner.Server.Cookies;

/// <summary>The <c>SameSite</c> attribute of a <c>Set-Cookie</c> (RFC 6265bis §4.1.2.7).</summary>
public enum CookieSameSite
{
    /// <summary>No attribute is written; the user agent applies its default (Lax in current browsers).</summary>
    Unspecified = 0,

    /// <summary><c>SameSite=Strict</c>: sent only with same-site requests.</summary>
    Strict,

    /// <summary><c>SameSite=Lax</c>: also sent with top-level cross-site navigations.</summary>
    Lax,

    /// <summary><c>SameSite=None</c>: sent with cross-site requests; requires <c>Secure</c>.</summary>
    None,
}
