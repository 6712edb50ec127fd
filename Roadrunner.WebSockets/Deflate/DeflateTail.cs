namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// The four octets <c>00 00 FF FF</c> of an empty non-final stored block (the LEN and NLEN of the block a sync
/// flush ends with), which RFC 7692 strips from the end of every compressed message (§7.2.1) and appends back
/// before inflating (§7.2.2).
/// </summary>
internal static class DeflateTail
{
    /// <summary>The tail octets.</summary>
    public static ReadOnlySpan<byte> Bytes => [0x00, 0x00, 0xFF, 0xFF];

    /// <summary>The tail as memory, for the inflater's input stream.</summary>
    public static readonly ReadOnlyMemory<byte> Memory = new byte[] { 0x00, 0x00, 0xFF, 0xFF };
}
