using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Compression;

/// <summary>
/// A response stream that compresses what is written to it and passes the compressed bytes to the stream the
/// server gave. With <c>flushEachWrite</c>, every write is compressed and flushed at once (a sync flush for
/// gzip and deflate, a flush for brotli), so a client sees each write as it happens; otherwise compressed bytes
/// are gathered into larger writes. Trailers added to it are handed on when it completes.
/// </summary>
internal sealed class CompressingResponseStream : ResponseStream, IDisposable
{
    /// <summary>Without per-write flushing, compressed bytes are sent once this many have gathered.</summary>
    private const int SendThreshold = 32 * 1024;

    private readonly ResponseStream _inner;
    private readonly MemoryStream _sink = new();
    private readonly Stream _encoder;
    private readonly bool _flushEachWrite;
    private bool _completed;

    public CompressingResponseStream(ResponseStream inner, ContentCoding coding, CompressionOptions options, bool flushEachWrite)
    {
        _inner = inner;
        _encoder = Compressors.Create(coding, _sink, options);
        _flushEachWrite = flushEachWrite;
    }

    public override Request Request => _inner.Request;

    public override CancellationToken Aborted => _inner.Aborted;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (data.IsEmpty)
        {
            return;
        }

        _encoder.Write(data.Span);
        if (_flushEachWrite)
        {
            _encoder.Flush();
            await SendAsync(cancellationToken);
        }
        else if (_sink.Length >= SendThreshold)
        {
            await SendAsync(cancellationToken);
        }
    }

    /// <summary>Ends the coding (its final block and checksum), sends what is left and hands the trailers on.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _encoder.Dispose();
        await SendAsync(cancellationToken);
        foreach (var (name, value) in Trailers)
        {
            _inner.AddTrailer(name, value);
        }
    }

    /// <summary>Releases the encoder when the writer failed before completing.</summary>
    public void Dispose()
    {
        _completed = true;
        _encoder.Dispose();
        _sink.Dispose();
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        if (_sink.Length == 0)
        {
            return;
        }

        await _inner.WriteAsync(_sink.GetBuffer().AsMemory(0, (int)_sink.Length), cancellationToken);
        _sink.SetLength(0);
    }
}
