namespace Roadrunner.Server.Responses;

/// <summary>Validation of response fields at the API boundary: a bad name or value is a programmer error.</summary>
internal static class HeaderRules
{
    // RFC 9110 §5.6.2: token = 1*tchar.
    private static readonly System.Buffers.SearchValues<char> s_tchar = System.Buffers.SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Fields whose framing meaning belongs to the server; handlers may not set them.</summary>
    private static readonly string[] s_reserved = ["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"];

    public static bool IsToken(ReadOnlySpan<char> name) => name.Length > 0 && !name.ContainsAnyExcept(s_tchar);

    /// <summary>RFC 9110 §5.5: field values carry no CR, LF or NUL (and no other CTL but HTAB).</summary>
    public static bool IsValidValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) return false;
        }

        return true;
    }

    public static void Validate(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsToken(name)) throw new ArgumentException($"'{name}' is not a valid field name (RFC 9110 §5.1: a token).", nameof(name));
        if (!IsValidValue(value)) throw new ArgumentException($"The value of '{name}' contains CR, LF, NUL, another control character or a non-Latin-1 character (RFC 9110 §5.5).", nameof(value));
        foreach (var reserved in s_reserved)
        {
            if (name.Equals(reserved, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"'{name}' is set by the server from the response shape.", nameof(name));
        }
    }
}
