using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Parsing;

/// <summary>
/// Parses one complete field line (header or trailer), without its CRLF.
/// <code>
/// field-line   = field-name ":" OWS field-value OWS      ; RFC 9112 §5
/// field-name   = token                                   ; RFC 9110 §5.1
/// field-value  = *field-content                          ; RFC 9110 §5.5
/// field-vchar  = VCHAR / obs-text
/// </code>
/// </summary>
internal static class FieldLineParser
{
    /// <summary>
    /// Parses the line <c>buffer[start..end]</c>; the caller has already rejected a line that starts with
    /// whitespace (obs-fold). Returns null and the field, or the reason the line is invalid.
    /// </summary>
    internal static string? Parse(ReadOnlySpan<byte> buffer, int start, int end, out FieldRange field)
    {
        field = default;
        var line = buffer[start..end];

        int colon = line.IndexOfAnyExcept(TokenChars);
        if (colon < 0) return Http1Errors.FieldMissingColon;
        byte stop = line[colon];
        if (stop != (byte)':')
        {
            // RFC 9112 §5.1: "No whitespace is allowed between the field name and colon. ... A server MUST
            // reject, with a response status code of 400 (Bad Request), any received request message that
            // contains whitespace between a header field name and colon."
            int anyColon = line.IndexOf((byte)':');
            if (anyColon < 0) return Http1Errors.FieldMissingColon;
            if (colon > 0 && line[colon..anyColon].IndexOfAnyExcept(Whitespace) < 0) return Http1Errors.WhitespaceBeforeColon;
            return Http1Errors.FieldNameInvalid;
        }

        // RFC 9110 §5.1: field-name = token, and a token is 1*tchar.
        if (colon == 0) return Http1Errors.FieldNameEmpty;

        var value = line[(colon + 1)..];

        // RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are invalid and dangerous ...
        // a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace each
        // of those characters with SP"; other CTLs are outside field-content too. We reject.
        if (value.IndexOfAny(InvalidFieldValueChars) >= 0) return Http1Errors.FieldValueInvalid;

        // RFC 9112 §5.1: OWS around the value is not part of it.
        int valueStart = colon + 1;
        int lead = value.IndexOfAnyExcept(Whitespace);
        int valueLength = 0;
        if (lead >= 0)
        {
            int last = value.LastIndexOfAnyExcept(Whitespace);
            valueStart += lead;
            valueLength = last - lead + 1;
        }

        field = new FieldRange(start, colon, start + valueStart, valueLength);
        return null;
    }
}
