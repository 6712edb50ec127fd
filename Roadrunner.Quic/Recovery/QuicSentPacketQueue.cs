namespace Roadrunner.Quic.Recovery;

/// <summary>
/// The packets of one packet number space still tracked by loss detection, in packet number order (RFC 9002 §A.1:
/// sent_packets). Packet numbers only grow within a space (RFC 9000 §12.3), so a ring buffer appended at the back is
/// already sorted: finding a packet is a binary search, and an acknowledged or lost packet in the middle leaves a
/// tombstone that is dropped once it reaches the front. The ring grows by doubling and never shrinks, so steady state
/// allocates nothing.
/// </summary>
internal sealed class QuicSentPacketQueue
{
    private Entry[] _entries = new Entry[64];
    private int _head;

    /// <summary>What one slot holds: the number and send time survive the packet, so tombstones stay ordered.</summary>
    internal struct Entry
    {
        /// <summary>The packet number.</summary>
        public ulong Number;

        /// <summary>When it was sent, microseconds.</summary>
        public long TimeSent;

        /// <summary>The packet while it is tracked; null once acknowledged, lost or discarded.</summary>
        public QuicSentPacket? Packet;

        /// <summary>Whether the tombstone is that of an acknowledged packet (persistent congestion needs to know, §7.6.2).</summary>
        public bool Acknowledged;
    }

    /// <summary>Slots in use, tombstones included.</summary>
    public int Count { get; private set; }

    /// <summary>Packets still tracked (tombstones excluded).</summary>
    public int Live { get; private set; }

    /// <summary>The slot at <paramref name="index"/> from the front.</summary>
    public ref Entry this[int index] => ref _entries[(_head + index) & (_entries.Length - 1)];

    /// <summary>Appends a packet whose number is above every number already held.</summary>
    public void Add(QuicSentPacket packet)
    {
        if (Count == _entries.Length) Grow();
        ref var slot = ref this[Count];
        slot.Number = packet.PacketNumber;
        slot.TimeSent = packet.TimeSent;
        slot.Packet = packet;
        slot.Acknowledged = false;
        Count++;
        Live++;
    }

    /// <summary>The index of the first slot whose number is at least <paramref name="number"/> (Count when none): a binary search.</summary>
    public int LowerBound(ulong number)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (this[middle].Number < number) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    /// <summary>Takes the packet out of slot <paramref name="index"/>, leaving a tombstone.</summary>
    public QuicSentPacket Remove(int index, bool acknowledged)
    {
        ref var slot = ref this[index];
        var packet = slot.Packet!;
        slot.Packet = null;
        slot.Acknowledged = acknowledged;
        Live--;
        return packet;
    }

    /// <summary>Drops the tombstones at both ends.</summary>
    public void Trim()
    {
        while (Count > 0 && this[0].Packet is null)
        {
            this[0] = default;
            _head = (_head + 1) & (_entries.Length - 1);
            Count--;
        }

        while (Count > 0 && this[Count - 1].Packet is null)
        {
            this[Count - 1] = default;
            Count--;
        }
    }

    /// <summary>Forgets every slot (the caller has taken the packets).</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        _head = 0;
        Count = 0;
        Live = 0;
    }

    private void Grow()
    {
        var larger = new Entry[_entries.Length * 2];
        for (int i = 0; i < Count; i++) larger[i] = this[i];
        _entries = larger;
        _head = 0;
    }
}
