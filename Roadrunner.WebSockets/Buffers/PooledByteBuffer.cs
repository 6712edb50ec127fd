using System.Buffers;

namespace Roadrunner.WebSockets.Buffers;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>: written at the end, read as a whole,
/// cleared for reuse, returned to the pool on <see cref="Dispose"/>. Not thread-safe.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private const int MinimumCapacity = 256;

    private byte[] _array = [];
    private int _length;

    /// <summary>Bytes written.</summary>
    public int Length => _length;

    /// <summary>Size of the rented array.</summary>
    public int Capacity => _array.Length;

    /// <summary>The written bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>The written bytes, for events that hand them out.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>The writable space after the written bytes, at least <paramref name="sizeHint"/> long.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureFree(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetSpan"/> as written.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_array.Length - _length), nameof(count));
        _length += count;
    }

    /// <summary>Appends <paramref name="data"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        _length += data.Length;
    }

    /// <summary>Forgets the written bytes; gives back a large array so an idle connection holds little.</summary>
    public void Clear(int keepCapacity = 64 * 1024)
    {
        _length = 0;
        if (_array.Length > keepCapacity)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }

    /// <summary>Drops the last <paramref name="count"/> written bytes.</summary>
    public void Truncate(int count) => _length -= count;

    /// <summary>Makes room for <paramref name="sizeHint"/> more bytes (at least one), doubling as it grows.</summary>
    public void EnsureFree(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= sizeHint) return;
        long wanted = Math.Max((long)_length + sizeHint, Math.Max((long)_array.Length * 2, MinimumCapacity));
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(wanted, Array.MaxLength));
        _array.AsSpan(0, _length).CopyTo(grown);
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_array.Length > 0) ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _length = 0;
    }
}
