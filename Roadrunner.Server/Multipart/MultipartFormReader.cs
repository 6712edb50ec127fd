using System.Buffers;
using System.Runtime.CompilerServices;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Multipart;

/// <summary>
/// Reads a <c>multipart/*</c> request body (<c>multipart/form-data</c>, RFC 7578) part by part as it arrives, over
/// <see cref="Request.ReadBodyAsync"/>, with the sans-IO <see cref="MultipartReader"/>. Part bodies are handed to the
/// caller slice by slice through one pooled buffer, so a file part is never held whole in memory (in
/// <see cref="BodyMode.Manual"/>; in auto mode the server has already read the body, within its content-length limit).
/// </summary>
/// <remarks>
/// <para>A part is read with <see cref="MultipartSection.ReadAsync"/>, <see cref="MultipartSection.CopyToAsync"/> or
/// <see cref="MultipartSection.ReadAsStringAsync"/>; asking for the next part skips what is left of the current one.</para>
/// <para>Faults throw <see cref="RequestBodyException"/>, which the server answers when the handler lets it escape:
/// 415 when the request is not multipart with a valid boundary; 400 when the body is malformed or ends before the
/// close delimiter; 413 over <see cref="MultipartOptions.MaxPartCount"/>, <see cref="MultipartOptions.MaxHeaderCount"/>
/// or <see cref="MultipartOptions.MaxHeaderSize"/>. The total size is bounded by the listener's
/// <c>MaxContentLength</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// await foreach (var part in req.ReadMultipartAsync())
/// {
///     if (part.IsFile) await part.CopyToAsync(fileStream);
///     else fields[part.Name!] = await part.ReadAsStringAsync();
/// }
/// </code>
/// </example>
public sealed class MultipartFormReader : IDisposable
{
    private const int MinimumBufferSize = 16 * 1024;

    private readonly Request _request;
    private readonly MultipartReader _reader;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _dataStart;
    private int _dataLength;
    private bool _endOfBody;
    private bool _completed;
    private MultipartSection? _current;
    private MultipartPartHeaders? _startedHeaders;

    private MultipartFormReader(Request request, string boundary, MultipartOptions options)
    {
        _request = request;
        _reader = new MultipartReader(boundary, options);
        // Room for the largest header section and a delimiter held back behind it.
        var size = Math.Max(MinimumBufferSize, options.MaxHeaderSize + MultipartBoundary.MaxLength + options.MaxTransportPadding + 64);
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>The limits in force.</summary>
    public MultipartOptions Options => _reader.Options;

    /// <summary>A reader over <paramref name="request"/>'s body.</summary>
    /// <exception cref="RequestBodyException">415: the <c>Content-Type</c> is not <c>multipart/*</c> with a valid boundary.</exception>
    public static MultipartFormReader Create(Request request, MultipartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Get("content-type") is not { } contentType || !MultipartBoundary.TryParse(contentType, out var boundary))
        {
            throw new RequestBodyException(415, "The body is not multipart with a valid boundary");
        }

        return new MultipartFormReader(request, boundary, options ?? MultipartOptions.Default);
    }

    /// <summary>
    /// The next part, or null after the last one. What was left unread of the previous part is skipped, and that
    /// part can no longer be read.
    /// </summary>
    /// <exception cref="RequestBodyException">The body is malformed, truncated or over a limit, or the client went away.</exception>
    public async ValueTask<MultipartSection?> ReadNextSectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_current is { } previous)
        {
            _current = null;
            previous.Detach();
            _dataLength = 0;
            while (!previous.Ended)
            {
                var kind = await NextAsync(cancellationToken);
                if (kind == MultipartEventKind.PartEnded)
                {
                    previous.Ended = true;
                }

                _dataLength = 0;
            }
        }

        while (!_completed)
        {
            var kind = await NextAsync(cancellationToken);
            if (kind == MultipartEventKind.PartStarted)
            {
                return _current = new MultipartSection(this, _startedHeaders!);
            }

            if (kind == MultipartEventKind.Completed)
            {
                _completed = true;
            }
        }

        return null;
    }

    /// <summary>Returns the pooled buffer. The current part can no longer be read.</summary>
    public void Dispose()
    {
        _current?.Detach();
        _current = null;
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Every part of <paramref name="request"/>'s body, in order; the reader is disposed when the enumeration ends.</summary>
    internal static async IAsyncEnumerable<MultipartSection> ReadSectionsAsync(
        Request request, MultipartOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = Create(request, options);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            yield return section;
        }
    }

    /// <summary>Copies body bytes of the current part; 0 at its end.</summary>
    internal async ValueTask<int> ReadPartAsync(MultipartSection section, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_dataLength > 0)
            {
                var n = Math.Min(_dataLength, destination.Length);
                _buffer.AsSpan(_dataStart, n).CopyTo(destination.Span);
                _dataStart += n;
                _dataLength -= n;
                return n;
            }

            if (section.Ended || destination.IsEmpty)
            {
                return 0;
            }

            if (await NextAsync(cancellationToken) == MultipartEventKind.PartEnded)
            {
                section.Ended = true;
            }
        }
    }

    /// <summary>The next event; for part data, <see cref="_dataStart"/> and <see cref="_dataLength"/> locate it in the buffer.</summary>
    private async ValueTask<MultipartEventKind> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryNext(out var kind))
            {
                return kind;
            }

            if (_endOfBody)
            {
                throw Reject(_reader.Finish());
            }

            await FillAsync(cancellationToken);
        }
    }

    private bool TryNext(out MultipartEventKind kind)
    {
        var input = _buffer.AsSpan(_start, _end - _start);
        var got = _reader.TryRead(input, out var consumed, out var ev);
        kind = ev.Kind;
        if (got)
        {
            switch (ev.Kind)
            {
                case MultipartEventKind.PartData:
                    input.Overlaps(ev.Data, out var offset);
                    _dataStart = _start + offset;
                    _dataLength = ev.Data.Length;
                    break;
                case MultipartEventKind.PartStarted:
                    _startedHeaders = ev.Headers;
                    break;
                case MultipartEventKind.Error:
                    throw Reject(ev.Error);
            }
        }

        _start += consumed;
        return got;
    }

    // Called only when the reader needs more, so no part data is pending in the buffer.
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // The reader holds back at most a header section and a delimiter, which the buffer is sized for.
            throw new RequestBodyException(400, "Multipart body cannot be framed within the buffer");
        }

        var n = await _request.ReadBodyAsync(_buffer.AsMemory(_end), cancellationToken);
        if (n == 0)
        {
            _endOfBody = true;
        }

        _end += n;
    }

    private static RequestBodyException Reject(MultipartError error)
    {
        var status = error.Kind is MultipartErrorKind.TooManyParts or MultipartErrorKind.TooManyHeaders or MultipartErrorKind.HeaderTooLarge ? 413 : 400;
        return new RequestBodyException(status, error.Reason);
    }
}
