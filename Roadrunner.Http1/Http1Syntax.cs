using System.Buffers;

namespace Roadrunner.Http1;

/// <summary>
/// Character classes of the HTTP/1.1 grammar (RFC 9110 §5.5, §5.6; RFC 9112; RFC 3986 §2), as
/// vectorised <see cref="SearchValues{T}"/> so that scanning a line is one IndexOf call.
/// </summary>
internal static class Http1Syntax
{
    internal const byte CR = (byte)'\r';
    internal const byte LF = (byte)'\n';
    internal const byte SP = (byte)' ';
    internal const byte HTAB = (byte)'\t';

    /// <summary>
    /// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" /
    /// "`" / "|" / "~" / DIGIT / ALPHA.
    /// </summary>
    internal static readonly SearchValues<byte> TokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// RFC 3986 §2.2–§2.3: unreserved / reserved / "%" — every byte a URI may hold, except "#" which only
    /// starts a fragment and is never sent in a request-target (RFC 9112 §3.2), so it is reported apart.
    /// </summary>
    internal static readonly SearchValues<byte> TargetChars = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?[]@!$&'()*+,;=%"u8);

    /// <summary>
    /// RFC 9110 §5.5: field-value bytes that are never allowed: CTLs other than HTAB (NUL, CR and LF
    /// included) and DEL. Bytes 0x80–0xFF are obs-text and allowed.
    /// </summary>
    internal static readonly SearchValues<byte> InvalidFieldValueChars = SearchValues.Create(
        "\0\x01\x02\x03\x04\x05\x06\x07\x08\x0A\x0B\x0C\x0D\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F\x7F"u8);

    /// <summary>RFC 5234 Appendix B.1: HEXDIG, both cases.</summary>
    internal static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef"u8);

    /// <summary>RFC 5234 Appendix B.1: DIGIT.</summary>
    internal static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    /// <summary>RFC 9110 §5.6.3: OWS = *( SP / HTAB ).</summary>
    internal static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t"u8);

    /// <summary>True when <paramref name="value"/> is a non-empty token (RFC 9110 §5.6.2).</summary>
    internal static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    /// <summary>True when <paramref name="value"/> is a non-empty token (RFC 9110 §5.6.2).</summary>
    internal static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return false;
        foreach (var c in value)
        {
            if (c > 0x7F || !TokenChars.Contains((byte)c)) return false;
        }
        return true;
    }

    /// <summary>True when the byte is SP or HTAB.</summary>
    internal static bool IsWhitespace(byte b) => b is SP or HTAB;

    /// <summary>Removes leading and trailing OWS (RFC 9110 §5.6.3).</summary>
    internal static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        int start = value.IndexOfAnyExcept(Whitespace);
        if (start < 0) return [];
        int end = value.LastIndexOfAnyExcept(Whitespace);
        return value[start..(end + 1)];
    }

    /// <summary>The value of a hexadecimal digit, or -1.</summary>
    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// Checks a quoted-string (RFC 9110 §5.6.4) starting at <paramref name="start"/> (the opening DQUOTE) and
    /// returns the index just past the closing DQUOTE, or -1 when it is malformed or unterminated.
    /// </summary>
    /// <remarks>qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).</remarks>
    internal static int SkipQuotedString(ReadOnlySpan<byte> value, int start)
    {
        int i = start + 1;
        while (i < value.Length)
        {
            byte b = value[i];
            if (b == (byte)'"') return i + 1;
            if (b == (byte)'\\')
            {
                if (i + 1 >= value.Length || !IsQuotedPairChar(value[i + 1])) return -1;
                i += 2;
                continue;
            }
            if (!IsQdText(b)) return -1;
            i++;
        }
        return -1;
    }

    private static bool IsQdText(byte b) => b is HTAB or SP or 0x21 or (>= 0x23 and <= 0x5B) or (>= 0x5D and <= 0x7E) or >= 0x80;

    private static bool IsQuotedPairChar(byte b) => b is HTAB or SP or (>= 0x21 and <= 0x7E) or >= 0x80;
}
