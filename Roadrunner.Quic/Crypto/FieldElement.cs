using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// An element of the field GF(p), p = 2^255 - 19 (RFC 7748 §4.1), held in radix 2^51 as five 64-bit limbs:
/// value = L0 + L1·2^51 + L2·2^102 + L3·2^153 + L4·2^204.
/// </summary>
/// <remarks>
/// <para>
/// Limbs are not kept fully reduced between operations: a product leaves every limb below 2^52, a sum below 2^53 and a
/// difference below 2^54, and <see cref="Mul"/> accepts limbs up to 2^54, so additions and subtractions never need a
/// carry pass of their own. Only <see cref="ToBytes"/> produces the canonical value.
/// </para>
/// <para>
/// Every operation is constant time: a fixed sequence of multiplications, additions, shifts and masks whatever the
/// values, with no branch and no table lookup that depends on them. Secrets (scalars, intermediate coordinates) flow
/// through here, and timing must not reveal them.
/// </para>
/// </remarks>
internal struct FieldElement
{
    private const ulong Mask51 = (1UL << 51) - 1;

    /// <summary>Limb 0, weight 2^0.</summary>
    public ulong L0;

    /// <summary>Limb 1, weight 2^51.</summary>
    public ulong L1;

    /// <summary>Limb 2, weight 2^102.</summary>
    public ulong L2;

    /// <summary>Limb 3, weight 2^153.</summary>
    public ulong L3;

    /// <summary>Limb 4, weight 2^204.</summary>
    public ulong L4;

    /// <summary>The field element 1.</summary>
    public static FieldElement One => new() { L0 = 1 };

