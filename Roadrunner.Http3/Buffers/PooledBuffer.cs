using System.Buffers;

namespace Roadrunner.Http3.Buffers;

/// <summary>A growable buffer on <see cref="ArrayPool{T}"/> arrays: once grown it is reused, so steady-state writes allocate nothing.</summary>
internal sealed class PooledBuffer : IBufferWriter<byte>
{
    private byte[] _array = [];
    private int _length;

    /// <summary>Octets written.</summary>
    public int Length => _length;

    /// <summary>The octets written.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>The octets written, as memory that stays valid until the next write or <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <inheritdoc />
    public void Advance(int count) => _length += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>Appends <paramref name="octets"/>.</summary>
    public void Append(ReadOnlySpan<byte> octets)
    {
        Ensure(octets.Length);
        octets.CopyTo(_array.AsSpan(_length));
        _length += octets.Length;
    }

    /// <summary>Forgets the content, keeping the array.</summary>
    public void Clear() => _length = 0;

    /// <summary>Drops the first <paramref name="count"/> octets.</summary>
    public void Consume(int count)
    {
        _array.AsSpan(count, _length - count).CopyTo(_array);
        _length -= count;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Release()
    {
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _length = 0;
    }

    private void Ensure(int sizeHint)
    {
        int needed = _length + Math.Max(sizeHint, 1);
        if (needed <= _array.Length) return;
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(256, _array.Length * 2)));
        _array.AsSpan(0, _length).CopyTo(array);
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = array;
    }
}
