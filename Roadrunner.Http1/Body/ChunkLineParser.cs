using static Roadrunner.Http1.Http1Syntax;

namespace Roadrunner.Http1.Body;

/// <summary>
/// Parses one chunk line without its CRLF (RFC 9112 §7.1, §7.1.1):
/// <code>
/// chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
/// chunk-size     = 1*HEXDIG
/// last-chunk     = 1*("0") [ chunk-ext ] CRLF
/// chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
/// chunk-ext-name = token
/// chunk-ext-val  = token / quoted-string
/// </code>
/// Extensions are checked and ignored: RFC 9112 §7.1.1 "A recipient MUST ignore unrecognized chunk extensions."
/// </summary>
internal static class ChunkLineParser
{
    /// <summary>The most hex digits a chunk-size may have: 16 digits are 64 bits.</summary>
    internal const int MaxSizeDigits = 16;

    /// <summary>Parses <paramref name="line"/>; returns null and the size, or the reason for a 400.</summary>
    internal static string? Parse(ReadOnlySpan<byte> line, out long size)
    {
        size = 0;
        int digits = line.IndexOfAnyExcept(HexDigits);
        if (digits < 0) digits = line.Length;

        // No leading whitespace, sign or "0x": the line starts with 1*HEXDIG.
        if (digits == 0) return Http1Errors.ChunkSizeInvalid;

        // RFC 9112 §7.1: "Recipients MUST anticipate potentially large hexadecimal numerals and prevent parsing
        // errors due to integer conversion overflows or precision loss due to integer representation."
        if (digits > MaxSizeDigits) return Http1Errors.ChunkSizeOverflow;
        ulong value = 0;
        foreach (byte b in line[..digits]) value = (value << 4) | (uint)HexValue(b);
        if (value > long.MaxValue) return Http1Errors.ChunkSizeOverflow;
        size = (long)value;

        var ext = line[digits..];
        if (ext.IsEmpty) return null;

        int i = SkipWhitespace(ext, 0);
        // Only whitespace after the size ("a "), or something other than ';' straight after the digits ("0x1").
        if (i == ext.Length || (i == 0 && ext[0] != (byte)';')) return Http1Errors.ChunkSizeInvalid;
        return IsValidExtensionList(ext, i) ? null : Http1Errors.ChunkExtensionInvalid;
    }

    /// <summary>Checks <c>*( BWS ";" BWS name [ BWS "=" BWS value ] )</c> from <paramref name="i"/>, which is past the first BWS.</summary>
    private static bool IsValidExtensionList(ReadOnlySpan<byte> ext, int i)
    {
        while (true)
        {
            if (ext[i] != (byte)';') return false;
            i = SkipWhitespace(ext, i + 1);
            int nameLength = TokenLength(ext, i);
            if (nameLength == 0) return false;
            i += nameLength;

            int next = SkipWhitespace(ext, i);
            if (next < ext.Length && ext[next] == (byte)'=')
            {
                i = SkipWhitespace(ext, next + 1);
                if (i < ext.Length && ext[i] == (byte)'"')
                {
                    i = SkipQuotedString(ext, i);
                    if (i < 0) return false;
                }
                else
                {
                    int valueLength = TokenLength(ext, i);
                    if (valueLength == 0) return false;
                    i += valueLength;
                }
                next = SkipWhitespace(ext, i);
            }

            if (i == ext.Length) return true;
            // BWS is only allowed before another ';', never at the end of the line.
            if (next == ext.Length) return false;
            i = next;
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int i)
    {
        int skip = span[i..].IndexOfAnyExcept(Whitespace);
        return skip < 0 ? span.Length : i + skip;
    }

    private static int TokenLength(ReadOnlySpan<byte> span, int i)
    {
        int end = span[i..].IndexOfAnyExcept(TokenChars);
        return end < 0 ? span.Length - i : end;
    }
}
