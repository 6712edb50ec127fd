namespace Roadrunner.Http2.Buffers;

/// <summary>A first-in first-out queue over one growable array; it allocates only when it grows.</summary>
internal sealed class RingQueue<T>
{
    private T[] _items = new T[16];
    private int _head;
    private int _count;

    /// <summary>Items queued.</summary>
    public int Count => _count;

    /// <summary>Adds an item at the tail.</summary>
    public void Enqueue(in T item)
    {
        if (_count == _items.Length)
        {
            var bigger = new T[_items.Length * 2];
            for (int i = 0; i < _count; i++) bigger[i] = _items[(_head + i) % _items.Length];
            _items = bigger;
            _head = 0;
        }

        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    /// <summary>Removes the item at the head.</summary>
    public bool TryDequeue(out T item)
    {
        if (_count == 0)
        {
            item = default!;
            return false;
        }

        item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        if (_count == 0) _head = 0;
        return true;
    }

    /// <summary>Drops every item.</summary>
    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }
}
