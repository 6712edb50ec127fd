using Roadrunner.WebSockets.Buffers;

namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// A write-only stream appending to a <see cref="PooledByteBuffer"/>: where the deflater puts compressed output.
/// Writes can be discarded, for the final block a deflater emits when it is disposed.
/// </summary>
internal sealed class BufferWriterStream(PooledByteBuffer target) : Stream
{
    /// <summary>When true, writes are dropped.</summary>
    public bool Discard { get; set; }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!Discard) target.Write(buffer);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
