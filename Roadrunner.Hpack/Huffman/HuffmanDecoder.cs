using System.Diagnostics;

namespace Roadrunner.Hpack.Huffman;

/// <summary>
/// Decodes Huffman-encoded string literals (RFC 7541 §5.2, Appendix B) four bits at a time.
/// </summary>
/// <remarks>
/// <para>
/// The code tree has 257 leaves and so 256 inner nodes; each inner node is a state of a finite automaton. A
/// transition table gives, for every state and every 4-bit nibble, the state reached, and the symbol completed on
/// the way, if any. No code is shorter than 5 bits, so a nibble completes at most one symbol and each input octet
/// costs two table reads, with no per-bit tree walk.
/// </para>
/// <para>
/// At the end of the input the automaton must sit at a node reached from the root by at most seven 1 bits: that
/// is the only valid padding (the most significant bits of EOS). Any other end state is a decoding error, told
/// apart as padding too long or padding that is not all ones. Reaching the EOS leaf itself is an error too.
/// </para>
/// </remarks>
public static class HuffmanDecoder
{
    // A transition: bits 0-7 the next state, bits 8-15 the symbol completed, bit 16 "a symbol was completed",
    // bit 17 "EOS was decoded".
    private const uint EmitFlag = 1u << 16;
    private const uint FailFlag = 1u << 17;

    private const byte EndAccept = 0;
    private const byte EndPaddingTooLong = 1;
    private const byte EndPaddingNotEos = 2;

    private const int StateCount = 256;

    /// <summary>[state * 16 + nibble] → transition.</summary>
    private static readonly uint[] Transitions = new uint[StateCount * 16];

    /// <summary>[state] → whether the input may end there, and if not, why.</summary>
    private static readonly byte[] EndStates = new byte[StateCount];

#pragma warning disable CA1810 // Both tables come from one walk over the code tree.
    static HuffmanDecoder() => Build();
#pragma warning restore CA1810

