using System.Buffers;

namespace Roadrunner.Http3.Buffers;

/// <summary>
/// Holds the octets that events carry (DATA content, field names and values) from one input call to the next. Memory
/// handed out stays valid until <see cref="Reset"/>: chunks are never moved, only added, and are kept for reuse.
/// </summary>
internal sealed class EventArena
{
    private const int ChunkSize = 16 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _current;
    private int _used;

    /// <summary>Copies <paramref name="octets"/> in and returns where they now live.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> octets)
    {
        if (octets.IsEmpty) return ReadOnlyMemory<byte>.Empty;
        if (_chunks.Count == 0 || _used + octets.Length > _chunks[_current].Length)
        {
            NextChunk(octets.Length);
        }
        var chunk = _chunks[_current];
        octets.CopyTo(chunk.AsSpan(_used));
        var memory = chunk.AsMemory(_used, octets.Length);
        _used += octets.Length;
        return memory;
    }

    /// <summary>Makes every chunk free again; memory handed out before is reused from now on.</summary>
    public void Reset()
    {
        // Chunks larger than the usual size came from one big copy: give them back rather than keep them.
        for (int i = _chunks.Count - 1; i >= 0; i--)
        {
            if (_chunks[i].Length > ChunkSize * 2)
            {
                ArrayPool<byte>.Shared.Return(_chunks[i]);
                _chunks.RemoveAt(i);
            }
        }
        _current = 0;
        _used = 0;
    }

    /// <summary>Returns every chunk to the pool.</summary>
    public void Release()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _current = 0;
        _used = 0;
    }

    private void NextChunk(int needed)
    {
        // The first chunk, or the next kept one when it is large enough, or a new one rented in its place.
        int next = _chunks.Count == 0 ? 0 : _current + 1;
        if (next < _chunks.Count && _chunks[next].Length >= needed)
        {
            _current = next;
        }
        else
        {
            _chunks.Insert(next, ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, needed)));
            _current = next;
        }
        _used = 0;
    }
}
