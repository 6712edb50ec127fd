namespace Roadrunner.Server.Cookies;

/// <summary>
/// Parses the <c>Cookie</c> request header (RFC 6265 §4.2.1 and §5.4) into name/value pairs, tolerantly:
/// optional whitespace around pairs is dropped, empty pieces between <c>;</c> are skipped, a value wrapped in
/// DQUOTEs is unwrapped, and a piece without <c>=</c>, with an empty name, with whitespace or a control
/// character in the name or a control character in the value is skipped rather than failing the header.
/// Only the limits in <see cref="CookieOptions"/> fail the parse. Never throws on client input.
/// </summary>
/// <example>
/// <code>
/// if (CookieParser.TryParse("sid=abc; theme=\"dark\"", out var cookies, out var error))
/// {
///     string? sid = cookies.Get("sid");        // "abc"
///     string? theme = cookies.Get("theme");    // "dark"
/// }
/// </code>
/// </example>
public static class CookieParser
{
    /// <summary>Parses one <c>Cookie</c> field value with the default limits.</summary>
    public static bool TryParse(ReadOnlySpan<char> fieldValue, out RequestCookies cookies, out CookieError error)
        => TryParse(fieldValue, CookieOptions.Default, out cookies, out error);

    /// <summary>Parses one <c>Cookie</c> field value.</summary>
    /// <returns>False, with <see cref="RequestCookies.Empty"/> and the reason, when a limit is exceeded.</returns>
    public static bool TryParse(ReadOnlySpan<char> fieldValue, CookieOptions options, out RequestCookies cookies, out CookieError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        cookies = RequestCookies.Empty;
        if (fieldValue.Length > options.MaxHeaderLength)
        {
            error = CookieError.HeaderTooLong;
            return false;
        }

        var capacity = Math.Min(fieldValue.Count(';') + 1, options.MaxCookieCount);
        var items = new KeyValuePair<string, string>[capacity];
        var count = 0;
        if (!ParseInto(fieldValue, options, items, ref count, out error))
        {
            return false;
        }

        if (count > 0)
        {
            cookies = new RequestCookies(items, count);
        }

        return true;
    }

    /// <summary>
    /// Parses several <c>Cookie</c> field values as one list, as HTTP/2 and HTTP/3 allow the header to be split
    /// (RFC 9113 §8.2.3). The limits apply to all of them together.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<string> fieldValues, CookieOptions options, out RequestCookies cookies, out CookieError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        cookies = RequestCookies.Empty;
        long total = 0;
        var pieces = 0;
        foreach (var value in fieldValues)
        {
            var span = value.AsSpan();
            total += span.Length;
            pieces += span.Count(';') + 1;
        }

        if (total > options.MaxHeaderLength)
        {
            error = CookieError.HeaderTooLong;
            return false;
        }

        var items = new KeyValuePair<string, string>[Math.Min(pieces, options.MaxCookieCount)];
        var count = 0;
        foreach (var value in fieldValues)
        {
            if (!ParseInto(value, options, items, ref count, out error))
            {
                return false;
            }
        }

        error = default;
        if (count > 0)
        {
            cookies = new RequestCookies(items, count);
        }

        return true;
    }

    private static bool ParseInto(ReadOnlySpan<char> rest, CookieOptions options, KeyValuePair<string, string>[] items, ref int count, out CookieError error)
    {
        while (!rest.IsEmpty)
        {
            var semicolon = rest.IndexOf(';');
            ReadOnlySpan<char> piece;
            if (semicolon < 0)
            {
                piece = rest;
                rest = default;
            }
            else
            {
                piece = rest[..semicolon];
                rest = rest[(semicolon + 1)..];
            }

            piece = piece.Trim(" \t");
            if (piece.IsEmpty)
            {
                continue;
            }

            if (piece.Length > options.MaxCookieLength)
            {
                error = CookieError.CookieTooLong;
                return false;
            }

            var equals = piece.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var name = piece[..equals].TrimEnd(" \t");
            var value = piece[(equals + 1)..].TrimStart(" \t");
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            if (name.IsEmpty || !IsValidName(name) || !IsValidValue(value))
            {
                continue;
            }

            if (count == options.MaxCookieCount)
            {
                error = CookieError.TooManyCookies;
                return false;
            }

            items[count++] = new KeyValuePair<string, string>(new string(name), value.IsEmpty ? string.Empty : new string(value));
        }

        error = default;
        return true;
    }

    // Names: no whitespace, no control characters, no DQUOTE.
    private static bool IsValidName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (c <= ' ' || c == '\x7f' || c == '"')
            {
                return false;
            }
        }

        return true;
    }

    // Values: no control characters (SP and HTAB inside a value are tolerated).
    private static bool IsValidValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return false;
            }
        }

        return true;
    }
}
