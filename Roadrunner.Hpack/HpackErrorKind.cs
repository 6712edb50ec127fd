namespace Roadrunner.Hpack;

/// <summary>The kinds of HPACK decoding failure.</summary>
public enum HpackErrorKind
{
    /// <summary>No error.</summary>
    None,
    /// <summary>The block is malformed (bad index, integer overflow, bad Huffman, truncated, misplaced size update...).</summary>
    CompressionError,
    /// <summary>The decoded header list exceeds the configured limit (the block was still fully processed, so the table stays in sync).</summary>
    HeaderListTooLarge,
}
