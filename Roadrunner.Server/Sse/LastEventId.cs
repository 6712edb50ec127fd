using System.Text;
using System.Text.Unicode;

namespace Roadrunner.Server.Sse;

/// <summary>Why a <c>Last-Event-ID</c> value was rejected.</summary>
public enum LastEventIdError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Longer than <see cref="SseOptions.MaxLastEventIdLength"/>.</summary>
    TooLong,

    /// <summary>Holds NUL, CR or LF, which an event id cannot contain (WHATWG HTML §9.2.6).</summary>
    InvalidCharacter,

    /// <summary>The bytes are not UTF-8.</summary>
    InvalidUtf8,
}

/// <summary>
/// The <c>Last-Event-ID</c> request header an <c>EventSource</c> sends when it reconnects (WHATWG HTML §9.2.4).
/// Surrounding SP and HTAB are removed; an empty value means no id. Never throws on client input.
/// </summary>
public static class LastEventId
{
    /// <summary>The header name: <c>Last-Event-ID</c>.</summary>
    public const string HeaderName = "Last-Event-ID";

    /// <summary>Reads the id from the field value.</summary>
    public static bool TryParse(ReadOnlySpan<char> fieldValue, SseOptions options, out string id, out LastEventIdError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        id = string.Empty;
        var value = fieldValue.Trim(" \t");
        if (value.Length > options.MaxLastEventIdLength)
        {
            error = LastEventIdError.TooLong;
            return false;
        }

        if (value.IndexOfAny('\0', '\r', '\n') >= 0)
        {
            error = LastEventIdError.InvalidCharacter;
            return false;
        }

        error = LastEventIdError.None;
        id = value.IsEmpty ? string.Empty : new string(value);
        return true;
    }

    /// <summary>Reads the id from the field value as UTF-8 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> fieldValue, SseOptions options, out string id, out LastEventIdError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        id = string.Empty;
        var value = fieldValue.Trim(" \t"u8);
        if (value.Length > options.MaxLastEventIdLength * 3)
        {
            error = LastEventIdError.TooLong;
            return false;
        }

        if (!Utf8.IsValid(value))
        {
            error = LastEventIdError.InvalidUtf8;
            return false;
        }

        return TryParse(Encoding.UTF8.GetString(value), options, out id, out error);
    }
}
