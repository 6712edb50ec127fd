using Roadrunner.Hpack.Tables;

namespace Roadrunner.Hpack.Encoding;

/// <summary>
/// The encoder's default choice of representation for a field that is not already in a table: index what
/// repeats, keep what changes every time out of the table, never index secrets.
/// </summary>
internal static class IndexingPolicy
{
    /// <summary>§7.1.3: "an encoder might choose not to index values for the cookie header field that are considered to be highly valuable or sensitive ... such as short cookies".</summary>
    public const int ShortCookieLength = 20;

    /// <summary>Chooses the representation of a field whose name is at <paramref name="staticNameIndex"/> in the static table (0 when it is not there).</summary>
    /// <param name="staticNameIndex">The lowest static index with the field's name, or 0.</param>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <param name="tableMaxSize">The encoder's dynamic table maximum size.</param>
    public static HpackIndexing Choose(int staticNameIndex, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int tableMaxSize)
    {
        switch (staticNameIndex)
        {
            // §7.1.3: credentials would leak one guess at a time through a compression oracle; §6.2.3 keeps
            // them out of every table, ours and any intermediary's.
            case StaticTable.Authorization:
            case StaticTable.ProxyAuthorization:
            case StaticTable.SetCookie:
                return HpackIndexing.NeverIndexed;
            case StaticTable.Cookie when value.Length < ShortCookieLength:
                return HpackIndexing.NeverIndexed;

            // Values that change with every message: indexing them would only evict fields that do repeat. Date is
            // not one of them: it has a resolution of one second (RFC 9110 §6.6.1), so a server's every answer in
            // that second carries the same value, and after the first it costs one octet to send and to decode.
            case StaticTable.Age:
            case StaticTable.ContentLength:
            case StaticTable.ContentRange:
            case StaticTable.ETag:
            case StaticTable.Expires:
            case StaticTable.IfModifiedSince:
            case StaticTable.IfNoneMatch:
            case StaticTable.IfRange:
            case StaticTable.IfUnmodifiedSince:
            case StaticTable.LastModified:
                return HpackIndexing.WithoutIndexing;
            case StaticTable.Path when value.Contains((byte)'?'):
                return HpackIndexing.WithoutIndexing;
        }

        // One field worth three quarters of the table would evict nearly everything else for itself.
        long entrySize = (long)name.Length + value.Length + DynamicTable.EntryOverhead;
        return entrySize * 4 > tableMaxSize * 3L ? HpackIndexing.WithoutIndexing : HpackIndexing.Incremental;
    }
}
