namespace Roadrunner.Qpack.Tables;

/// <summary>
/// The static table of RFC 9204 Appendix A (indices 0 to 98), with allocation-free lookups for the encoder:
/// name → lowest index, and name + value → index.
/// </summary>
/// <remarks>
/// Unlike HPACK's table, entries with the same name are not all adjacent (<c>:status</c> sits at 24-28 and 63-71),
/// so each distinct name keeps the list of its indices.
/// </remarks>
internal static class QpackStaticTable
{
    /// <summary>§3.1: the static table has 99 entries, indices 0 to 98.</summary>
    public const int Count = 99;

    // Indices the encoder's strategy and the tests refer to by name.
    public const int Authority = 0;
    public const int Path = 1;
    public const int Cookie = 5;
    public const int SetCookie = 14;
    public const int Status200 = 25;
    public const int Authorization = 84;

    private const int BucketMask = 255;

    private static readonly byte[][] Names = new byte[Count][];
    private static readonly byte[][] Values = new byte[Count][];

    /// <summary>Open addressing over the distinct names: bucket → 1 + position in <see cref="SameName"/>, 0 = empty.</summary>
    private static readonly byte[] Buckets = new byte[BucketMask + 1];

    /// <summary>For each distinct name, its indices in ascending order.</summary>
    private static readonly byte[][] SameName;

#pragma warning disable CA1810 // The lookups are filled from one pass over Appendix A.
    static QpackStaticTable()
#pragma warning restore CA1810
    {
        ReadOnlySpan<(string Name, string Value)> entries =
        [
            (":authority", ""),   // 0
            (":path", "/"),   // 1
            ("age", "0"),   // 2
            ("content-disposition", ""),   // 3
            ("content-length", "0"),   // 4
            ("cookie", ""),   // 5
            ("date", ""),   // 6
            ("etag", ""),   // 7
            ("if-modified-since", ""),   // 8
            ("if-none-match", ""),   // 9
            ("last-modified", ""),   // 10
            ("link", ""),   // 11
            ("location", ""),   // 12
            ("referer", ""),   // 13
            ("set-cookie", ""),   // 14
            (":method", "CONNECT"),   // 15
            (":method", "DELETE"),   // 16
            (":method", "GET"),   // 17
            (":method", "HEAD"),   // 18
            (":method", "OPTIONS"),   // 19
            (":method", "POST"),   // 20
            (":method", "PUT"),   // 21
            (":scheme", "http"),   // 22
            (":scheme", "https"),   // 23
            (":status", "103"),   // 24
            (":status", "200"),   // 25
            (":status", "304"),   // 26
            (":status", "404"),   // 27
            (":status", "503"),   // 28
            ("accept", "*/*"),   // 29
            ("accept", "application/dns-message"),   // 30
            ("accept-encoding", "gzip, deflate, br"),   // 31
            ("accept-ranges", "bytes"),   // 32
            ("access-control-allow-headers", "cache-control"),   // 33
            ("access-control-allow-headers", "content-type"),   // 34
            ("access-control-allow-origin", "*"),   // 35
            ("cache-control", "max-age=0"),   // 36
            ("cache-control", "max-age=2592000"),   // 37
            ("cache-control", "max-age=604800"),   // 38
            ("cache-control", "no-cache"),   // 39
            ("cache-control", "no-store"),   // 40
            ("cache-control", "public, max-age=31536000"),   // 41
            ("content-encoding", "br"),   // 42
            ("content-encoding", "gzip"),   // 43
            ("content-type", "application/dns-message"),   // 44
            ("content-type", "application/javascript"),   // 45
            ("content-type", "application/json"),   // 46
            ("content-type", "application/x-www-form-urlencoded"),   // 47
            ("content-type", "image/gif"),   // 48
            ("content-type", "image/jpeg"),   // 49
            ("content-type", "image/png"),   // 50
            ("content-type", "text/css"),   // 51
            ("content-type", "text/html; charset=utf-8"),   // 52
            ("content-type", "text/plain"),   // 53
            ("content-type", "text/plain;charset=utf-8"),   // 54
            ("range", "bytes=0-"),   // 55
            ("strict-transport-security", "max-age=31536000"),   // 56
            ("strict-transport-security", "max-age=31536000; includesubdomains"),   // 57
            ("strict-transport-security", "max-age=31536000; includesubdomains; preload"),   // 58
            ("vary", "accept-encoding"),   // 59
            ("vary", "origin"),   // 60
            ("x-content-type-options", "nosniff"),   // 61
            ("x-xss-protection", "1; mode=block"),   // 62
            (":status", "100"),   // 63
            (":status", "204"),   // 64
            (":status", "206"),   // 65
            (":status", "302"),   // 66
            (":status", "400"),   // 67
            (":status", "403"),   // 68
            (":status", "421"),   // 69
            (":status", "425"),   // 70
            (":status", "500"),   // 71
            ("accept-language", ""),   // 72
            ("access-control-allow-credentials", "FALSE"),   // 73
            ("access-control-allow-credentials", "TRUE"),   // 74
            ("access-control-allow-headers", "*"),   // 75
            ("access-control-allow-methods", "get"),   // 76
            ("access-control-allow-methods", "get, post, options"),   // 77
            ("access-control-allow-methods", "options"),   // 78
            ("access-control-expose-headers", "content-length"),   // 79
            ("access-control-request-headers", "content-type"),   // 80
            ("access-control-request-method", "get"),   // 81
            ("access-control-request-method", "post"),   // 82
            ("alt-svc", "clear"),   // 83
            ("authorization", ""),   // 84
            ("content-security-policy", "script-src 'none'; object-src 'none'; base-uri 'none'"),   // 85
            ("early-data", "1"),   // 86
            ("expect-ct", ""),   // 87
            ("forwarded", ""),   // 88
            ("if-range", ""),   // 89
            ("origin", ""),   // 90
            ("purpose", "prefetch"),   // 91
            ("server", ""),   // 92
            ("timing-allow-origin", "*"),   // 93
            ("upgrade-insecure-requests", "1"),   // 94
            ("user-agent", ""),   // 95
            ("x-forwarded-for", ""),   // 96
            ("x-frame-options", "deny"),   // 97
            ("x-frame-options", "sameorigin"),   // 98
        ];

        var groups = new List<List<byte>>();
        for (int i = 0; i < Count; i++)
        {
            Names[i] = Ascii(entries[i].Name);
            Values[i] = Ascii(entries[i].Value);
            int group = FindGroup(Names[i], groups);
            if (group >= 0)
            {
                groups[group].Add((byte)i);
                continue;
            }
            groups.Add([(byte)i]);
            int bucket = Hash(Names[i]);
            while (Buckets[bucket] != 0) bucket = (bucket + 1) & BucketMask;
            Buckets[bucket] = (byte)groups.Count;
        }
        SameName = [.. groups.Select(g => g.ToArray())];
    }

