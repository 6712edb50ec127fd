namespace Roadrunner.Hpack.Tables;

/// <summary>
/// The dynamic table of RFC 7541 §4: a first-in, first-out list of fields, newest at dynamic index 0 (HPACK
/// index 62, §2.3.3), bounded by a maximum size counted as name + value + 32 octets per entry (§4.1).
/// </summary>
/// <remarks>
/// <para>
/// Entry descriptors live in a ring of slots; the octets of names and values live in a ring of bytes owned by the
/// table. An entry's octets are never split across the end of the byte ring, so every name and value is one
/// contiguous span: when an entry does not fit before the end, it goes to the start and the tail is left unused
/// until the older entries there are evicted.
/// </para>
/// <para>
/// Both rings grow on demand and are never shrunk. The byte ring stops growing at twice the maximum size: the
/// live octets plus a new entry are under the maximum size (each entry also counts 32 octets it does not store),
/// and with that much room a new entry always fits either after the newest one or before the oldest one.
/// </para>
/// </remarks>
internal sealed class DynamicTable
{
    /// <summary>§4.1: "The size of an entry is the sum of its name's length in octets, its value's length in octets, and 32."</summary>
    public const int EntryOverhead = 32;

    private const int MinByteCapacity = 256;
    private const int MinSlotCapacity = 16;

    private byte[] _octets = [];
    private Slot[] _slots = [];   // capacity is zero or a power of two
    private int _oldest;          // slot of the oldest entry
    private int _count;
    private int _write;           // octet just past the newest entry

    /// <summary>Creates an empty table whose maximum size is <paramref name="maxSize"/>.</summary>
    public DynamicTable(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _count;

    /// <summary>§4.1: the sum of the sizes of the entries.</summary>
    public int Size { get; private set; }

    /// <summary>The maximum size, as last set by the encoder (§4.2).</summary>
    public int MaxSize { get; private set; }

    /// <summary>§4.3: a smaller maximum size evicts from the end until the table fits.</summary>
    public void SetMaxSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        EvictUntil(maxSize);
    }

    /// <summary>
    /// Adds a field as the newest entry, evicting the oldest ones until it fits (§4.4). A field larger than the
    /// maximum size empties the table and is not added: "an attempt to add an entry larger than the maximum size
    /// causes the table to be emptied of all existing entries and results in an empty table."
    /// </summary>
    /// <remarks><paramref name="name"/> and <paramref name="value"/> must not point into this table.</remarks>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        long entrySize = (long)name.Length + value.Length + EntryOverhead;
        if (entrySize > MaxSize)
        {
            Clear();
            return;
        }

        // §4.4: "entries are evicted from the end of the dynamic table until the size of the dynamic table is
        // less than or equal to (maximum size - new entry size) or until the table is empty."
        EvictUntil(MaxSize - (int)entrySize);

        int length = name.Length + value.Length;
        int offset = Reserve(length);
        name.CopyTo(_octets.AsSpan(offset));
        value.CopyTo(_octets.AsSpan(offset + name.Length));

        if (_count == _slots.Length) GrowSlots();
        _slots[(_oldest + _count) & (_slots.Length - 1)] = new Slot(offset, name.Length, value.Length);
        _count++;
        _write = offset + length;
        Size += (int)entrySize;
    }

    /// <summary>Evicts every entry.</summary>
    public void Clear()
    {
        _count = 0;
        _oldest = 0;
        _write = 0;
        Size = 0;
    }

    /// <summary>The entry at <paramref name="index"/>, 0 being the newest (HPACK index 62).</summary>
    public void Get(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
        ref readonly Slot slot = ref _slots[(_oldest + _count - 1 - index) & (_slots.Length - 1)];
        name = new ReadOnlySpan<byte>(_octets, slot.Offset, slot.NameLength);
        value = new ReadOnlySpan<byte>(_octets, slot.Offset + slot.NameLength, slot.ValueLength);
    }

    /// <summary>
    /// The lowest index (newest entry) holding exactly this field, or -1; <paramref name="nameIndex"/> gets the lowest
    /// index with the name, or -1. One pass serves both, as the encoder wants both.
    /// </summary>
    public int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        nameIndex = -1;
        int mask = _slots.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            ref readonly Slot slot = ref _slots[(_oldest + _count - 1 - i) & mask];
            if (slot.NameLength != name.Length || !name.SequenceEqual(new ReadOnlySpan<byte>(_octets, slot.Offset, slot.NameLength))) continue;
            if (nameIndex < 0) nameIndex = i;
            if (slot.ValueLength == value.Length && value.SequenceEqual(new ReadOnlySpan<byte>(_octets, slot.Offset + slot.NameLength, slot.ValueLength))) return i;
        }
        return -1;
    }

    private void EvictUntil(int size)
    {
        // §4.4: eviction is from the end of the table, i.e. the oldest entry first.
        while (Size > size)
        {
            ref readonly Slot slot = ref _slots[_oldest];
            Size -= slot.NameLength + slot.ValueLength + EntryOverhead;
            _oldest = (_oldest + 1) & (_slots.Length - 1);
            _count--;
        }
        if (_count == 0) Clear();
    }

    /// <summary>Finds <paramref name="length"/> contiguous free octets for the entry about to be added.</summary>
    private int Reserve(int length)
    {
        if (_count == 0)
        {
            _write = 0;
            if (length <= _octets.Length) return 0;
        }
        else
        {
            int start = _slots[_oldest].Offset;
            if (start <= _write)
            {
                // Live octets are [start, _write): room after them, else room before them.
                if (length <= _octets.Length - _write) return _write;
                if (length < start) return 0;
            }
            else if (length < start - _write)
            {
                // Wrapped: live octets are [start, tail) and [0, _write). Strictly less, so that _write == start
                // keeps meaning "not wrapped".
                return _write;
            }
        }
        Relayout(length);
        return _write;
    }

    /// <summary>Moves the live octets, oldest first, to the start of a larger ring, leaving room for <paramref name="length"/> more.</summary>
    private void Relayout(int length)
    {
        long live = 0;
        int mask = _slots.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            ref readonly Slot slot = ref _slots[(_oldest + i) & mask];
            live += slot.NameLength + slot.ValueLength;
        }
        long needed = live + length;
        long capacity = Math.Max(Math.Max(2L * _octets.Length, MinByteCapacity), 2 * needed);
        capacity = Math.Min(capacity, Math.Max(2L * MaxSize, needed));
        capacity = Math.Max(Math.Min(capacity, Array.MaxLength), needed);

        var octets = new byte[capacity];
        int write = 0;
        for (int i = 0; i < _count; i++)
        {
            ref Slot slot = ref _slots[(_oldest + i) & mask];
            int entryLength = slot.NameLength + slot.ValueLength;
            _octets.AsSpan(slot.Offset, entryLength).CopyTo(octets.AsSpan(write));
            slot = slot with { Offset = write };
            write += entryLength;
        }
        _octets = octets;
        _write = write;
    }

    private void GrowSlots()
    {
        var slots = new Slot[Math.Max(MinSlotCapacity, _slots.Length * 2)];
        for (int i = 0; i < _count; i++) slots[i] = _slots[(_oldest + i) & (_slots.Length - 1)];
        _slots = slots;
        _oldest = 0;
    }

    private readonly record struct Slot(int Offset, int NameLength, int ValueLength);
}
