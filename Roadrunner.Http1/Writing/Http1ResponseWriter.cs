using System.Buffers;
using System.Globalization;
using System.Text;

namespace Roadrunner.Http1.Writing;

/// <summary>Writes HTTP/1.1 response heads and chunked framing into a caller's buffer (RFC 9112 §4–§7).</summary>
/// <remarks>
/// Everything is written straight into the <see cref="IBufferWriter{T}"/>: common status lines are pre-encoded,
/// strings are encoded as Latin-1 in place, nothing is allocated. Names and values are validated here, at the API
/// boundary, because a CR or LF in a value would let content inject fields (response splitting): an invalid one
/// is a programmer error and throws <see cref="ArgumentException"/>.
/// </remarks>
/// <example>
/// <code>
/// var buffer = new ArrayBufferWriter&lt;byte&gt;();
/// Http1ResponseWriter.WriteStatusLine(buffer, 200);
/// buffer.Write(dateCache.FieldLine);
/// Http1ResponseWriter.WriteHeader(buffer, "Content-Type", "text/plain");
/// Http1ResponseWriter.WriteContentLength(buffer, body.Length);
/// Http1ResponseWriter.WriteEndOfHeaders(buffer);
/// buffer.Write(body);
/// </code>
/// </example>
public static class Http1ResponseWriter
{
    private const int MaxLongDigits = 20;

    /// <summary>Every byte a field value may hold as a UTF-16 string: HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5).</summary>
    private static readonly SearchValues<char> FieldValueChars = SearchValues.Create(BuildFieldValueChars());

    /// <summary>Pre-encoded status lines, indexed by status - 100; null for codes without a registered phrase.</summary>
    private static readonly byte[]?[] StatusLines = BuildStatusLines();

    /// <summary>The interim response sent before reading a body the client waits to send (RFC 9110 §15.2.1).</summary>
    public static ReadOnlySpan<byte> Continue100 => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    /// <summary>
    /// Writes the status line, <c>HTTP/1.1 SP status-code SP reason-phrase CRLF</c> (RFC 9112 §4), with the standard
    /// reason phrase, or an empty one for an unregistered code.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a three-digit code (100–999).</exception>
    public static void WriteStatusLine(IBufferWriter<byte> writer, int status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);

