using System.Buffers;

namespace Roadrunner.Http2.Buffers;

/// <summary>
/// Pooled chunks that event payloads (DATA, header fields, debug data) are copied into. Every allocation is
/// contiguous; nothing moves until <see cref="Reset"/>, which hands all chunks back at once.
/// </summary>
internal sealed class ByteArena : IDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _current = -1;
    private int _used;

    /// <summary>Copies <paramref name="data"/> into the arena.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return ReadOnlyMemory<byte>.Empty;
        var memory = Allocate(data.Length);
        data.CopyTo(memory.Span);
        return memory;
    }

    /// <summary>A contiguous region of <paramref name="length"/> bytes, valid until <see cref="Reset"/>.</summary>
    public Memory<byte> Allocate(int length)
    {
        if (_current < 0 || _chunks[_current].Length - _used < length)
        {
            _current++;
            if (_current == _chunks.Count || _chunks[_current].Length < length)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, length));
                if (_current == _chunks.Count) _chunks.Add(chunk);
                else _chunks.Insert(_current, chunk);
            }

            _used = 0;
        }

        var memory = _chunks[_current].AsMemory(_used, length);
        _used += length;
        return memory;
    }

    /// <summary>Forgets every allocation; keeps the first chunk and returns the others to the pool.</summary>
    public void Reset()
    {
        for (int i = _chunks.Count - 1; i >= 1; i--)
        {
            ArrayPool<byte>.Shared.Return(_chunks[i]);
            _chunks.RemoveAt(i);
        }

        _current = -1;
        _used = 0;
    }

    /// <summary>Returns every chunk to the pool.</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _current = -1;
        _used = 0;
    }
}
