using System.Buffers;

namespace Roadrunner.Server.Buffers;

/// <summary>
/// Request content received ahead of the handler on a multiplexed stream (HTTP/2, HTTP/3): appended as frames
/// arrive, taken as the handler reads, in one array rented from the shared pool. The caller bounds what it appends.
/// </summary>
internal sealed class ContentBuffer
{
    private byte[] _buffer = [];
    private int _start;
    private int _end;

    /// <summary>Bytes held and not yet taken.</summary>
    public int Count => _end - _start;

    /// <summary>The bytes held and not yet taken.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Keeps <paramref name="data"/> after what is held, compacting or growing the array first.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_end + data.Length > _buffer.Length)
        {
            var kept = _end - _start;
            if (kept + data.Length <= _buffer.Length)
            {
                _buffer.AsSpan(_start, kept).CopyTo(_buffer);
            }
            else
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(kept + data.Length, Math.Max(4096, _buffer.Length * 2)));
                _buffer.AsSpan(_start, kept).CopyTo(bigger);
                if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            _start = 0;
            _end = kept;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of held bytes out; returns how much.</summary>
    public int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        if (_start == _end) _start = _end = 0;
        return n;
    }

    /// <summary>Forgets what is held; an array larger than <paramref name="keepUpTo"/> bytes goes back to the pool.</summary>
    public void Clear(int keepUpTo = int.MaxValue)
    {
        if (_buffer.Length > keepUpTo)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        _start = _end = 0;
    }

    /// <summary>Gives the array back to the pool.</summary>
    public void Release() => Clear(keepUpTo: 0);
}