        var line = StatusLines[status - 100];
        if (line is not null)
        {
            writer.Write(line);
            return;
        }

        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF; the second SP stays.
        var span = writer.GetSpan(15);
        "HTTP/1.1 "u8.CopyTo(span);
        span[9] = (byte)('0' + (status / 100));
        span[10] = (byte)('0' + (status / 10 % 10));
        span[11] = (byte)('0' + (status % 10));
        " \r\n"u8.CopyTo(span[12..]);
        writer.Advance(15);
    }

    /// <summary>Writes one field line, <c>name: value CRLF</c>; throws <see cref="ArgumentException"/> on an invalid name or value.</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value holds a control character other than HTAB or a character above U+00FF.</exception>
    public static void WriteHeader(IBufferWriter<byte> writer, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ValidateField(name, value);
        WriteFieldUnchecked(writer, name, value);
    }

    /// <summary>Writes one field line, <c>name: value CRLF</c>; throws <see cref="ArgumentException"/> on an invalid name or value.</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value holds a control character other than HTAB.</exception>
    public static void WriteHeader(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!IsValidFieldName(name)) throw new ArgumentException("The field name is not a token (RFC 9110 §5.1).", nameof(name));
        if (!IsValidFieldValue(value)) throw new ArgumentException("The field value holds a control character (RFC 9110 §5.5).", nameof(value));

        int length = name.Length + value.Length + 4;
        var span = writer.GetSpan(length);
        name.CopyTo(span);
        span[name.Length] = (byte)':';
        span[name.Length + 1] = (byte)' ';
        value.CopyTo(span[(name.Length + 2)..]);
        span[length - 2] = (byte)'\r';
        span[length - 1] = (byte)'\n';
        writer.Advance(length);
    }

    /// <summary>Writes <c>Content-Length: n CRLF</c> (RFC 9110 §8.6).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static void WriteContentLength(IBufferWriter<byte> writer, long length)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ReadOnlySpan<byte> prefix = "Content-Length: "u8;
        var span = writer.GetSpan(prefix.Length + MaxLongDigits + 2);
        prefix.CopyTo(span);
        length.TryFormat(span[prefix.Length..], out int digits, default, CultureInfo.InvariantCulture);
        int end = prefix.Length + digits;
        span[end] = (byte)'\r';
        span[end + 1] = (byte)'\n';
        writer.Advance(end + 2);
    }

    /// <summary>Writes the empty line that ends the head.</summary>
    public static void WriteEndOfHeaders(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("\r\n"u8);
    }

    /// <summary>Writes one chunk, <c>chunk-size CRLF chunk-data CRLF</c> (RFC 9112 §7.1); an empty span writes nothing.</summary>
    /// <remarks>An empty chunk would be the last-chunk and end the body, so it is skipped; use <see cref="WriteLastChunk"/>.</remarks>
    public static void WriteChunk(IBufferWriter<byte> writer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (data.IsEmpty) return;
        WriteChunkHeader(writer, data.Length);
        writer.Write(data);
        WriteChunkEnd(writer);
    }

    /// <summary>
    /// Writes the size line of a chunk whose <paramref name="length"/> bytes the caller writes next, followed by
    /// <see cref="WriteChunkEnd"/>; lets a body be produced straight into the writer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is zero or negative (zero is the last-chunk).</exception>
    public static void WriteChunkHeader(IBufferWriter<byte> writer, int length)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var span = writer.GetSpan(10);
        length.TryFormat(span, out int digits, "x", CultureInfo.InvariantCulture);
        span[digits] = (byte)'\r';
        span[digits + 1] = (byte)'\n';
        writer.Advance(digits + 2);
    }

    /// <summary>Writes the CRLF that closes a chunk's data.</summary>
    public static void WriteChunkEnd(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("\r\n"u8);
    }

    /// <summary>
    /// Writes the last chunk, the trailers and the final CRLF: <c>0 CRLF *( field-line CRLF ) CRLF</c>
    /// (RFC 9112 §7.1, §7.1.2). All trailers are validated before anything is written.
    /// </summary>
    /// <exception cref="ArgumentException">A trailer name or value is invalid (as for <see cref="WriteHeader(IBufferWriter{byte}, string, string)"/>).</exception>
    public static void WriteLastChunk(IBufferWriter<byte> writer, IEnumerable<KeyValuePair<string, string>>? trailers)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (trailers is not null)
        {
            foreach (var (name, value) in trailers)
            {
                ArgumentNullException.ThrowIfNull(name, nameof(trailers));
                ArgumentNullException.ThrowIfNull(value, nameof(trailers));
                ValidateField(name, value);
            }
        }

        writer.Write("0\r\n"u8);
        if (trailers is not null)
        {
            foreach (var (name, value) in trailers) WriteFieldUnchecked(writer, name, value);
        }
        writer.Write("\r\n"u8);
    }

    /// <summary>True when <paramref name="name"/> is a token (RFC 9110 §5.1).</summary>
    public static bool IsValidFieldName(ReadOnlySpan<char> name) => Http1Syntax.IsToken(name);

    /// <summary>True when <paramref name="name"/> is a token (RFC 9110 §5.1).</summary>
    public static bool IsValidFieldName(ReadOnlySpan<byte> name) => Http1Syntax.IsToken(name);

    /// <summary>
    /// True when <paramref name="value"/> can be sent as a field value: no CR, LF, NUL or other control character
    /// except HTAB (RFC 9110 §5.5), and, as a string, only characters up to U+00FF (written as Latin-1).
    /// </summary>
    public static bool IsValidFieldValue(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(FieldValueChars);

    /// <summary>True when <paramref name="value"/> holds no CR, LF, NUL or other control character except HTAB (RFC 9110 §5.5).</summary>
    public static bool IsValidFieldValue(ReadOnlySpan<byte> value) => !value.ContainsAny(Http1Syntax.InvalidFieldValueChars);

    private static void ValidateField(string name, string value)
    {
        if (!IsValidFieldName(name)) throw new ArgumentException($"'{name}' is not a valid field name (RFC 9110 §5.1: a token).", nameof(name));
        if (!IsValidFieldValue(value))
        {
            throw new ArgumentException($"The value of '{name}' holds a control character or a character above U+00FF (RFC 9110 §5.5).", nameof(value));
        }
    }

    private static void WriteFieldUnchecked(IBufferWriter<byte> writer, string name, string value)
    {
        int length = name.Length + value.Length + 4;
        var span = writer.GetSpan(length);
        Encoding.Latin1.GetBytes(name, span);
        span[name.Length] = (byte)':';
        span[name.Length + 1] = (byte)' ';
        Encoding.Latin1.GetBytes(value, span[(name.Length + 2)..]);
        span[length - 2] = (byte)'\r';
        span[length - 1] = (byte)'\n';
        writer.Advance(length);
    }

    private static string BuildFieldValueChars()
    {
        var chars = new StringBuilder();
        chars.Append('\t');
        for (char c = ' '; c <= '~'; c++) chars.Append(c);
        for (char c = (char)0x80; c <= (char)0xFF; c++) chars.Append(c);
        return chars.ToString();
    }

    private static byte[]?[] BuildStatusLines()
    {
        var lines = new byte[]?[900];
        for (int status = 100; status <= 999; status++)
        {
            string reason = StatusCodes.ReasonPhrase(status);
            if (reason.Length == 0) continue;
            lines[status - 100] = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n"));
        }
        return lines;
    }
}
