namespace Roadrunner.Qpack;

/// <summary>
/// The constant reasons carried by <see cref="QpackError.Reason"/>, each naming the RFC 9204 rule that was broken.
/// Compare an error's reason with these (reference or ordinal equality) to tell rejections apart.
/// </summary>
public static class QpackErrors
{
    // ---- Primitives (§4.1) ----

    /// <summary>A field section ends inside a prefixed integer or a string literal.</summary>
    public const string SectionTruncated = "RFC 9204 §4.5: encoded field section ends inside a representation";

    /// <summary>An integer is past 62 bits (§4.1.1: decoders must accept up to 62 bits) or padded with needless continuation octets.</summary>
    public const string IntegerOverflow = "RFC 9204 §4.1.1: integer exceeds 2^62-1";

    /// <summary>A Huffman-encoded string contains EOS or bad padding (§4.1.2, RFC 7541 §5.2).</summary>
    public const string HuffmanInvalid = "RFC 9204 §4.1.2: invalid Huffman-encoded string literal";

    // ---- Encoder instructions (§4.3) ----

    /// <summary>§4.3.1: "The decoder MUST treat a new dynamic table capacity value that exceeds this limit as a connection error."</summary>
    public const string CapacityAboveMaximum = "RFC 9204 §4.3.1: dynamic table capacity above SETTINGS_QPACK_MAX_TABLE_CAPACITY";

    /// <summary>§3.2.2: "The encoder MUST NOT cause a dynamic table entry to be evicted unless ..." / an entry larger than the capacity is an error.</summary>
    public const string EntryTooLarge = "RFC 9204 §3.2.2: inserted entry larger than the dynamic table capacity";

    /// <summary>§4.3.2, §4.3.4: a relative index names an entry that was never inserted or was evicted.</summary>
    public const string EncoderReferenceInvalid = "RFC 9204 §2.2.3: encoder instruction references a missing or evicted entry";

    /// <summary>§4.3.2: a static table index past the 99 entries of Appendix A.</summary>
    public const string EncoderStaticIndexInvalid = "RFC 9204 §3.1: encoder instruction references a static index past the table";

    /// <summary>An incomplete instruction kept for more input grew past what any valid instruction could take.</summary>
    public const string InstructionTooLong = "RFC 9204 §3.2.2: partial encoder instruction longer than any entry the capacity admits";

    // ---- Decoder instructions (§4.4) ----

    /// <summary>§4.4.1: "If an encoder receives a Section Acknowledgment instruction referring to a stream on which every encoded field section with a non-zero Required Insert Count has already been acknowledged, this MUST be treated as a connection error."</summary>
    public const string UnexpectedAcknowledgment = "RFC 9204 §4.4.1: Section Acknowledgment for a stream with no outstanding field section";

    /// <summary>§4.4.3: "The encoder MUST treat receipt of an Insert Count Increment instruction with an Increment of 0 as a connection error."</summary>
    public const string ZeroIncrement = "RFC 9204 §4.4.3: Insert Count Increment of 0";

    /// <summary>§4.4.3: "An encoder that receives an Insert Count Increment instruction that increases the Known Received Count beyond the number of dynamic table entries that it has sent MUST treat this as a connection error."</summary>
    public const string IncrementBeyondInserts = "RFC 9204 §4.4.3: Insert Count Increment beyond the entries sent";

    /// <summary>A decoder instruction's integer is past 62 bits.</summary>
    public const string DecoderInstructionOverflow = "RFC 9204 §4.1.1: decoder instruction integer exceeds 2^62-1";

    // ---- Field sections (§4.5) ----

    /// <summary>§4.5.1.1: "If the decoder encounters a value of EncodedInsertCount that can't have been produced by a conformant encoder, it MUST treat this as a connection error."</summary>
    public const string RequiredInsertCountInvalid = "RFC 9204 §4.5.1.1: Required Insert Count cannot have been produced by a conformant encoder";

    /// <summary>§4.5.1.2: a sign bit and Delta Base that give a negative Base.</summary>
    public const string BaseNegative = "RFC 9204 §4.5.1.2: Base is negative";

    /// <summary>§2.2.3: "If the decoder encounters a reference in a field line representation to a dynamic table entry that has already been evicted or that has an absolute index greater than or equal to the declared Required Insert Count, it MUST treat this as a connection error."</summary>
    public const string FieldReferenceInvalid = "RFC 9204 §2.2.3: field line references an evicted entry or one at or past the Required Insert Count";

    /// <summary>§3.1: a static index past the 99 entries of Appendix A.</summary>
    public const string FieldStaticIndexInvalid = "RFC 9204 §3.1: field line references a static index past the table";

    /// <summary>§2.2.1: a Required Insert Count larger than the largest reference needs ("it MAY treat this as a connection error"; we do).</summary>
    public const string RequiredInsertCountTooLarge = "RFC 9204 §2.2.1: Required Insert Count larger than the references need";

    /// <summary>§2.1.2: "If a decoder encounters more blocked streams than it promised to support, it MUST treat this as a connection error."</summary>
    public const string TooManyBlockedStreams = "RFC 9204 §2.1.2: more blocked streams than SETTINGS_QPACK_BLOCKED_STREAMS";

    /// <summary>A blocked field section is longer than the decoder keeps (its encoded size is bounded by the maximum field section size).</summary>
    public const string BlockedSectionTooLarge = "RFC 9204 §2.2.1: blocked field section larger than the buffer kept for it";

    /// <summary>The decoded field section (name + value + 32 per field line, RFC 9114 §4.2.2) exceeds the maximum field section size.</summary>
    public const string FieldSectionTooLarge = "RFC 9114 §4.2.2: field section larger than SETTINGS_MAX_FIELD_SECTION_SIZE";
}