    /// <summary>The name at static <paramref name="index"/> (0 to 98).</summary>
    public static ReadOnlySpan<byte> Name(int index) => Names[index];

    /// <summary>The value at static <paramref name="index"/> (0 to 98); empty for many entries.</summary>
    public static ReadOnlySpan<byte> Value(int index) => Values[index];

    /// <summary>The lowest static index whose name is <paramref name="name"/>, or -1.</summary>
    public static int FindName(ReadOnlySpan<byte> name)
    {
        var indices = Group(name);
        return indices is null ? -1 : indices[0];
    }

    /// <summary>
    /// The static index holding exactly <paramref name="name"/> and <paramref name="value"/>, or -1;
    /// <paramref name="nameIndex"/> gets the lowest index with the name (-1 when the name is not in the table).
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        var indices = Group(name);
        if (indices is null)
        {
            nameIndex = -1;
            return -1;
        }
        nameIndex = indices[0];
        foreach (byte index in indices)
        {
            if (value.SequenceEqual(Values[index])) return index;
        }
        return -1;
    }

    private static byte[]? Group(ReadOnlySpan<byte> name)
    {
        int bucket = Hash(name);
        while (true)
        {
            int slot = Buckets[bucket];
            if (slot == 0) return null;
            var indices = SameName[slot - 1];
            if (name.SequenceEqual(Names[indices[0]])) return indices;
            bucket = (bucket + 1) & BucketMask;
        }
    }

    private static int FindGroup(byte[] name, List<List<byte>> groups)
    {
        for (int g = 0; g < groups.Count; g++)
        {
            if (name.AsSpan().SequenceEqual(Names[groups[g][0]])) return g;
        }
        return -1;
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