    /// <summary>The longest string <paramref name="encodedLength"/> encoded octets can decode to (every code is at least 5 bits).</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)((long)encodedLength * 8 / HuffmanCode.MinCodeLength);

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The encoded octets of one string literal.</param>
    /// <param name="destination">Room for the decoded octets; <see cref="GetMaxDecodedLength"/> is always enough.</param>
    /// <param name="bytesWritten">Octets written to <paramref name="destination"/>.</param>
    public static HuffmanDecodeStatus Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        uint[] transitions = Transitions;
        int state = 0;
        int written = 0;
        foreach (byte octet in source)
        {
            uint t = transitions[((state << 4) | (octet >> 4)) & 0xFFF];
            if ((t & (EmitFlag | FailFlag)) != 0)
            {
                if ((t & FailFlag) != 0) return Fail(HuffmanDecodeStatus.EosSymbol, written, out bytesWritten);
                if ((uint)written >= (uint)destination.Length) return Fail(HuffmanDecodeStatus.DestinationTooSmall, written, out bytesWritten);
                destination[written++] = (byte)(t >> 8);
            }
            t = transitions[(((int)t << 4) | (octet & 0xF)) & 0xFFF];
            if ((t & (EmitFlag | FailFlag)) != 0)
            {
                if ((t & FailFlag) != 0) return Fail(HuffmanDecodeStatus.EosSymbol, written, out bytesWritten);
                if ((uint)written >= (uint)destination.Length) return Fail(HuffmanDecodeStatus.DestinationTooSmall, written, out bytesWritten);
                destination[written++] = (byte)(t >> 8);
            }
            state = (int)(t & 0xFF);
        }
        bytesWritten = written;
        return End(state);
    }

    /// <summary>Checks <paramref name="source"/> and counts its decoded length without writing it anywhere.</summary>
    public static HuffmanDecodeStatus Validate(ReadOnlySpan<byte> source, out int decodedLength)
    {
        uint[] transitions = Transitions;
        int state = 0;
        int length = 0;
        decodedLength = 0;
        foreach (byte octet in source)
        {
            uint t = transitions[((state << 4) | (octet >> 4)) & 0xFFF];
            if ((t & FailFlag) != 0) return HuffmanDecodeStatus.EosSymbol;
            length += (int)((t >> 16) & 1);
            t = transitions[(((int)t << 4) | (octet & 0xF)) & 0xFFF];
            if ((t & FailFlag) != 0) return HuffmanDecodeStatus.EosSymbol;
            length += (int)((t >> 16) & 1);
            state = (int)(t & 0xFF);
        }
        decodedLength = length;
        return End(state);
    }

    private static HuffmanDecodeStatus Fail(HuffmanDecodeStatus status, int written, out int bytesWritten)
    {
        bytesWritten = written;
        return status;
    }

    private static HuffmanDecodeStatus End(int state) => EndStates[state & 0xFF] switch
    {
        EndAccept => HuffmanDecodeStatus.Done,
        EndPaddingTooLong => HuffmanDecodeStatus.PaddingTooLong,
        _ => HuffmanDecodeStatus.PaddingNotEos,
    };

    /// <summary>Builds the code tree from Appendix B, then the transition and end-state tables from the tree.</summary>
    private static void Build()
    {
        const int Leaf = 1 << 16;
        var children = new int[StateCount * 2];   // [node * 2 + bit] → inner node id, or Leaf | symbol; 0 = not yet set
        var onesDepth = new int[StateCount];     // 1 bits from the root on an all-ones path, or -1 once a 0 bit was seen
        onesDepth.AsSpan(1).Fill(-1);
        int nodes = 1;

        ReadOnlySpan<uint> codes = HuffmanCode.Codes;
        ReadOnlySpan<byte> lengths = HuffmanCode.Lengths;
        for (int symbol = 0; symbol <= HuffmanCode.EosSymbol; symbol++)
        {
            uint code = symbol == HuffmanCode.EosSymbol ? HuffmanCode.EosCode : codes[symbol];
            int length = symbol == HuffmanCode.EosSymbol ? HuffmanCode.EosLength : lengths[symbol];
            int node = 0;
            for (int i = length - 1; i > 0; i--)
            {
                int bit = (int)(code >> i) & 1;
                ref int child = ref children[node * 2 + bit];
                if (child == 0)
                {
                    child = nodes++;
                    onesDepth[child] = bit == 1 && onesDepth[node] >= 0 ? onesDepth[node] + 1 : -1;
                }
                node = child;
            }
            children[node * 2 + (int)(code & 1)] = Leaf | symbol;
        }
        Debug.Assert(nodes == StateCount, "A complete code over 257 symbols has 256 inner nodes.");

        for (int state = 0; state < StateCount; state++)
        {
            // §5.2: padding is at most 7 bits and is a prefix of EOS (all ones).
            EndStates[state] = onesDepth[state] switch
            {
                < 0 => EndPaddingNotEos,
                <= 7 => EndAccept,
                _ => EndPaddingTooLong,
            };

            for (int nibble = 0; nibble < 16; nibble++)
            {
                int node = state;
                uint transition = 0;
                for (int i = 3; i >= 0; i--)
                {
                    int child = children[node * 2 + ((nibble >> i) & 1)];
                    if ((child & Leaf) == 0)
                    {
                        node = child;
                        continue;
                    }
                    int symbol = child & 0x1FF;
                    if (symbol == HuffmanCode.EosSymbol)
                    {
                        transition = FailFlag;
                        break;
                    }
                    Debug.Assert((transition & EmitFlag) == 0, "A nibble completes at most one symbol.");
                    transition = EmitFlag | (uint)symbol << 8;
                    node = 0;
                }
                Transitions[state * 16 + nibble] = (transition & FailFlag) != 0 ? FailFlag : transition | (uint)node;
            }
        }
    }
}
