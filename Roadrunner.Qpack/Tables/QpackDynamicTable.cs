using System.Buffers;

namespace Roadrunner.Qpack.Tables;

/// <summary>
/// The dynamic table of RFC 9204 §3.2: a first-in, first-out list of fields addressed by absolute index (§3.2.4,
/// the first entry inserted is 0), bounded by a capacity counted as name + value + 32 octets per entry (§3.2.1).
/// Both the encoder and the decoder keep one.
/// </summary>
/// <remarks>
/// Each entry's octets live in an array rented from <see cref="ArrayPool{T}.Shared"/> and returned when the entry
/// is evicted, so a connection that keeps inserting allocates nothing once the pool is warm. Entry descriptors
/// live in a ring that grows on demand and never shrinks.
/// </remarks>
internal sealed class QpackDynamicTable : IDisposable
{
    /// <summary>§3.2.1: "The size of an entry is the sum of its name's length in bytes, its value's length in bytes, and 32 additional bytes."</summary>
    public const int EntryOverhead = 32;

    private const int MinSlotCapacity = 16;

    private Entry[] _ring = [];   // capacity is zero or a power of two
    private int _oldest;          // slot of the oldest entry
    private int _count;

    /// <summary>Creates an empty table with a capacity of 0 (§3.2.3: the initial capacity is zero).</summary>
    public QpackDynamicTable()
    {
    }

    /// <summary>The number of entries.</summary>
    public int Count => _count;

    /// <summary>§3.2.1: the sum of the sizes of the entries.</summary>
    public int Size { get; private set; }

    /// <summary>§3.2.2: the most the entries may add up to, as the encoder last set it.</summary>
    public int Capacity { get; private set; }

    /// <summary>§3.2.4: the total number of entries ever inserted; the next entry's absolute index.</summary>
    public long InsertCount { get; private set; }

    /// <summary>The absolute index of the oldest entry still held (equal to <see cref="InsertCount"/> when empty).</summary>
    public long OldestIndex => InsertCount - _count;

    /// <summary>The size an entry of these lengths would take (§3.2.1).</summary>
    public static long EntrySize(int nameLength, int valueLength) => (long)nameLength + valueLength + EntryOverhead;

    /// <summary>§3.2.2: sets the capacity and evicts the oldest entries until the table fits it.</summary>
    public void SetCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        while (Size > capacity) EvictOldest();
    }

    /// <summary>True when the entry of absolute <paramref name="index"/> is still in the table.</summary>
    public bool Contains(long index) => index >= OldestIndex && index < InsertCount;

    /// <summary>Reads the entry of absolute <paramref name="index"/>, which must be <see cref="Contains"/>.</summary>
    public void Get(long index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        ref readonly var entry = ref _ring[Slot(index)];
        name = entry.Octets.AsSpan(0, entry.NameLength);
        value = entry.Octets.AsSpan(entry.NameLength, entry.ValueLength);
    }

    /// <summary>The size (§3.2.1) of the entry of absolute <paramref name="index"/>, which must be <see cref="Contains"/>.</summary>
    public int SizeOf(long index)
    {
        ref readonly var entry = ref _ring[Slot(index)];
        return entry.NameLength + entry.ValueLength + EntryOverhead;
    }

    /// <summary>
    /// True when an entry of <paramref name="entrySize"/> fits the capacity after evicting only entries whose absolute
    /// index is below <paramref name="limit"/> (§2.1.1: the encoder "MUST NOT" evict an entry that is not evictable).
    /// </summary>
    public bool CanInsert(long entrySize, long limit)
    {
        if (entrySize > Capacity) return false;
        long needed = Size + entrySize - Capacity;
        for (long index = OldestIndex; needed > 0; index++)
        {
            if (index >= limit || index >= InsertCount) return false;
            needed -= SizeOf(index);
        }
        return true;
    }

    /// <summary>
    /// §3.2.2: adds a field as the newest entry, evicting the oldest ones until it fits. The caller has checked that
    /// the entry is no larger than the capacity. <paramref name="name"/> may point into an entry this evicts: the
    /// octets are copied before anything is evicted.
    /// </summary>
    public void Insert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        int entrySize = name.Length + value.Length + EntryOverhead;
        var octets = ArrayPool<byte>.Shared.Rent(Math.Max(1, name.Length + value.Length));
        name.CopyTo(octets);
        value.CopyTo(octets.AsSpan(name.Length));

        while (Size + entrySize > Capacity && _count > 0) EvictOldest();

        if (_count == _ring.Length) GrowRing();
        _ring[(_oldest + _count) & (_ring.Length - 1)] = new Entry(octets, name.Length, value.Length);
        _count++;
        Size += entrySize;
        InsertCount++;
    }

    /// <summary>The newest absolute index holding exactly this field, or -1; <paramref name="nameIndex"/> gets the newest with the name, or -1.</summary>
    public long Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out long nameIndex)
    {
        nameIndex = -1;
        for (long index = InsertCount - 1; index >= OldestIndex; index--)
        {
            ref readonly var entry = ref _ring[Slot(index)];
            if (entry.NameLength != name.Length || !name.SequenceEqual(entry.Octets.AsSpan(0, entry.NameLength))) continue;
            if (nameIndex < 0) nameIndex = index;
            if (value.SequenceEqual(entry.Octets.AsSpan(entry.NameLength, entry.ValueLength))) return index;
        }
        return -1;
    }

    /// <summary>Returns every entry's octets to the pool and empties the table.</summary>
    public void Dispose()
    {
        while (_count > 0) EvictOldest();
    }

    private int Slot(long index) => (int)((_oldest + (index - OldestIndex)) & (_ring.Length - 1));

    private void EvictOldest()
    {
        ref var entry = ref _ring[_oldest];
        Size -= entry.NameLength + entry.ValueLength + EntryOverhead;
        ArrayPool<byte>.Shared.Return(entry.Octets);
        entry = default;
        _oldest = (_oldest + 1) & (_ring.Length - 1);
        _count--;
    }

    private void GrowRing()
    {
        var ring = new Entry[Math.Max(MinSlotCapacity, _ring.Length * 2)];
        for (int i = 0; i < _count; i++) ring[i] = _ring[(_oldest + i) & (_ring.Length - 1)];
        _ring = ring;
        _oldest = 0;
    }

    private readonly record struct Entry(byte[] Octets, int NameLength, int ValueLength);
}
