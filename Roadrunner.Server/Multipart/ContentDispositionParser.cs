using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Roadrunner.Server.Multipart;

/// <summary>
/// <c>Content-Disposition</c> as used in <c>multipart/form-data</c> (RFC 7578 §4.2, RFC 6266 §4.1):
/// <c>disposition-type *( OWS ";" OWS param )</c> with token or quoted-string values and the RFC 5987
/// <c>filename*</c> extended value.
/// </summary>
internal static class ContentDispositionParser
{
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    internal static bool TryParse(ReadOnlySpan<char> value, out string type, out string? name, out string? fileName)
    {
        type = string.Empty;
        name = fileName = null;
        string? plainFileName = null;
        string? extFileName = null;
        var sawExt = false;
        var s = value;
        var typeEnd = s.IndexOfAnyExcept(TokenChars);
        var typeToken = typeEnd < 0 ? s : s[..typeEnd];
        if (typeToken.IsEmpty)
        {
            return false;
        }

        type = new string(typeToken);
        s = s[typeToken.Length..];
        while (true)
        {
            s = s.TrimStart(" \t");
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ';')
            {
                return false;
            }

            s = s[1..].TrimStart(" \t");
            if (s.IsEmpty || s[0] == ';')
            {
                continue;
            }

            var nameEnd = s.IndexOfAnyExcept(TokenChars);
            if (nameEnd <= 0)
            {
                return false;
            }

            var paramName = s[..nameEnd];
            s = s[nameEnd..].TrimStart(" \t");
            if (s.IsEmpty || s[0] != '=')
            {
                return false;
            }

            s = s[1..].TrimStart(" \t");
            string paramValue;
            if (!s.IsEmpty && s[0] == '"')
            {
                if (!TryReadQuoted(ref s, out paramValue))
                {
                    return false;
                }
            }
            else
            {
                var end = s.IndexOfAnyExcept(TokenChars);
                var token = end < 0 ? s : s[..end];
                if (token.IsEmpty)
                {
                    return false;
                }

                paramValue = new string(token);
                s = s[token.Length..];
            }

            if (paramName.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                if (name is not null)
                {
                    return false;
                }

                name = paramValue;
            }
            else if (paramName.Equals("filename", StringComparison.OrdinalIgnoreCase))
            {
                if (plainFileName is not null)
                {
                    return false;
                }

                plainFileName = paramValue;
            }
            else if (paramName.Equals("filename*", StringComparison.OrdinalIgnoreCase))
            {
                if (sawExt)
                {
                    return false;
                }

                sawExt = true;
                extFileName = DecodeExtValue(paramValue);
            }
        }

        fileName = extFileName ?? plainFileName;
        return true;
    }

    // In a quoted value only \" and \\ are unescaped; any other backslash is kept, as browsers do not escape
    // backslashes in file names (HTML §4.10.21.8) and old clients send Windows paths.
    private static bool TryReadQuoted(ref ReadOnlySpan<char> s, out string value)
    {
        value = string.Empty;
        var builder = new StringBuilder();
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                value = builder.ToString();
                s = s[(i + 1)..];
                return true;
            }

            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\')
            {
                c = s[++i];
            }

            builder.Append(c);
        }

        return false;
    }

    // ext-value = charset "'" [ language ] "'" value-chars   (RFC 5987 §3.2.1); null when not decodable.
    private static string? DecodeExtValue(string ext)
    {
        var s = ext.AsSpan();
        var first = s.IndexOf('\'');
        if (first <= 0)
        {
            return null;
        }

        var charset = s[..first];
        var afterCharset = s[(first + 1)..];
        var second = afterCharset.IndexOf('\'');
        if (second < 0)
        {
            return null;
        }

        var chars = afterCharset[(second + 1)..];
        var utf8 = charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase);
        if (!utf8 && !charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bytes = new byte[chars.Length];
        var n = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c == '%')
            {
                if (i + 2 >= chars.Length || !IsHex(chars[i + 1]) || !IsHex(chars[i + 2]))
                {
                    return null;
                }

                bytes[n++] = (byte)((Hex(chars[i + 1]) << 4) | Hex(chars[i + 2]));
                i += 2;
            }
            else if (IsAttrChar(c))
            {
                bytes[n++] = (byte)c;
            }
            else
            {
                return null;
            }
        }

        var decoded = bytes.AsSpan(0, n);
        if (utf8)
        {
            return Utf8.IsValid(decoded) ? Encoding.UTF8.GetString(decoded) : null;
        }

        return Encoding.Latin1.GetString(decoded);
    }

    // attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    private static bool IsAttrChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '&' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
