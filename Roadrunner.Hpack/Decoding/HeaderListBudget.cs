namespace Roadrunner.Hpack.Decoding;

/// <summary>
/// Counts the size of the header list being decoded as HTTP/2 does (RFC 9113 §6.5.2: "the uncompressed size of
/// field lines, including the length of the name and value in octets plus an overhead of 32 octets for each").
/// </summary>
internal struct HeaderListBudget(int limit)
{
    private long _size;

    /// <summary>True once a field did not fit; from then on no field is delivered.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>Counts one field; false when the list no longer fits (and for every field after that).</summary>
    public bool TryAdd(int nameLength, int valueLength)
    {
        if (Exceeded) return false;
        _size += (long)nameLength + valueLength + 32;
        if (_size > limit) Exceeded = true;
        return !Exceeded;
    }

    /// <summary>Records a field known to be larger than the whole limit.</summary>
    public void Exceed() => Exceeded = true;
}
