using System.Buffers;

namespace Roadrunner.Http2.Buffers;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>: written at the end, read from the start.
/// Memory handed out stays valid until the next call that writes, consumes or clears.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    /// <summary>A buffer larger than this goes back to the pool once emptied, so an idle connection holds little.</summary>
    private const int KeepWhenEmpty = 64 * 1024;

    private byte[] _buffer = [];
    private int _start;
    private int _end;

    /// <summary>Bytes written and not yet consumed.</summary>
    public int WrittenCount => _end - _start;

    /// <summary>The bytes written and not yet consumed.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The bytes written and not yet consumed.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(_start, _end - _start);

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _end) throw new InvalidOperationException("Advanced past the end of the buffer.");
        _end += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_end);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_end);
    }

    /// <summary>Appends <paramref name="data"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> unconsumed bytes.</summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, WrittenCount);
        _start += count;
        if (_start == _end) Clear();
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        _start = 0;
        _end = 0;
        if (_buffer.Length > KeepWhenEmpty) Release();
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        _start = 0;
        _end = 0;
        Release();
    }

    private void Release()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _end >= sizeHint) return;

        int written = _end - _start;
        if (_start > 0 && _buffer.Length - written >= sizeHint && written <= _buffer.Length / 2)
        {
            _buffer.AsSpan(_start, written).CopyTo(_buffer);
            _start = 0;
            _end = written;
            return;
        }

        int size = Math.Max(Math.Max(_buffer.Length * 2, written + sizeHint), 256);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(_start, written).CopyTo(bigger);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        _start = 0;
        _end = written;
    }
}
