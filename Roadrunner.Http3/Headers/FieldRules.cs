using System.Buffers;

namespace Roadrunner.Http3.Headers;

/// <summary>Character rules for field names and values (RFC 9114 §4.2, RFC 9110 §5.1, §5.5).</summary>
internal static class FieldRules
{
    /// <summary>tchar without uppercase letters (RFC 9110 §5.6.2; §4.2 requires lowercase).</summary>
    private static readonly SearchValues<byte> NameChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"u8);

    private static readonly SearchValues<byte> ForbiddenValueChars = SearchValues.Create([0x00, (byte)'\r', (byte)'\n']);

    /// <summary>The reason a regular field name is invalid, or null.</summary>
    public static string? CheckName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return Http3Errors.FieldNameInvalid;
        int bad = name.IndexOfAnyExcept(NameChars);
        if (bad < 0) return null;
        return name[bad..].IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0 ? Http3Errors.FieldNameUppercase : Http3Errors.FieldNameInvalid;
    }

    /// <summary>
    /// The reason a field value is invalid, or null. RFC 9110 §5.5: field values hold no NUL, CR or LF, and no leading
    /// or trailing whitespace (HTTP/3 has no line folding to excuse them).
    /// </summary>
    public static string? CheckValue(ReadOnlySpan<byte> value)
    {
        if (value.IndexOfAny(ForbiddenValueChars) >= 0) return Http3Errors.FieldValueInvalid;
        if (value.Length > 0 && (IsWhitespace(value[0]) || IsWhitespace(value[^1]))) return Http3Errors.FieldValueInvalid;
        return null;
    }

    /// <summary>§4.2: Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding and Upgrade are connection-specific.</summary>
    public static bool IsConnectionSpecific(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("connection"u8) || name.SequenceEqual("keep-alive"u8) || name.SequenceEqual("proxy-connection"u8)
        || name.SequenceEqual("transfer-encoding"u8) || name.SequenceEqual("upgrade"u8);

    /// <summary>RFC 9110 §8.6: Content-Length = 1*DIGIT, no sign, no overflow.</summary>
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

    /// <summary>Parses a three-digit :status from 100 to 999; 0 when invalid.</summary>
    public static int ParseStatus(ReadOnlySpan<byte> value)
    {
        if (value.Length != 3) return 0;
        int status = 0;
        foreach (byte b in value)
        {
            if (b is < (byte)'0' or > (byte)'9') return 0;
            status = (status * 10) + (b - '0');
        }
        return status >= 100 ? status : 0;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';
}
