using System.Buffers;
using System.Globalization;
using System.Text;

namespace Roadrunner.Server.Sse;

/// <summary>
/// Formats server-sent events (WHATWG HTML §9.2.5, <c>text/event-stream</c>) into a caller-owned buffer.
/// Data and comments may span lines: they are split on CRLF, LF and CR, one field line per line, so they
/// cannot inject fields. <c>event</c> and <c>id</c> are single-line by nature: CR, LF or NUL in them throws,
/// as does a negative <c>retry</c>. Text is written as UTF-8 (a lone surrogate becomes U+FFFD).
/// </summary>
/// <example>
/// <code>
/// SseWriter.Format(output, new SseEvent { Event = "tick", Id = "42", Data = "line 1\nline 2" });
/// // event: tick\nid: 42\ndata: line 1\ndata: line 2\n\n
/// output.Write(SseWriter.KeepAlive);                     // ": keep-alive\n"
/// </code>
/// </example>
public static class SseWriter
{
    /// <summary>The media type: <c>text/event-stream</c>.</summary>
    public const string ContentType = "text/event-stream";

    /// <summary>A pre-encoded keep-alive comment line, <c>: keep-alive\n</c>, ignored by clients.</summary>
    public static ReadOnlySpan<byte> KeepAlive => ": keep-alive\n"u8;

    /// <summary>
    /// Writes <paramref name="sseEvent"/>: comment lines, then <c>event</c>, <c>id</c>, <c>retry</c> and <c>data</c> lines,
    /// then the blank line that dispatches the event. An event with only a comment writes only comment lines.
    /// </summary>
    /// <exception cref="ArgumentException"><c>event</c> or <c>id</c> holds CR, LF or NUL, or <c>retry</c> is negative.</exception>
    public static void Format(IBufferWriter<byte> writer, in SseEvent sseEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckSingleLine(sseEvent.Event, nameof(SseEvent.Event));
        CheckSingleLine(sseEvent.Id, nameof(SseEvent.Id));
        if (sseEvent.Retry is { } retry && retry < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(sseEvent), retry, "retry must not be negative.");
        }

        if (sseEvent.Comment is not null)
        {
            WriteLines(writer, ":"u8, sseEvent.Comment);
        }

        var hasFields = false;
        if (sseEvent.Event is not null)
        {
            WriteField(writer, "event:"u8, sseEvent.Event);
            hasFields = true;
        }

        if (sseEvent.Id is not null)
        {
            WriteField(writer, "id:"u8, sseEvent.Id);
            hasFields = true;
        }

        if (sseEvent.Retry is { } r)
        {
            Span<char> digits = stackalloc char[20];
            ((long)r.TotalMilliseconds).TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
            WriteField(writer, "retry:"u8, digits[..n]);
            hasFields = true;
        }

        if (sseEvent.Data is not null)
        {
            WriteLines(writer, "data:"u8, sseEvent.Data);
            hasFields = true;
        }

        if (hasFields)
        {
            writer.Write("\n"u8);
        }
    }

    /// <summary>Writes <paramref name="comment"/> as comment lines (<c>: text</c>), one per line of text; no event is dispatched.</summary>
    public static void FormatComment(IBufferWriter<byte> writer, string comment)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(comment);
        WriteLines(writer, ":"u8, comment);
    }

    private static void CheckSingleLine(string? value, string name)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"SSE {name} must not contain CR, LF or NUL.", name);
        }
    }

    private static void WriteLines(IBufferWriter<byte> writer, ReadOnlySpan<byte> prefix, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var end = text.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                WriteField(writer, prefix, text);
                return;
            }

            WriteField(writer, prefix, text[..end]);
            var skip = text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1;
            text = text[(end + skip)..];
        }
    }

    // "name: value\n" — or "name:\n" for an empty value. The space is stripped once by the client, so a value
    // that itself starts with a space keeps it.
    private static void WriteField(IBufferWriter<byte> writer, ReadOnlySpan<byte> prefix, ReadOnlySpan<char> value)
    {
        writer.Write(prefix);
        if (!value.IsEmpty)
        {
            writer.Write(" "u8);
            Encoding.UTF8.GetBytes(value, writer);
        }

        writer.Write("\n"u8);
    }
}
