using System.Buffers;
using Roadrunner.Server.Files;

namespace Roadrunner.Server.Cookies;

/// <summary>
/// One <c>Set-Cookie</c> response header value (RFC 6265 §4.1, with <c>SameSite</c> and <c>Partitioned</c> from
/// RFC 6265bis and CHIPS). Every property is validated when set, so a value that could inject another header or
/// attribute (<c>;</c>, CR, LF, NUL or any other control character) throws <see cref="ArgumentException"/>:
/// building a cookie is programmer input, never client input. Rules that tie attributes together
/// (<c>SameSite=None</c> and <c>Partitioned</c> need <c>Secure</c>; the <c>__Secure-</c> and <c>__Host-</c> name
/// prefixes) are checked by <see cref="ToHeaderValue"/>.
/// </summary>
/// <example>
/// <code>
/// var cookie = new SetCookie("sid", "abc123") { Path = "/", Secure = true, HttpOnly = true, SameSite = CookieSameSite.Lax };
/// string header = cookie.ToHeaderValue();   // "sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"
/// </code>
/// </example>
public sealed record SetCookie
{
    /// <summary>Largest name plus value, in characters: 4096 (RFC 6265bis §5.6: user agents drop larger cookies).</summary>
    public const int MaxNameAndValueLength = 4096;

