namespace Roadrunner.Server.Collections;

/// <summary>
/// A thread-safe stack of reusable objects with a fixed capacity. When it is empty <see cref="TryTake"/> fails and
/// the caller creates a new object; when it is full <see cref="TryReturn"/> fails and the object is left to the GC.
/// </summary>
/// <remarks>
/// A lock around an array: taken and returned once per request at most, so an uncontended lock (tens of
/// nanoseconds) costs less than scanning slots, and the most recently returned object, still warm in a cache, is
/// the next one taken.
/// </remarks>
internal sealed class BoundedPool<T>
    where T : class
{
    private readonly T?[] _items;
    private readonly Lock _lock = new();
    private int _count;

    public BoundedPool(int capacity) => _items = new T?[capacity];

    public bool TryTake(out T item)
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                var index = --_count;
                item = _items[index]!;
                _items[index] = null;
                return true;
            }
        }

        item = null!;
        return false;
    }

    public bool TryReturn(T item)
    {
        lock (_lock)
        {
            if (_count == _items.Length) return false;
            _items[_count++] = item;
            return true;
        }
    }
}
