namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// A read-only stream over the bytes handed to it last: what the inflater pulls its compressed input from. It
/// reports end of data when they run out, and carries on when more are set, which <see cref="System.IO.Compression.DeflateStream"/>
/// tolerates (it keeps its state across a zero-byte read).
/// </summary>
internal sealed class InputFeedStream : Stream
{
    private ReadOnlyMemory<byte> _data;

    /// <summary>Bytes set but not read yet.</summary>
    public int Remaining => _data.Length;

    /// <summary>Replaces the pending input.</summary>
    public void Set(ReadOnlyMemory<byte> data) => _data = data;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _data.Length);
        _data.Span[..n].CopyTo(buffer);
        _data = _data[n..];
        return n;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

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
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
