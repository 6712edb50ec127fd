namespace Roadrunner.Server.Cookies;

/// <summary>
/// Fluent construction of a <see cref="SetCookie"/>. Each call validates its argument at once and throws
/// <see cref="ArgumentException"/> for a value that is not allowed (see <see cref="SetCookie"/>).
/// </summary>
/// <example>
/// <code>
/// string header = new SetCookieBuilder("sid", token)
///     .Path("/").Secure().HttpOnly().SameSite(CookieSameSite.Strict).MaxAge(TimeSpan.FromHours(1))
///     .ToHeaderValue();
/// </code>
/// </example>
public sealed class SetCookieBuilder
{
    private SetCookie _cookie;

    /// <summary>Starts a cookie named <paramref name="name"/> with <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a token or the value not cookie-octets.</exception>
    public SetCookieBuilder(string name, string value) => _cookie = new SetCookie(name, value);

    /// <summary>Sets the <c>Domain</c> attribute.</summary>
    public SetCookieBuilder Domain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _cookie = _cookie with { Domain = domain };
        return this;
    }

    /// <summary>Sets the <c>Path</c> attribute.</summary>
    public SetCookieBuilder Path(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _cookie = _cookie with { Path = path };
        return this;
    }

    /// <summary>Sets the <c>Expires</c> attribute.</summary>
    public SetCookieBuilder Expires(DateTimeOffset expires)
    {
        _cookie = _cookie with { Expires = expires };
        return this;
    }

    /// <summary>Sets the <c>Max-Age</c> attribute in whole seconds.</summary>
    public SetCookieBuilder MaxAge(long seconds)
    {
        _cookie = _cookie with { MaxAge = seconds };
        return this;
    }

    /// <summary>Sets the <c>Max-Age</c> attribute, truncated to whole seconds.</summary>
    public SetCookieBuilder MaxAge(TimeSpan maxAge) => MaxAge((long)Math.Floor(maxAge.TotalSeconds));

    /// <summary>Adds <c>Secure</c>.</summary>
    public SetCookieBuilder Secure(bool secure = true)
    {
        _cookie = _cookie with { Secure = secure };
        return this;
    }

    /// <summary>Adds <c>HttpOnly</c>.</summary>
    public SetCookieBuilder HttpOnly(bool httpOnly = true)
    {
        _cookie = _cookie with { HttpOnly = httpOnly };
        return this;
    }

    /// <summary>Sets <c>SameSite</c>.</summary>
    public SetCookieBuilder SameSite(CookieSameSite sameSite)
    {
        _cookie = _cookie with { SameSite = sameSite };
        return this;
    }

    /// <summary>Adds <c>Partitioned</c>.</summary>
    public SetCookieBuilder Partitioned(bool partitioned = true)
    {
        _cookie = _cookie with { Partitioned = partitioned };
        return this;
    }

    /// <summary>Wraps the value in DQUOTEs when serialized.</summary>
    public SetCookieBuilder QuoteValue(bool quote = true)
    {
        _cookie = _cookie with { QuoteValue = quote };
        return this;
    }

    /// <summary>The cookie built so far.</summary>
    public SetCookie Build() => _cookie;

    /// <summary>Serializes the <c>Set-Cookie</c> field value; see <see cref="SetCookie.ToHeaderValue"/>.</summary>
    public string ToHeaderValue() => _cookie.ToHeaderValue();
}
