namespace Roadrunner.Hpack;

/// <summary>When the encoder Huffman-codes a string literal (RFC 7541 §5.2).</summary>
public enum HpackHuffman
{
    /// <summary>Only when the Huffman form is strictly shorter; at equal length the raw form is cheaper for the peer to decode.</summary>
    WhenShorter,
    /// <summary>Never: every string is written raw.</summary>
    Never,
    /// <summary>Always, even when longer: the choice the examples of RFC 7541 Appendix C.4 and C.6 make.</summary>
    Always,
}
