namespace Roadrunner.Hpack.Huffman;

/// <summary>The outcome of decoding a Huffman-encoded string literal (RFC 7541 §5.2).</summary>
public enum HuffmanDecodeStatus
{
    /// <summary>The string decoded completely and its padding is valid.</summary>
    Done,
    /// <summary>The destination is too short for the decoded string; nothing is wrong with the input so far.</summary>
    DestinationTooSmall,
    /// <summary>§5.2: "A Huffman-encoded string literal containing the EOS symbol MUST be treated as a decoding error."</summary>
    EosSymbol,
    /// <summary>§5.2: "A padding strictly longer than 7 bits MUST be treated as a decoding error."</summary>
    PaddingTooLong,
    /// <summary>§5.2: "A padding not corresponding to the most significant bits of the code for the EOS symbol MUST be treated as a decoding error."</summary>
    PaddingNotEos,
}
