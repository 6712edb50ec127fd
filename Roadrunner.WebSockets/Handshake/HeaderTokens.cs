namespace Roadrunner.WebSockets.Handshake;

/// <summary>Comma-separated list fields (RFC 9110 §5.6.1): elements, trimmed of optional whitespace, empty ones skipped.</summary>
internal static class HeaderTokens
{
    /// <summary>Whether the list <paramref name="value"/> has an element equal to <paramref name="token"/>, ignoring case.</summary>
    public static bool Contains(string? value, string token)
    {
        if (value is null) return false;
        foreach (var range in value.AsSpan().Split(','))
        {
            if (Trim(value.AsSpan()[range]).Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Trims optional whitespace (SP and HTAB, RFC 9110 §5.6.3).</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value) => value.Trim(" \t");

    /// <summary>
    /// RFC 9110 §5.6.2 tchar: "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|"
    /// / "~" / DIGIT / ALPHA.
    /// </summary>
    public static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>Whether <paramref name="value"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return false;
        foreach (char c in value)
        {
            if (!IsTokenChar(c)) return false;
        }
        return true;
    }
}
