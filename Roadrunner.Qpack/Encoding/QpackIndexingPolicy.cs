namespace Roadrunner.Qpack.Encoding;

/// <summary>Which fields the encoder puts in the dynamic table, and which it never lets near a table.</summary>
internal static class QpackIndexingPolicy
{
    /// <summary>
    /// RFC 9204 §7.1.3: fields an attacker could guess one compression probe at a time are sent as literals with the
    /// N bit set, never from or into the dynamic table.
    /// </summary>
    public static bool IsSensitive(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("authorization"u8) || name.SequenceEqual("cookie"u8) || name.SequenceEqual("set-cookie"u8) ||
        name.SequenceEqual("proxy-authorization"u8);

    /// <summary>
    /// True when a field is worth an insert: it is likely to repeat on later messages (not a value that changes with
    /// every message) and small enough not to flush most of the table.
    /// </summary>
    public static bool ShouldIndex(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int capacity)
    {
        long size = (long)name.Length + value.Length + 32;
        if (size * 4 > (long)capacity * 3) return false;
        if (name.SequenceEqual(":path"u8)) return !value.Contains((byte)'?');
        // A server's date is worth an insert: it has a resolution of one second (RFC 9110 §6.6.1), so every answer in
        // that second carries the same value.
        return !(name.SequenceEqual("content-length"u8) || name.SequenceEqual("etag"u8) ||
                 name.SequenceEqual("last-modified"u8) || name.SequenceEqual("age"u8) || name.SequenceEqual("expires"u8) ||
                 name.SequenceEqual("content-range"u8) || name.SequenceEqual("if-modified-since"u8) ||
                 name.SequenceEqual("if-none-match"u8) || name.SequenceEqual("if-range"u8) ||
                 name.SequenceEqual("if-unmodified-since"u8) || name.SequenceEqual("x-request-id"u8));
    }
}
