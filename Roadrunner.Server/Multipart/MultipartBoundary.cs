using System.Buffers;
using System.Text;

namespace Roadrunner.Server.Multipart;

/// <summary>
/// Extracts the <c>boundary</c> parameter of a <c>multipart/*</c> media type (RFC 2046 §5.1.1, RFC 7578 §4.1).
/// </summary>
/// <example>
/// <code>
/// if (MultipartBoundary.TryParse("multipart/form-data; boundary=\"----x y\"", out var boundary))
/// {
///     var reader = new MultipartReader(boundary);   // boundary == "----x y"
/// }
/// </code>
/// </example>
public static class MultipartBoundary
{
    /// <summary>Longest boundary: 70 characters (RFC 2046 §5.1.1).</summary>
    public const int MaxLength = 70;

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // bchars := bcharsnospace / " "
    private static readonly SearchValues<char> BoundaryChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=? ");

    /// <summary>
    /// Reads the boundary from a <c>Content-Type</c> value whose type is <c>multipart</c> (any subtype).
    /// The parameter may be a token or a quoted-string; it must be 1 to 70 bchars not ending in a space.
    /// False when the type is not multipart, the syntax is invalid, the boundary is missing, repeated or not allowed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> contentType, out string boundary)
    {
        boundary = string.Empty;
        var s = contentType.Trim(" \t");
        var slash = s.IndexOf('/');
        if (slash <= 0 || !s[..slash].Equals("multipart", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        s = s[(slash + 1)..];
        var subtypeEnd = s.IndexOfAnyExcept(TokenChars);
        if (subtypeEnd == 0 || s.IsEmpty)
        {
            return false;
        }

        s = subtypeEnd < 0 ? default : s[subtypeEnd..];
        string? found = null;
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
            if (nameEnd <= 0 || s[nameEnd] != '=')
            {
                return false;
            }

            var name = s[..nameEnd];
            s = s[(nameEnd + 1)..];
            string value;
            if (!s.IsEmpty && s[0] == '"')
            {
                if (!TryReadQuoted(ref s, out value))
                {
                    return false;
                }
            }
            else
            {
                var valueEnd = s.IndexOfAnyExcept(TokenChars);
                var token = valueEnd < 0 ? s : s[..valueEnd];
                if (token.IsEmpty)
                {
                    return false;
                }

                value = new string(token);
                s = s[token.Length..];
            }

            if (name.Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    return false;
                }

                found = value;
            }
        }

        if (found is null || !IsValid(found))
        {
            return false;
        }

        boundary = found;
        return true;
    }

    /// <summary>True when <paramref name="boundary"/> is 1 to 70 bchars and does not end in a space (RFC 2046 §5.1.1).</summary>
    public static bool IsValid(ReadOnlySpan<char> boundary)
        => boundary.Length is >= 1 and <= MaxLength && !boundary.ContainsAnyExcept(BoundaryChars) && boundary[^1] != ' ';

    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
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

            if (c == '\\')
            {
                if (++i == s.Length)
                {
                    return false;
                }

                c = s[i];
            }

            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return false;
            }

            builder.Append(c);
        }

        return false;
    }
}
