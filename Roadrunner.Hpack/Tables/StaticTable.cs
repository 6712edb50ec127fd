namespace Roadrunner.Hpack.Tables;

/// <summary>
/// The static table of RFC 7541 Appendix A (indices 1 to 61), with allocation-free lookups for the encoder:
/// name → lowest index, and name + value → index.
/// </summary>
internal static class StaticTable
{
    /// <summary>§2.3.1: the static table has 61 entries; the dynamic table starts at index 62 (§2.3.3).</summary>
    public const int Count = 61;

    // Indices the encoder's strategy and the examples refer to by name.
    public const int Authority = 1;
    public const int MethodGet = 2;
    public const int Path = 4;
    public const int Status200 = 8;
    public const int Status204 = 9;
    public const int Status206 = 10;
    public const int Status304 = 11;
    public const int Status400 = 12;
    public const int Status404 = 13;
    public const int Status500 = 14;
    public const int Age = 21;
    public const int Authorization = 23;
    public const int ContentLength = 28;
    public const int ContentRange = 30;
    public const int Cookie = 32;
    public const int Date = 33;
    public const int ETag = 34;
    public const int Expires = 36;
    public const int IfModifiedSince = 40;
    public const int IfNoneMatch = 41;
    public const int IfRange = 42;
    public const int IfUnmodifiedSince = 43;
    public const int LastModified = 44;
    public const int ProxyAuthorization = 49;
    public const int SetCookie = 55;

    private const int BucketMask = 127;

    private static readonly byte[][] Names = new byte[Count + 1][];
    private static readonly byte[][] Values = new byte[Count + 1][];

    /// <summary>Open addressing over the distinct names: bucket → lowest static index with that name, 0 = empty.</summary>
    private static readonly byte[] Buckets = new byte[BucketMask + 1];

    /// <summary>[index] → how many entries from this one on share its name (the table keeps equal names together).</summary>
    private static readonly byte[] SameNameRun = new byte[Count + 2];

#pragma warning disable CA1810 // The three lookups are filled from one pass over Appendix A.
    static StaticTable()
#pragma warning restore CA1810
    {
        ReadOnlySpan<(string Name, string Value)> entries =
        [
            (":authority", ""),
            (":method", "GET"),
            (":method", "POST"),
            (":path", "/"),
            (":path", "/index.html"),
            (":scheme", "http"),
            (":scheme", "https"),
            (":status", "200"),
            (":status", "204"),
            (":status", "206"),
            (":status", "304"),
            (":status", "400"),
            (":status", "404"),
            (":status", "500"),
            ("accept-charset", ""),
            ("accept-encoding", "gzip, deflate"),
            ("accept-language", ""),
            ("accept-ranges", ""),
            ("accept", ""),
            ("access-control-allow-origin", ""),
            ("age", ""),
            ("allow", ""),
            ("authorization", ""),
            ("cache-control", ""),
            ("content-disposition", ""),
            ("content-encoding", ""),
            ("content-language", ""),
            ("content-length", ""),
            ("content-location", ""),
            ("content-range", ""),
            ("content-type", ""),
            ("cookie", ""),
            ("date", ""),
            ("etag", ""),
            ("expect", ""),
            ("expires", ""),
            ("from", ""),
            ("host", ""),
            ("if-match", ""),
            ("if-modified-since", ""),
            ("if-none-match", ""),
            ("if-range", ""),
            ("if-unmodified-since", ""),
            ("last-modified", ""),
            ("link", ""),
            ("location", ""),
            ("max-forwards", ""),
            ("proxy-authenticate", ""),
            ("proxy-authorization", ""),
            ("range", ""),
            ("referer", ""),
            ("refresh", ""),
            ("retry-after", ""),
            ("server", ""),
            ("set-cookie", ""),
            ("strict-transport-security", ""),
            ("transfer-encoding", ""),
            ("user-agent", ""),
            ("vary", ""),
            ("via", ""),
            ("www-authenticate", ""),
        ];

        Names[0] = [];
        Values[0] = [];
        for (int i = 1; i <= Count; i++)
        {
            Names[i] = Ascii(entries[i - 1].Name);
            Values[i] = Ascii(entries[i - 1].Value);
        }

        for (int i = Count; i >= 1; i--)
        {
            bool sameAsNext = i < Count && Names[i].AsSpan().SequenceEqual(Names[i + 1]);
            SameNameRun[i] = (byte)(sameAsNext ? SameNameRun[i + 1] + 1 : 1);
            bool sameAsPrevious = i > 1 && Names[i].AsSpan().SequenceEqual(Names[i - 1]);
            if (sameAsPrevious) continue;
            int bucket = Hash(Names[i]);
            while (Buckets[bucket] != 0) bucket = (bucket + 1) & BucketMask;
            Buckets[bucket] = (byte)i;
        }
    }

    /// <summary>The name at static <paramref name="index"/> (1 to 61).</summary>
    public static ReadOnlySpan<byte> Name(int index) => Names[index];

    /// <summary>The value at static <paramref name="index"/> (1 to 61); empty for most entries.</summary>
    public static ReadOnlySpan<byte> Value(int index) => Values[index];

    /// <summary>The lowest static index whose name is <paramref name="name"/>, or 0.</summary>
    public static int FindName(ReadOnlySpan<byte> name)
    {
        int bucket = Hash(name);
        while (true)
        {
            int index = Buckets[bucket];
            if (index == 0) return 0;
            if (name.SequenceEqual(Names[index])) return index;
            bucket = (bucket + 1) & BucketMask;
        }
    }

    /// <summary>
    /// The static index holding exactly <paramref name="name"/> and <paramref name="value"/>, or 0;
    /// <paramref name="nameIndex"/> gets the lowest index with the name (0 when the name is not in the table).
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        nameIndex = FindName(name);
        if (nameIndex == 0) return 0;
        int end = nameIndex + SameNameRun[nameIndex];
        for (int i = nameIndex; i < end; i++)
        {
            if (value.SequenceEqual(Values[i])) return i;
        }
        return 0;
    }

    /// <summary>A cheap hash over length and three octets; collisions only cost a probe.</summary>
    private static int Hash(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? 0 : (name.Length * 31 + name[0] * 7 + name[name.Length >> 1] * 3 + name[^1]) & BucketMask;

    private static byte[] Ascii(string s)
    {
        var bytes = new byte[s.Length];
        for (int i = 0; i < s.Length; i++) bytes[i] = (byte)s[i];
        return bytes;
    }
}
