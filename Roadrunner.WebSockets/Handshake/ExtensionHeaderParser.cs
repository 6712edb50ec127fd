using System.Text;

namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// Reads a Sec-WebSocket-Extensions value (RFC 6455 §9.1):
/// <code>
/// Sec-WebSocket-Extensions = extension-list
/// extension-list = 1#extension
/// extension = extension-token *( ";" extension-param )
/// extension-token = registered-token
/// registered-token = token
/// extension-param = token [ "=" (token | quoted-string) ]
///     ;When using the quoted-string syntax variant, the value
///     ;after quoted-string unescaping MUST conform to the
///     ;'token' ABNF.
/// </code>
/// Optional whitespace is allowed around the separators. An element that breaks the grammar is reported as not
/// well-formed (so that offer alone is declined) and reading resumes after the next comma outside quotes.
/// </summary>
internal static class ExtensionHeaderParser
{
    /// <summary>The offers in <paramref name="value"/>, in order; empty when it is null or blank.</summary>
    public static List<ExtensionOffer> Parse(string? value)
    {
        var offers = new List<ExtensionOffer>();
        if (value is null) return offers;
        int i = 0;
        while (i < value.Length)
        {
            SkipWhitespace(value, ref i);
            if (i < value.Length && value[i] == ',')
            {
                i++; // empty list element (RFC 9110 §5.6.1)
                continue;
            }
            if (i >= value.Length) break;
            offers.Add(ReadOffer(value, ref i));
        }
        return offers;
    }

    private static ExtensionOffer ReadOffer(string value, ref int i)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        string name = ReadToken(value, ref i);
        if (name.Length == 0) return Malformed(value, ref i, name, parameters);
        while (true)
        {
            SkipWhitespace(value, ref i);
            if (i >= value.Length) return new ExtensionOffer(name, parameters, true);
            if (value[i] == ',')
            {
                i++;
                return new ExtensionOffer(name, parameters, true);
            }
            if (value[i] != ';') return Malformed(value, ref i, name, parameters);
            i++;
            SkipWhitespace(value, ref i);
            string parameter = ReadToken(value, ref i);
            if (parameter.Length == 0) return Malformed(value, ref i, name, parameters);
            SkipWhitespace(value, ref i);
            string? parameterValue = null;
            if (i < value.Length && value[i] == '=')
            {
                i++;
                SkipWhitespace(value, ref i);
                parameterValue = i < value.Length && value[i] == '"' ? ReadQuotedToken(value, ref i) : ReadToken(value, ref i);
                if (string.IsNullOrEmpty(parameterValue)) return Malformed(value, ref i, name, parameters);
            }
            parameters.Add(new(parameter, parameterValue));
        }
    }

    private static ExtensionOffer Malformed(string value, ref int i, string name, List<KeyValuePair<string, string?>> parameters)
    {
        // Skip to the next comma that is not inside a quoted string.
        bool quoted = false;
        for (; i < value.Length; i++)
        {
            char c = value[i];
            if (quoted && c == '\\') i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c == ',') break;
        }
        if (i < value.Length) i++;
        return new ExtensionOffer(name, parameters, false);
    }

    private static string ReadToken(string value, ref int i)
    {
        int start = i;
        while (i < value.Length && HeaderTokens.IsTokenChar(value[i])) i++;
        return value[start..i];
    }

    /// <summary>A quoted-string (RFC 9110 §5.6.4) whose unescaped content must be a token; null when it is not.</summary>
    private static string? ReadQuotedToken(string value, ref int i)
    {
        var content = new StringBuilder();
        i++; // opening quote
        while (i < value.Length)
        {
            char c = value[i++];
            if (c == '"') return HeaderTokens.IsToken(content.ToString()) ? content.ToString() : null;
            if (c == '\\')
            {
                if (i >= value.Length) return null;
                c = value[i++];
            }
            content.Append(c);
        }
        return null; // unterminated
    }

    private static void SkipWhitespace(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t') i++;
    }
}