    /// <summary>Longest <c>Domain</c> or <c>Path</c> value: 1024 (RFC 6265bis §5.6: user agents ignore longer attributes).</summary>
    public const int MaxAttributeValueLength = 1024;

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
    private static readonly SearchValues<char> CookieOctets = SearchValues.Create(
        "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> DomainChars =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Creates a cookie; <paramref name="name"/> must be a token and <paramref name="value"/> cookie-octets.</summary>
    /// <exception cref="ArgumentException">The name or value is not allowed.</exception>
    public SetCookie(string name, string value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The cookie name: a non-empty token (RFC 9110 §5.6.2).</summary>
    public string Name
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length == 0 || value.AsSpan().ContainsAnyExcept(TokenChars))
            {
                throw new ArgumentException("A cookie name must be a non-empty token (RFC 6265 §4.1.1).", nameof(Name));
            }

            field = value;
        }
    }

    /// <summary>The cookie value: zero or more cookie-octets (RFC 6265 §4.1.1), no DQUOTE, comma, semicolon, backslash, space or control character.</summary>
    public string Value
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.AsSpan().ContainsAnyExcept(CookieOctets))
            {
                throw new ArgumentException("A cookie value must be cookie-octets only (RFC 6265 §4.1.1).", nameof(Value));
            }

            field = value;
        }
    }

    /// <summary>Writes the value wrapped in DQUOTEs, which RFC 6265 §4.1.1 allows. Default false.</summary>
    public bool QuoteValue { get; init; }

    /// <summary>The <c>Domain</c> attribute: letters, digits, <c>-</c> and <c>.</c> only (punycode for IDNs); null omits it.</summary>
    public string? Domain
    {
        get;
        init
        {
            if (value is not null && (value.Length == 0 || value.Length > MaxAttributeValueLength || value.AsSpan().ContainsAnyExcept(DomainChars)))
            {
                throw new ArgumentException("Domain must be a non-empty host name of letters, digits, '-' and '.'.", nameof(Domain));
            }

            field = value;
        }
    }

    /// <summary>The <c>Path</c> attribute: starts with <c>/</c>, printable US-ASCII without <c>;</c>; null omits it.</summary>
    public string? Path
    {
        get;
        init
        {
            if (value is not null && !IsValidPath(value))
            {
                throw new ArgumentException("Path must start with '/' and hold printable US-ASCII other than ';' (RFC 6265 §4.1.1).", nameof(Path));
            }

            field = value;
        }
    }

    /// <summary>The <c>Expires</c> attribute, written as an IMF-fixdate in GMT; null omits it.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The <c>Max-Age</c> attribute in seconds (0 expires the cookie at once); null omits it.</summary>
    public long? MaxAge
    {
        get;
        init
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxAge), value, "Max-Age must be zero or positive; use 0 to delete a cookie.");
            }

            field = value;
        }
    }

    /// <summary>Writes <c>Secure</c>: the cookie is sent over secure channels only.</summary>
    public bool Secure { get; init; }

    /// <summary>Writes <c>HttpOnly</c>: the cookie is hidden from scripts.</summary>
    public bool HttpOnly { get; init; }

    /// <summary>The <c>SameSite</c> attribute; <see cref="CookieSameSite.Unspecified"/> omits it.</summary>
    public CookieSameSite SameSite
    {
        get;
        init
        {
            if (value is < CookieSameSite.Unspecified or > CookieSameSite.None)
            {
                throw new ArgumentOutOfRangeException(nameof(SameSite), value, "Unknown SameSite value.");
            }

            field = value;
        }
    }

    /// <summary>Writes <c>Partitioned</c> (CHIPS): the cookie is keyed to the top-level site; requires <c>Secure</c>.</summary>
    public bool Partitioned { get; init; }

    /// <summary>
    /// A cookie that deletes <paramref name="name"/> in the user agent: empty value, <c>Max-Age=0</c> and an
    /// <c>Expires</c> in 1970. <paramref name="path"/> and <paramref name="domain"/> must match the ones the cookie was set with.
    /// </summary>
    public static SetCookie Delete(string name, string? path = "/", string? domain = null)
        => new(name, string.Empty) { Path = path, Domain = domain, MaxAge = 0, Expires = DateTimeOffset.UnixEpoch };

    /// <summary>Serializes the <c>Set-Cookie</c> field value.</summary>
    /// <exception cref="ArgumentException">
    /// <c>SameSite=None</c> or <c>Partitioned</c> without <c>Secure</c>; a <c>__Secure-</c> name without <c>Secure</c>;
    /// a <c>__Host-</c> name without <c>Secure</c>, with a <c>Domain</c> or with a <c>Path</c> other than <c>/</c>;
    /// or a name and value longer than <see cref="MaxNameAndValueLength"/>.
    /// </exception>
    public string ToHeaderValue()
    {
        Validate();
        Span<char> stack = stackalloc char[256];
        var length = MaxLength();
        char[]? rented = null;
        var buffer = length <= stack.Length ? stack : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var written = Write(buffer);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Serializes the field value into <paramref name="destination"/>; false when it is too small.</summary>
    /// <exception cref="ArgumentException">The attributes break a rule listed on <see cref="ToHeaderValue"/>.</exception>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        Validate();
        var length = MaxLength();
        if (destination.Length >= length)
        {
            charsWritten = Write(destination);
            return true;
        }

        // The bound is loose (it allows for every optional attribute); format aside and copy if it fits.
        var rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var n = Write(rented);
            if (n > destination.Length)
            {
                charsWritten = 0;
                return false;
            }

            rented.AsSpan(0, n).CopyTo(destination);
            charsWritten = n;
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Validate()
    {
        if (Name.Length + Value.Length > MaxNameAndValueLength)
        {
            throw new ArgumentException($"Name and value together exceed {MaxNameAndValueLength} characters.", nameof(Value));
        }

        if (SameSite == CookieSameSite.None && !Secure)
        {
            throw new ArgumentException("SameSite=None requires Secure (RFC 6265bis §4.1.2.7).", nameof(SameSite));
        }

        if (Partitioned && !Secure)
        {
            throw new ArgumentException("Partitioned requires Secure.", nameof(Partitioned));
        }

        if (Name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !Secure)
        {
            throw new ArgumentException("A __Secure- cookie requires Secure (RFC 6265bis §4.1.3.1).", nameof(Name));
        }

        if (Name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!Secure || Domain is not null || Path != "/"))
        {
            throw new ArgumentException("A __Host- cookie requires Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2).", nameof(Name));
        }
    }

    private int MaxLength()
        => Name.Length + Value.Length + 3
            + (Domain is null ? 0 : Domain.Length + 9)
            + (Path is null ? 0 : Path.Length + 7)
            + 128; // Expires (39), Max-Age (30), Secure, HttpOnly, SameSite, Partitioned

    private int Write(Span<char> d)
    {
        var n = 0;
        Append(d, ref n, Name);
        d[n++] = '=';
        if (QuoteValue)
        {
            d[n++] = '"';
        }

        Append(d, ref n, Value);
        if (QuoteValue)
        {
            d[n++] = '"';
        }

        if (Expires is { } expires)
        {
            Append(d, ref n, "; Expires=");
            HttpDate.TryFormat(expires, d[n..], out var w);
            n += w;
        }

        if (MaxAge is { } maxAge)
        {
            Append(d, ref n, "; Max-Age=");
            maxAge.TryFormat(d[n..], out var w, default, System.Globalization.CultureInfo.InvariantCulture);
            n += w;
        }

        if (Domain is not null)
        {
            Append(d, ref n, "; Domain=");
            Append(d, ref n, Domain);
        }

        if (Path is not null)
        {
            Append(d, ref n, "; Path=");
            Append(d, ref n, Path);
        }

        if (Secure)
        {
            Append(d, ref n, "; Secure");
        }

        if (HttpOnly)
        {
            Append(d, ref n, "; HttpOnly");
        }

        switch (SameSite)
        {
            case CookieSameSite.Strict:
                Append(d, ref n, "; SameSite=Strict");
                break;
            case CookieSameSite.Lax:
                Append(d, ref n, "; SameSite=Lax");
                break;
            case CookieSameSite.None:
                Append(d, ref n, "; SameSite=None");
                break;
            default:
                break;
        }

        if (Partitioned)
        {
            Append(d, ref n, "; Partitioned");
        }

        return n;
    }

    private static void Append(Span<char> d, ref int n, ReadOnlySpan<char> s)
    {
        s.CopyTo(d[n..]);
        n += s.Length;
    }

    // path-value = <any CHAR except CTLs or ";">
    private static bool IsValidPath(string path)
    {
        if (path.Length == 0 || path.Length > MaxAttributeValueLength || path[0] != '/')
        {
            return false;
        }

        foreach (var c in path)
        {
            if (c < ' ' || c > '~' || c == ';')
            {
                return false;
            }
        }

        return true;
    }
}
