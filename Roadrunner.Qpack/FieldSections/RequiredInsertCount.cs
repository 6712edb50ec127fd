namespace Roadrunner.Qpack.FieldSections;

/// <summary>
/// The Required Insert Count of a field section prefix (RFC 9204 §4.5.1.1), sent modulo twice the most entries the
/// decoder's table can hold so that it stays small however long the connection lives.
/// </summary>
internal static class RequiredInsertCount
{
    /// <summary>§4.5.1.1: MaxEntries = floor(MaxTableCapacity / 32), from the decoder's SETTINGS_QPACK_MAX_TABLE_CAPACITY.</summary>
    public static int MaxEntries(int maxTableCapacity) => maxTableCapacity / 32;

    /// <summary>§4.5.1.1: 0 stays 0; otherwise (ReqInsertCount mod (2 * MaxEntries)) + 1.</summary>
    public static int Encode(long requiredInsertCount, int maxEntries)
    {
        if (requiredInsertCount == 0) return 0;
        return (int)(requiredInsertCount % (2L * maxEntries)) + 1;
    }

    /// <summary>
    /// §4.5.1.1: recovers the Required Insert Count from its encoded value and the decoder's total number of inserts.
    /// Returns false for a value "that can't have been produced by a conformant encoder".
    /// </summary>
    public static bool TryDecode(long encoded, int maxEntries, long totalInserts, out long requiredInsertCount)
    {
        requiredInsertCount = 0;
        if (encoded == 0) return true;
        long fullRange = 2L * maxEntries;
        if (encoded > fullRange) return false;

        // The encoder's count is at most MaxEntries ahead of ours: no entry older than that can still be referenced.
        long maxValue = totalInserts + maxEntries;
        long maxWrapped = maxValue / fullRange * fullRange;
        long value = maxWrapped + encoded - 1;
        if (value > maxValue)
        {
            if (value <= fullRange) return false;
            value -= fullRange;
        }
        if (value == 0) return false;
        requiredInsertCount = value;
        return true;
    }
}
