namespace Roadrunner.Server.Listening;

/// <summary>
/// The table of open connections that the heartbeat and drain walk. Taking and giving back a slot is a
/// short lock; walking reads the array without one (a reference read is atomic; a stale one is harmless).
/// </summary>
internal sealed class ConnectionSlots
{
    private readonly Lock _lock = new();
    private Connection?[] _slots;
    private int[] _free;
    private int _freeCount;

    public ConnectionSlots(int capacity)
    {
        _slots = new Connection?[capacity];
        _free = new int[capacity];
        for (var i = 0; i < capacity; i++) _free[i] = capacity - 1 - i;
        _freeCount = capacity;
    }

    public void Add(Connection connection)
    {
        lock (_lock)
        {
            if (_freeCount == 0) Grow();
            var slot = _free[--_freeCount];
            _slots[slot] = connection;
            connection.Slot = slot;
        }
    }

    public void Remove(Connection connection)
    {
        lock (_lock)
        {
            var slot = connection.Slot;
            if (slot < 0 || !ReferenceEquals(_slots[slot], connection)) return;
            _slots[slot] = null;
            _free[_freeCount++] = slot;
            connection.Slot = -1;
        }
    }

    public void ForEach(Action<Connection> action)
    {
        var slots = Volatile.Read(ref _slots);
        foreach (var c in slots)
        {
            if (c is not null) action(c);
        }
    }

    public void ForEach<TState>(Action<Connection, TState> action, TState state)
    {
        var slots = Volatile.Read(ref _slots);
        foreach (var c in slots)
        {
            if (c is not null) action(c, state);
        }
    }

    /// <summary>The connection idle longest between requests, or null when none is idle.</summary>
    public Connection? LongestIdle()
    {
        Connection? oldest = null;
        var since = long.MaxValue;
        foreach (var c in Volatile.Read(ref _slots))
        {
            if (c is null) continue;
            var idle = c.IdleSince;
            if (idle < since)
            {
                since = idle;
                oldest = c;
            }
        }

        return oldest;
    }

    private void Grow()
    {
        // Connections still handshaking are not counted against the cap, so the table may need to grow.
        var old = _slots.Length;
        var slots = new Connection?[old * 2];
        Array.Copy(_slots, slots, old);
        var free = new int[old * 2];
        for (var i = 0; i < old; i++) free[i] = old * 2 - 1 - i;
        _free = free;
        _freeCount = old;
        Volatile.Write(ref _slots, slots);
    }
}
