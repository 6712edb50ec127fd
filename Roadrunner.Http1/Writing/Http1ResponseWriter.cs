using System.Buffers;

namespace Roadrunner.Http1.Writing;

/// <summary>Writes HTTP/1.1 response heads and chunked framing into a caller's buffer (RFC 9112 §4–§7).</summary>
public static class Http1ResponseWriter
{
    /// <summary>The interim response sent before reading a body the client waits to send (RFC 9110 §15.2.1).</summary>
    public static ReadOnlySpan<byte> Continue100 => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    /// <summary>Writes the status line.</summary>
    public static void WriteStatusLine(IBufferWriter<byte> writer, int status) => throw new NotSupportedException("pending");

    /// <summary>Writes one field line; throws <see cref="ArgumentException"/> on an invalid name or value.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, string name, string value) => throw new NotSupportedException("pending");

    /// <summary>Writes one field line; throws <see cref="ArgumentException"/> on an invalid name or value.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => throw new NotSupportedException("pending");

    /// <summary>Writes <c>Content-Length: n</c>.</summary>
    public static void WriteContentLength(IBufferWriter<byte> writer, long length) => throw new NotSupportedException("pending");

    /// <summary>Writes the empty line that ends the head.</summary>
    public static void WriteEndOfHeaders(IBufferWriter<byte> writer) => throw new NotSupportedException("pending");

    /// <summary>Writes one chunk (size, data, CRLF); an empty span writes nothing.</summary>
    public static void WriteChunk(IBufferWriter<byte> writer, ReadOnlySpan<byte> data) => throw new NotSupportedException("pending");

    /// <summary>Writes the last chunk, the trailers and the final CRLF.</summary>
    public static void WriteLastChunk(IBufferWriter<byte> writer, IEnumerable<KeyValuePair<string, string>>? trailers) => throw new NotSupportedException("pending");
}
