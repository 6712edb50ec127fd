namespace Roadrunner.Hpack;

/// <summary>
/// Decodes HPACK header blocks (RFC 7541 §3) with a bounded dynamic table. One instance per HTTP/2
/// connection direction.
/// </summary>
public sealed class HpackDecoder
{
    /// <summary>
    /// Creates a decoder whose dynamic table may grow to <paramref name="maxDynamicTableSize"/> (the
    /// SETTINGS_HEADER_TABLE_SIZE we advertise; default 4096) and which refuses decoded header lists larger
    /// than <paramref name="maxHeaderListSize"/> bytes (RFC 9113 §6.5.2 size: name + value + 32 per field; default 16384).
    /// </summary>
    public HpackDecoder(int maxDynamicTableSize = 4096, int maxHeaderListSize = 16384)
    {
        MaxDynamicTableSize = maxDynamicTableSize;
        MaxHeaderListSize = maxHeaderListSize;
    }

    /// <summary>The largest table size the peer may ask for with a size update.</summary>
    public int MaxDynamicTableSize { get; private set; }

    /// <summary>The largest decoded header list accepted.</summary>
    public int MaxHeaderListSize { get; }

    /// <summary>Decodes one complete header block (HEADERS plus any CONTINUATION payloads, concatenated), sending each field to <paramref name="sink"/>.</summary>
    public HpackError Decode(ReadOnlySpan<byte> block, IHeaderSink sink) => throw new NotSupportedException("pending");
}
