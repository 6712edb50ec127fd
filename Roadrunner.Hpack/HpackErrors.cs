namespace Roadrunner.Hpack;

/// <summary>
/// The constant reasons carried by <see cref="HpackError.Reason"/>, each naming the RFC rule that was broken.
/// Compare an error's reason with these (reference or ordinal equality) to tell rejections apart.
/// </summary>
public static class HpackErrors
{
    // ---- Primitives (RFC 7541 §5) ----

    /// <summary>The block ends inside a prefixed integer (an index, a length or a size).</summary>
    public const string IntegerTruncated = "RFC 7541 §5.1: header block ends inside an integer";

    /// <summary>
    /// An integer does not fit in 31 bits, or has more continuation octets than such a value needs
    /// ("integer encodings that exceed implementation limits ... MUST be treated as decoding errors").
    /// </summary>
    public const string IntegerOverflow = "RFC 7541 §5.1: integer exceeds the implementation limit of 2^31-1";

    /// <summary>A string literal's length runs past the end of the header block.</summary>
    public const string StringTruncated = "RFC 7541 §5.2: string length exceeds the rest of the header block";

    /// <summary>"A Huffman-encoded string literal containing the EOS symbol MUST be treated as a decoding error."</summary>
    public const string HuffmanEos = "RFC 7541 §5.2: Huffman-encoded string contains the EOS symbol";

    /// <summary>"A padding strictly longer than 7 bits MUST be treated as a decoding error."</summary>
    public const string HuffmanPaddingTooLong = "RFC 7541 §5.2: Huffman padding longer than 7 bits";

    /// <summary>"A padding not corresponding to the most significant bits of the code for the EOS symbol MUST be treated as a decoding error."</summary>
    public const string HuffmanPaddingNotEos = "RFC 7541 §5.2: Huffman padding is not the most significant bits of EOS";

    // ---- Indexing (RFC 7541 §2.3.3, §6.1) ----

    /// <summary>"The index value of 0 is not used. It MUST be treated as a decoding error if found in an indexed header field representation."</summary>
    public const string IndexZero = "RFC 7541 §6.1: index 0 is not a valid index";

    /// <summary>"Indices strictly greater than the sum of the lengths of both tables MUST be treated as a decoding error."</summary>
    public const string IndexOutOfRange = "RFC 7541 §2.3.3: index past the static and dynamic tables";

    // ---- Dynamic table size updates (RFC 7541 §4.2, §6.3) ----

    /// <summary>"The new maximum size MUST be lower than or equal to the limit determined by the protocol using HPACK" (SETTINGS_HEADER_TABLE_SIZE).</summary>
    public const string SizeUpdateAboveLimit = "RFC 7541 §6.3: dynamic table size update above the advertised maximum";

    /// <summary>"This dynamic table size update MUST occur at the beginning of the first header block following the change."</summary>
    public const string SizeUpdateAfterField = "RFC 7541 §4.2: dynamic table size update after a header field";

    /// <summary>At most two size updates may open a block: the smallest size since the last block, then the final one.</summary>
    public const string TooManySizeUpdates = "RFC 7541 §4.2: more than two dynamic table size updates in one block";

    /// <summary>After the advertised maximum dropped below the table's size, the next block must start with a size update.</summary>
    public const string SizeUpdateMissing = "RFC 7541 §4.2: header block after a reduced maximum size does not start with a size update";

    // ---- Header list (RFC 9113 §6.5.2) ----

    /// <summary>The decoded header list (name + value + 32 per field) exceeds the configured maximum.</summary>
    public const string HeaderListTooLarge = "RFC 9113 §6.5.2: header list larger than the advertised SETTINGS_MAX_HEADER_LIST_SIZE";
}
