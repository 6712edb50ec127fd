using System.Buffers;

namespace Roadrunner.Http2.Headers;

/// <summary>Character rules for field names and values (RFC 9113 §8.2.1, RFC 9110 §5.1, §5.5).</summary>
internal static class FieldSyntax
{
    /// <summary>tchar without uppercase letters (RFC 9110 §5.6.2; RFC 9113 §8.2.1 forbids 0x41-0x5a).</summary>
    private static readonly SearchValues<byte> NameChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Octets a value may never hold (RFC 9113 §8.2.1).</summary>
    private static readonly SearchValues<byte> ForbiddenValueChars = SearchValues.Create([0x00, (byte)'\r', (byte)'\n']);

    /// <summary>The reason a regular field name is invalid, or null.</summary>
    public static string? CheckName(ReadOnlySpan<byte> name)
    {
        int bad = name.IndexOfAnyExcept(NameChars);
        if (name.IsEmpty) return Http2Errors.FieldNameInvalid;
        if (bad < 0) return null;

        // RFC 9113 §8.2.1: "A field name MUST NOT contain characters in the ranges 0x00-0x20, 0x41-0x5a, or
        // 0x7f-0xff (all ranges inclusive)." ... "field names MUST NOT include a colon".
        return name[bad..].IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0 ? Http2Errors.FieldNameUppercase : Http2Errors.FieldNameInvalid;
    }

    /// <summary>The reason a field value is invalid, or null.</summary>
    public static string? CheckValue(ReadOnlySpan<byte> value)
    {
        // RFC 9113 §8.2.1: "A field value MUST NOT contain the zero value (ASCII NUL, 0x00), line feed (ASCII LF,
        // 0x0a), or carriage return (ASCII CR, 0x0d) at any position."
        if (value.IndexOfAny(ForbiddenValueChars) >= 0) return Http2Errors.FieldValueInvalid;

        // RFC 9113 §8.2.1: "A field value MUST NOT start or end with an ASCII whitespace character (ASCII SP or
        // HTAB, 0x20 or 0x09)."
        if (value.Length > 0 && (IsWhitespace(value[0]) || IsWhitespace(value[^1]))) return Http2Errors.FieldValueWhitespace;
        return null;
    }

    /// <summary>
    /// True for the connection-specific fields RFC 9113 §8.2.2 names: Connection, Proxy-Connection, Keep-Alive,
    /// Transfer-Encoding and Upgrade.
    /// </summary>
    public static bool IsConnectionSpecific(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("connection"u8) || name.SequenceEqual("keep-alive"u8) || name.SequenceEqual("proxy-connection"u8)
        || name.SequenceEqual("transfer-encoding"u8) || name.SequenceEqual("upgrade"u8);

    /// <summary>Parses a content-length value: one or more digits, no sign, no overflow.</summary>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18) return false;
        foreach (byte b in value)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            length = (length * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>ASCII case-insensitive equality.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => System.Text.Ascii.EqualsIgnoreCase(a, b);

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';
}
