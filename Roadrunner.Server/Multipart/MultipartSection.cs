using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Multipart;

/// <summary>
/// One part of a multipart body being read by a <see cref="MultipartFormReader"/>: its header fields, and its body
/// read as it arrives. It can be read until the next part is asked for.
/// </summary>
public sealed class MultipartSection
{
    private MultipartFormReader? _reader;

    internal MultipartSection(MultipartFormReader reader, MultipartPartHeaders headers)
    {
        _reader = reader;
        Headers = headers;
    }

    /// <summary>The part's header fields. Every value comes from the client; never use <see cref="FileName"/> as a path unchecked.</summary>
    public MultipartPartHeaders Headers { get; }

    /// <summary>The form field name (<c>Content-Disposition</c> <c>name</c>), or null.</summary>
    public string? Name => Headers.Name;

    /// <summary>The file name sent by the client, or null for a plain field.</summary>
    public string? FileName => Headers.FileName;

    /// <summary>The part's <c>Content-Type</c>, or null (RFC 7578 §4.4: then <c>text/plain</c>).</summary>
    public string? ContentType => Headers.ContentType;

    /// <summary>True when the part carries a file name.</summary>
    public bool IsFile => Headers.IsFile;

    internal bool Ended { get; set; }

    /// <summary>Copies the next bytes of this part's body into <paramref name="destination"/>; 0 at its end.</summary>
    /// <exception cref="InvalidOperationException">The reader has moved to a later part.</exception>
    /// <exception cref="RequestBodyException">The body is malformed or truncated, or the client went away.</exception>
    public ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var reader = _reader ?? throw new InvalidOperationException("This part has been passed: the reader has moved to a later one.");
        return reader.ReadPartAsync(this, destination, cancellationToken);
    }

    /// <summary>Copies the rest of this part's body to <paramref name="destination"/> through a pooled buffer.</summary>
    /// <exception cref="InvalidOperationException">The reader has moved to a later part.</exception>
    /// <exception cref="RequestBodyException">The body is malformed or truncated, or the client went away.</exception>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the rest of this part's body as UTF-8 text, for plain form fields.</summary>
    /// <param name="maxBytes">Longest body accepted, in bytes. Default 65,536; over it: <see cref="RequestBodyException"/> with 413.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="RequestBodyException">413 over <paramref name="maxBytes"/>; 400 when the bytes are not UTF-8 or the body is malformed.</exception>
    public async ValueTask<string> ReadAsStringAsync(int maxBytes = 64 * 1024, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 4096) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var n = await ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                length += n;
                if (length > maxBytes)
                {
                    throw new RequestBodyException(413, "Multipart field longer than the allowed length");
                }
            }

            var bytes = buffer.AsSpan(0, length);
            if (!Utf8.IsValid(bytes))
            {
                throw new RequestBodyException(400, "Multipart field is not UTF-8");
            }

            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Called when the reader moves on; later reads throw.</summary>
    internal void Detach() => _reader = null;
}