    /// <summary>
    /// Decodes a little-endian u-coordinate (RFC 7748 §5, decodeUCoordinate): the most significant bit of the last byte
    /// is masked off, and values from p to 2^255 - 1 are accepted as they are, which the arithmetic treats as reduced
    /// modulo p, as the RFC requires of non-canonical values.
    /// </summary>
    public static FieldElement FromBytes(ReadOnlySpan<byte> bytes)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ulong w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        ulong w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        ulong w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);

        // RFC 7748 §5: "implementations of X25519 ... MUST mask the most significant bit in the final byte".
        w3 &= 0x7FFF_FFFF_FFFF_FFFF;

        return new FieldElement
        {
            L0 = w0 & Mask51,
            L1 = ((w0 >> 51) | (w1 << 13)) & Mask51,
            L2 = ((w1 >> 38) | (w2 << 26)) & Mask51,
            L3 = ((w2 >> 25) | (w3 << 39)) & Mask51,
            L4 = w3 >> 12,
        };
    }

    /// <summary>Encodes the canonical value (fully reduced below p) in 32 little-endian bytes (RFC 7748 §5, encodeUCoordinate).</summary>
    public static void ToBytes(in FieldElement a, Span<byte> destination)
    {
        ulong l0 = a.L0, l1 = a.L1, l2 = a.L2, l3 = a.L3, l4 = a.L4;

        // Two carry passes bring every limb below 2^51 (the first may leave a carry of one into L0, the second absorbs
        // it), so the value is below 2^255 + 19, less than 2p.
        for (int pass = 0; pass < 2; pass++)
        {
            l1 += l0 >> 51;
            l0 &= Mask51;
            l2 += l1 >> 51;
            l1 &= Mask51;
            l3 += l2 >> 51;
            l2 &= Mask51;
            l4 += l3 >> 51;
            l3 &= Mask51;
            l0 += 19 * (l4 >> 51);
            l4 &= Mask51;
        }

        // q = floor((h + 19) / 2^255) is 1 exactly when h >= p; it is computed by rippling the carry of h + 19 through
        // the limbs, with no comparison that could branch. Then h + 19q - 2^255·q = h - q·p is canonical.
        ulong q = (l0 + 19) >> 51;
        q = (l1 + q) >> 51;
        q = (l2 + q) >> 51;
        q = (l3 + q) >> 51;
        q = (l4 + q) >> 51;

        l0 += 19 * q;
        l1 += l0 >> 51;
        l0 &= Mask51;
        l2 += l1 >> 51;
        l1 &= Mask51;
        l3 += l2 >> 51;
        l2 &= Mask51;
        l4 += l3 >> 51;
        l3 &= Mask51;
        l4 &= Mask51; // drops 2^255 when q = 1

        BinaryPrimitives.WriteUInt64LittleEndian(destination, l0 | (l1 << 51));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (l1 >> 13) | (l2 << 38));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], (l2 >> 26) | (l3 << 25));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], (l3 >> 39) | (l4 << 12));
    }

    /// <summary>a + b, limb by limb without carrying (inputs below 2^52 give limbs below 2^53).</summary>
    public static FieldElement Add(in FieldElement a, in FieldElement b) => new()
    {
        L0 = a.L0 + b.L0,
        L1 = a.L1 + b.L1,
        L2 = a.L2 + b.L2,
        L3 = a.L3 + b.L3,
        L4 = a.L4 + b.L4,
    };

    /// <summary>
    /// a - b, computed as a + 4p - b limb by limb so that no limb goes negative (b's limbs must be below 2^53 - 76, which
    /// every product and decoded value is); inputs below 2^52 give limbs below 2^54.
    /// </summary>
    public static FieldElement Sub(in FieldElement a, in FieldElement b) => new()
    {
        // 4p in radix 2^51: 4·(2^51 - 19) in limb 0 and 4·(2^51 - 1) in the others.
        L0 = a.L0 + 0x1F_FFFF_FFFF_FFB4 - b.L0,
        L1 = a.L1 + 0x1F_FFFF_FFFF_FFFC - b.L1,
        L2 = a.L2 + 0x1F_FFFF_FFFF_FFFC - b.L2,
        L3 = a.L3 + 0x1F_FFFF_FFFF_FFFC - b.L3,
        L4 = a.L4 + 0x1F_FFFF_FFFF_FFFC - b.L4,
    };

    /// <summary>a · b mod p. Inputs with limbs below 2^54; the result's limbs are below 2^52.</summary>
    public static FieldElement Mul(in FieldElement a, in FieldElement b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3, b4 = b.L4;

        // A product term of weight 2^255 or more wraps around to the low limbs times 19, since 2^255 = 19 (mod p).
        // With limbs below 2^54 each term stays below 2^113 and each column sum below 2^115, held as a (high, low) pair.
        ulong b1x19 = b1 * 19, b2x19 = b2 * 19, b3x19 = b3 * 19, b4x19 = b4 * 19;

        ulong h0 = Math.BigMul(a0, b0, out ulong l0);
        MulAdd(ref h0, ref l0, a1, b4x19);
        MulAdd(ref h0, ref l0, a2, b3x19);
        MulAdd(ref h0, ref l0, a3, b2x19);
        MulAdd(ref h0, ref l0, a4, b1x19);

        ulong h1 = Math.BigMul(a0, b1, out ulong l1);
        MulAdd(ref h1, ref l1, a1, b0);
        MulAdd(ref h1, ref l1, a2, b4x19);
        MulAdd(ref h1, ref l1, a3, b3x19);
        MulAdd(ref h1, ref l1, a4, b2x19);

        ulong h2 = Math.BigMul(a0, b2, out ulong l2);
        MulAdd(ref h2, ref l2, a1, b1);
        MulAdd(ref h2, ref l2, a2, b0);
        MulAdd(ref h2, ref l2, a3, b4x19);
        MulAdd(ref h2, ref l2, a4, b3x19);

        ulong h3 = Math.BigMul(a0, b3, out ulong l3);
        MulAdd(ref h3, ref l3, a1, b2);
        MulAdd(ref h3, ref l3, a2, b1);
        MulAdd(ref h3, ref l3, a3, b0);
        MulAdd(ref h3, ref l3, a4, b4x19);

        ulong h4 = Math.BigMul(a0, b4, out ulong l4);
        MulAdd(ref h4, ref l4, a1, b3);
        MulAdd(ref h4, ref l4, a2, b2);
        MulAdd(ref h4, ref l4, a3, b1);
        MulAdd(ref h4, ref l4, a4, b0);

        return Carry(h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /// <summary>
    /// a² mod p, with the symmetric cross products counted once and doubled: 15 multiplications instead of 25. Inputs
    /// with limbs below 2^54 keep each column of three terms below 2^115.
    /// </summary>
    public static FieldElement Square(in FieldElement a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong a0x2 = a0 * 2, a1x2 = a1 * 2, a2x2 = a2 * 2, a3x2 = a3 * 2;
        ulong a3x19 = a3 * 19, a4x19 = a4 * 19;

        ulong h0 = Math.BigMul(a0, a0, out ulong l0);
        MulAdd(ref h0, ref l0, a1x2, a4x19);
        MulAdd(ref h0, ref l0, a2x2, a3x19);

        ulong h1 = Math.BigMul(a0x2, a1, out ulong l1);
        MulAdd(ref h1, ref l1, a2x2, a4x19);
        MulAdd(ref h1, ref l1, a3, a3x19);

        ulong h2 = Math.BigMul(a0x2, a2, out ulong l2);
        MulAdd(ref h2, ref l2, a1, a1);
        MulAdd(ref h2, ref l2, a3x2, a4x19);

        ulong h3 = Math.BigMul(a0x2, a3, out ulong l3);
        MulAdd(ref h3, ref l3, a1x2, a2);
        MulAdd(ref h3, ref l3, a4, a4x19);

        ulong h4 = Math.BigMul(a0x2, a4, out ulong l4);
        MulAdd(ref h4, ref l4, a1x2, a3);
        MulAdd(ref h4, ref l4, a2, a2);

        return Carry(h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /// <summary>a^(2^n) mod p: n squarings.</summary>
    public static FieldElement SquareTimes(in FieldElement a, int n)
    {
        var r = Square(a);
        for (int i = 1; i < n; i++)
        {
            r = Square(r);
        }

        return r;
    }

    /// <summary>a · k mod p for a small constant k (below 2^32), such as a24 = 121665 (RFC 7748 §5).</summary>
    public static FieldElement MulSmall(in FieldElement a, uint k)
    {
        ulong h0 = Math.BigMul(a.L0, k, out ulong l0);
        ulong h1 = Math.BigMul(a.L1, k, out ulong l1);
        ulong h2 = Math.BigMul(a.L2, k, out ulong l2);
        ulong h3 = Math.BigMul(a.L3, k, out ulong l3);
        ulong h4 = Math.BigMul(a.L4, k, out ulong l4);
        return Carry(h0, l0, h1, l1, h2, l2, h3, l3, h4, l4);
    }

    /// <summary>
    /// a^(p - 2) = a^-1 mod p (Fermat), and 0 for 0, as RFC 7748 §5 computes it. The exponent 2^255 - 21 is public, so
    /// a fixed chain of 254 squarings and 11 multiplications serves every input alike.
    /// </summary>
    public static FieldElement Invert(in FieldElement a)
    {
        var a2 = Square(a);                                 // a^2
        var a9 = Mul(SquareTimes(a2, 2), a);                // a^9
        var a11 = Mul(a9, a2);                              // a^11
        var a2p5m1 = Mul(Square(a11), a9);                  // a^(2^5 - 1) = a^31
        var a2p10m1 = Mul(SquareTimes(a2p5m1, 5), a2p5m1);  // a^(2^10 - 1)
        var a2p20m1 = Mul(SquareTimes(a2p10m1, 10), a2p10m1);
        var a2p40m1 = Mul(SquareTimes(a2p20m1, 20), a2p20m1);
        var a2p50m1 = Mul(SquareTimes(a2p40m1, 10), a2p10m1);
        var a2p100m1 = Mul(SquareTimes(a2p50m1, 50), a2p50m1);
        var a2p200m1 = Mul(SquareTimes(a2p100m1, 100), a2p100m1);
        var a2p250m1 = Mul(SquareTimes(a2p200m1, 50), a2p50m1);
        return Mul(SquareTimes(a2p250m1, 5), a11);          // a^(2^255 - 32 + 11) = a^(p - 2)
    }

    /// <summary>
    /// Swaps a and b when <paramref name="swap"/> is 1 and leaves them when it is 0 (RFC 7748 §5, cswap). The choice is
    /// made with a mask, not a branch, so the scalar bit that drives it does not show in the timing.
    /// </summary>
    public static void ConditionalSwap(ref FieldElement a, ref FieldElement b, ulong swap)
    {
        ulong mask = 0UL - swap; // all ones or all zeros
        ulong t = mask & (a.L0 ^ b.L0);
        a.L0 ^= t;
        b.L0 ^= t;
        t = mask & (a.L1 ^ b.L1);
        a.L1 ^= t;
        b.L1 ^= t;
        t = mask & (a.L2 ^ b.L2);
        a.L2 ^= t;
        b.L2 ^= t;
        t = mask & (a.L3 ^ b.L3);
        a.L3 ^= t;
        b.L3 ^= t;
        t = mask & (a.L4 ^ b.L4);
        a.L4 ^= t;
        b.L4 ^= t;
    }

    /// <summary>
    /// (hi, lo) += x · y, a 128-bit multiply-accumulate. The carry out of the low word is computed with bit operations
    /// rather than a comparison, so that no compiler can turn it into a branch on secret data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulAdd(ref ulong hi, ref ulong lo, ulong x, ulong y)
    {
        ulong productHigh = Math.BigMul(x, y, out ulong productLow);
        AddWide(ref hi, ref lo, productHigh, productLow);
    }

    /// <summary>(hi, lo) += (addHigh, addLow), with a branch-free carry (the majority of the top bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWide(ref ulong hi, ref ulong lo, ulong addHigh, ulong addLow)
    {
        ulong sum = lo + addLow;
        ulong carry = ((lo & addLow) | ((lo | addLow) & ~sum)) >> 63;
        lo = sum;
        hi += addHigh + carry;
    }

    /// <summary>(hi, lo) >> 51, for values below 2^115 (the result fits 64 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftRight51(ulong hi, ulong lo) => (lo >> 51) | (hi << 13);

    /// <summary>Carries 128-bit column sums (hi, lo), each below 2^115, down to limbs below 2^52.</summary>
    private static FieldElement Carry(ulong h0, ulong l0, ulong h1, ulong l1, ulong h2, ulong l2, ulong h3, ulong l3, ulong h4, ulong l4)
    {
        AddWide(ref h1, ref l1, 0, ShiftRight51(h0, l0));
        AddWide(ref h2, ref l2, 0, ShiftRight51(h1, l1));
        AddWide(ref h3, ref l3, 0, ShiftRight51(h2, l2));
        AddWide(ref h4, ref l4, 0, ShiftRight51(h3, l3));
        ulong r0 = l0 & Mask51;
        ulong r1 = l1 & Mask51;
        ulong r2 = l2 & Mask51;
        ulong r3 = l3 & Mask51;
        ulong r4 = l4 & Mask51;

        // The carry out of limb 4 (below 2^64) has weight 2^255 = 19 (mod p); times 19 it may pass 2^64, so it is
        // folded back in 128 bits, and its own carry lands in limb 1.
        ulong foldedHigh = Math.BigMul(ShiftRight51(h4, l4), 19, out ulong foldedLow);
        AddWide(ref foldedHigh, ref foldedLow, 0, r0);
        r0 = foldedLow & Mask51;
        r1 += ShiftRight51(foldedHigh, foldedLow);

        return new FieldElement { L0 = r0, L1 = r1, L2 = r2, L3 = r3, L4 = r4 };
    }
}
