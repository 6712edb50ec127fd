using System.Buffers;

namespace Roadrunner.Hpack;

/// <summary>
/// Encodes header blocks (RFC 7541): indexes what repeats, uses Huffman only when shorter, never indexes
/// sensitive fields. One instance per HTTP/2 connection direction.
/// </summary>
public sealed class HpackEncoder
{
    /// <summary>Creates an encoder with a dynamic table of at most <paramref name="maxDynamicTableSize"/> bytes (default 4096).</summary>
    public HpackEncoder(int maxDynamicTableSize = 4096) => MaxDynamicTableSize = maxDynamicTableSize;

    /// <summary>The table size in use.</summary>
    public int MaxDynamicTableSize { get; private set; }

    /// <summary>
    /// The peer's SETTINGS_HEADER_TABLE_SIZE changed: the encoder will use at most that much and signals the
    /// change with a dynamic table size update at the start of the next block (RFC 7541 §4.2, §6.3).
    /// </summary>
    public void SetPeerMaxDynamicTableSize(int size) => throw new NotSupportedException("pending");

    /// <summary>Starts a header block (writes any pending table size update).</summary>
    public void BeginBlock(IBufferWriter<byte> writer) => throw new NotSupportedException("pending");

    /// <summary>Encodes one field. Names must be lowercase (HTTP/2).</summary>
    public void Encode(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndex = false) => throw new NotSupportedException("pending");

    /// <summary>Encodes <c>:status</c> (a static-table index for the common codes).</summary>
    public void EncodeStatus(IBufferWriter<byte> writer, int status) => throw new NotSupportedException("pending");
}
