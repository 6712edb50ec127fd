using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Roadrunner.Quic.Crypto;

/// <summary>
/// An element of the field GF(p), p = 2^255 - 19 (RFC 7748 §4.1), held in radix 2^51 as five 64-bit limbs:
/// value = L0 + L1·2^51 + L2·2^102 + L3·2^153 + L4·2^204.
/// </summary>
/// <remarks>
/// <para>
/// Limbs are not kept fully reduced between operations: a product leaves every limb below 2^52, a sum below 2^53 and a
/// difference below 2^54, and <see cref="Mul"/> and <see cref="Square"/> accept limbs below 2^54, so additions and
/// subtractions never need a carry pass of their own. Only <see cref="ToBytes"/> produces the canonical value.
/// </para>
/// <para>
/// Operations take their operands by reference and write their result through an <c>out</c> parameter, which may be
/// one of the operands: every input limb is read before the first output limb is written. Passing five limbs by value
/// through every multiplication would copy them on the stack each time.
/// </para>
/// <para>
/// The multiplications are compiled fully optimized on their first call
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>): a handshake runs a few thousand of them, and without it the
/// first handshakes of a process would run the unoptimized first-tier code, several times slower, until tiering caught
/// up. They have no branches or calls for profile-guided optimization to improve.
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
    public static void FromBytes(ReadOnlySpan<byte> bytes, out FieldElement r)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ulong w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        ulong w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        ulong w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);

        // RFC 7748 §5: "implementations of X25519 ... MUST mask the most significant bit in the final byte".
        w3 &= 0x7FFF_FFFF_FFFF_FFFF;

        r.L0 = w0 & Mask51;
        r.L1 = ((w0 >> 51) | (w1 << 13)) & Mask51;
        r.L2 = ((w1 >> 38) | (w2 << 26)) & Mask51;
        r.L3 = ((w2 >> 25) | (w3 << 39)) & Mask51;
        r.L4 = w3 >> 12;
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

    /// <summary>r = a + b, limb by limb without carrying (inputs below 2^52 give limbs below 2^53).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(out FieldElement r, in FieldElement a, in FieldElement b)
    {
        ulong r0 = a.L0 + b.L0;
        ulong r1 = a.L1 + b.L1;
        ulong r2 = a.L2 + b.L2;
        ulong r3 = a.L3 + b.L3;
        ulong r4 = a.L4 + b.L4;
        r.L0 = r0;
        r.L1 = r1;
        r.L2 = r2;
        r.L3 = r3;
        r.L4 = r4;
    }

    /// <summary>
    /// r = a - b, computed as a + 4p - b limb by limb so that no limb goes negative (b's limbs must be below 2^53 - 76,
    /// which every product and decoded value is); inputs below 2^52 give limbs below 2^54.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(out FieldElement r, in FieldElement a, in FieldElement b)
    {
        // 4p in radix 2^51: 4·(2^51 - 19) in limb 0 and 4·(2^51 - 1) in the others.
        ulong r0 = a.L0 + 0x1F_FFFF_FFFF_FFB4 - b.L0;
        ulong r1 = a.L1 + 0x1F_FFFF_FFFF_FFFC - b.L1;
        ulong r2 = a.L2 + 0x1F_FFFF_FFFF_FFFC - b.L2;
        ulong r3 = a.L3 + 0x1F_FFFF_FFFF_FFFC - b.L3;
        ulong r4 = a.L4 + 0x1F_FFFF_FFFF_FFFC - b.L4;
        r.L0 = r0;
        r.L1 = r1;
        r.L2 = r2;
        r.L3 = r3;
        r.L4 = r4;
    }

    /// <summary>
    /// r = a · b mod p. Inputs with limbs below 2^54; the result's limbs are below 2^52.
    /// </summary>
    /// <remarks>
    /// A product term of weight 2^255 or more wraps around to the low limbs times 19, since 2^255 = 19 (mod p), so
    /// each of the five columns is a sum of five 108-bit products (times 19 for the wrapped ones), below 2^115. A column
    /// is accumulated as two 64-bit words without any carry handling per product (see <see cref="Column"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mul(out FieldElement r, in FieldElement a, in FieldElement b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3, b4 = b.L4;
        ulong a1x19 = a1 * 19, a2x19 = a2 * 19, a3x19 = a3 * 19, a4x19 = a4 * 19;
        ulong s0 = b0 << 10, s1 = b1 << 10, s2 = b2 << 10, s3 = b3 << 10, s4 = b4 << 10;

        ulong h0 = High(a0, s0) + High(a1x19, s4) + High(a2x19, s3) + High(a3x19, s2) + High(a4x19, s1);
        ulong w0 = (a0 * b0) + (a1x19 * b4) + (a2x19 * b3) + (a3x19 * b2) + (a4x19 * b1);
        ulong h1 = High(a0, s1) + High(a1, s0) + High(a2x19, s4) + High(a3x19, s3) + High(a4x19, s2);
        ulong w1 = (a0 * b1) + (a1 * b0) + (a2x19 * b4) + (a3x19 * b3) + (a4x19 * b2);
        ulong h2 = High(a0, s2) + High(a1, s1) + High(a2, s0) + High(a3x19, s4) + High(a4x19, s3);
        ulong w2 = (a0 * b2) + (a1 * b1) + (a2 * b0) + (a3x19 * b4) + (a4x19 * b3);
        ulong h3 = High(a0, s3) + High(a1, s2) + High(a2, s1) + High(a3, s0) + High(a4x19, s4);
        ulong w3 = (a0 * b3) + (a1 * b2) + (a2 * b1) + (a3 * b0) + (a4x19 * b4);
        ulong h4 = High(a0, s4) + High(a1, s3) + High(a2, s2) + High(a3, s1) + High(a4, s0);
        ulong w4 = (a0 * b4) + (a1 * b3) + (a2 * b2) + (a3 * b1) + (a4 * b0);

        Reduce(out r, h0, w0, h1, w1, h2, w2, h3, w3, h4, w4);
    }

    /// <summary>
    /// r = a² mod p, with the symmetric cross products counted once and doubled: 15 multiplications instead of 25.
    /// Inputs with limbs below 2^54, as for <see cref="Mul"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Square(out FieldElement r, in FieldElement a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong s0 = a0 << 10, s1 = a1 << 10, s2 = a2 << 10, s3 = a3 << 10, s4 = a4 << 10;
        ulong a0x2 = a0 * 2, a1x2 = a1 * 2;
        ulong a1x38 = a1 * 38, a2x38 = a2 * 38, a3x38 = a3 * 38, a3x19 = a3 * 19, a4x19 = a4 * 19;

        ulong h0 = High(a0, s0) + High(a1x38, s4) + High(a2x38, s3);
        ulong w0 = (a0 * a0) + (a1x38 * a4) + (a2x38 * a3);
        ulong h1 = High(a0x2, s1) + High(a2x38, s4) + High(a3x19, s3);
        ulong w1 = (a0x2 * a1) + (a2x38 * a4) + (a3x19 * a3);
        ulong h2 = High(a0x2, s2) + High(a1, s1) + High(a3x38, s4);
        ulong w2 = (a0x2 * a2) + (a1 * a1) + (a3x38 * a4);
        ulong h3 = High(a0x2, s3) + High(a1x2, s2) + High(a4x19, s4);
        ulong w3 = (a0x2 * a3) + (a1x2 * a2) + (a4x19 * a4);
        ulong h4 = High(a0x2, s4) + High(a1x2, s3) + High(a2, s2);
        ulong w4 = (a0x2 * a4) + (a1x2 * a3) + (a2 * a2);

        Reduce(out r, h0, w0, h1, w1, h2, w2, h3, w3, h4, w4);
    }

    /// <summary>r = a^(2^n) mod p: n squarings, n ≥ 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquareTimes(out FieldElement r, in FieldElement a, int n)
    {
        Square(out r, a);
        for (int i = 1; i < n; i++)
        {
            Square(out r, r);
        }
    }

    /// <summary>
    /// r = a · k mod p for a small constant k (below 2^17), such as a24 = 121665 (RFC 7748 §5). Inputs with limbs below
    /// 2^54; the result's limbs are below 2^52.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MulSmall(out FieldElement r, in FieldElement a, uint k)
    {
        // Each limb times k is below 2^71. Its part from 2^51 up is the high word of (limb·2^10)·(k·2^3), and its part
        // below 2^51 the low word of limb·k, masked; the former carries into the next limb (limb 4's times 19).
        ulong k8 = (ulong)k << 3;
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong c0 = High(a0 << 10, k8), c1 = High(a1 << 10, k8), c2 = High(a2 << 10, k8);
        ulong c3 = High(a3 << 10, k8), c4 = High(a4 << 10, k8);
        r.L0 = ((a0 * k) & Mask51) + (c4 * 19);
        r.L1 = ((a1 * k) & Mask51) + c0;
        r.L2 = ((a2 * k) & Mask51) + c1;
        r.L3 = ((a3 * k) & Mask51) + c2;
        r.L4 = ((a4 * k) & Mask51) + c3;
    }

    /// <summary>
    /// r = a^(p - 2) = a^-1 mod p (Fermat), and 0 for 0, as RFC 7748 §5 computes it. The exponent 2^255 - 21 is public,
    /// so a fixed chain of 254 squarings and 11 multiplications serves every input alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Invert(out FieldElement r, in FieldElement a)
    {
        Square(out var a2, a);                      // a^2
        SquareTimes(out var t, a2, 2);              // a^8
        Mul(out var a9, t, a);                      // a^9
        Mul(out var a11, a9, a2);                   // a^11
        Square(out t, a11);                         // a^22
        Mul(out var a2p5m1, t, a9);                 // a^(2^5 - 1) = a^31
        SquareTimes(out t, a2p5m1, 5);
        Mul(out var a2p10m1, t, a2p5m1);            // a^(2^10 - 1)
        SquareTimes(out t, a2p10m1, 10);
        Mul(out var a2p20m1, t, a2p10m1);           // a^(2^20 - 1)
        SquareTimes(out t, a2p20m1, 20);
        Mul(out t, t, a2p20m1);                     // a^(2^40 - 1)
        SquareTimes(out t, t, 10);
        Mul(out var a2p50m1, t, a2p10m1);           // a^(2^50 - 1)
        SquareTimes(out t, a2p50m1, 50);
        Mul(out var a2p100m1, t, a2p50m1);          // a^(2^100 - 1)
        SquareTimes(out t, a2p100m1, 100);
        Mul(out t, t, a2p100m1);                    // a^(2^200 - 1)
        SquareTimes(out t, t, 50);
        Mul(out t, t, a2p50m1);                     // a^(2^250 - 1)
        SquareTimes(out t, t, 5);
        Mul(out r, t, a11);                         // a^(2^255 - 32 + 11) = a^(p - 2)
    }

    /// <summary>
    /// Swaps a and b when <paramref name="swap"/> is 1 and leaves them when it is 0 (RFC 7748 §5, cswap). The choice is
    /// made with a mask, not a branch, so the scalar bit that drives it does not show in the timing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    /// The high 64 bits of the 128-bit product x · y: one <c>mulx</c> (x64) or <c>umulh</c> (Arm64) that leaves its
    /// result in a register. (<see cref="Math.BigMul(ulong, ulong, out ulong)"/> would pass the low word out through
    /// memory.) Both instructions take the same time whatever their operands.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong High(ulong x, ulong y)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(x, y);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(x, y);
        }

        return Math.BigMul(x, y, out _);
    }

    /// <summary>
    /// Carries five columns down to limbs below 2^52. Column i holds V = Σ x·y over its (at most five) products, with
    /// every y below 2^54 and V below 2^115, given as h = Σ high64(x · (y·2^10)) = Σ floor(x·y / 2^54) and w = Σ x·y mod 2^64.
    /// </summary>
    /// <remarks>
    /// The two words overlap in bits 54 to 63, which is what lets them be summed without carries: h falls short of
    /// floor(V / 2^54) by the carries out of the dropped low parts, at most 4 with five products, while w holds V's low
    /// 64 bits exactly. So floor(V / 2^51) is 8h plus a small t below 2^13, and t is found from the 13 bits of w above
    /// bit 51, which equal floor(V / 2^51) mod 2^13: t = (w / 2^51 - 8h) mod 2^13.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(out FieldElement r, ulong h0, ulong w0, ulong h1, ulong w1, ulong h2, ulong w2, ulong h3, ulong w3, ulong h4, ulong w4)
    {
        // floor(V / 2^51) for each column; below 2^64 since V < 2^115 (column 4, V < 5·2^108, gives below 2^60, so
        // times 19 it still fits).
        ulong c0 = Column(h0, w0), c1 = Column(h1, w1), c2 = Column(h2, w2), c3 = Column(h3, w3), c4 = Column(h4, w4);

        // Each column keeps its low 51 bits and receives the part above from the column below: limbs below 2^64.
        ulong r0 = (w0 & Mask51) + (c4 * 19);
        ulong r1 = (w1 & Mask51) + c0;
        ulong r2 = (w2 & Mask51) + c1;
        ulong r3 = (w3 & Mask51) + c2;
        ulong r4 = (w4 & Mask51) + c3;

        // One more carry, all limbs at once: each keeps 51 bits plus below 2^13 (times 19 into limb 0) from below.
        ulong k0 = r0 >> 51, k1 = r1 >> 51, k2 = r2 >> 51, k3 = r3 >> 51, k4 = r4 >> 51;
        r.L0 = (r0 & Mask51) + (k4 * 19);
        r.L1 = (r1 & Mask51) + k0;
        r.L2 = (r2 & Mask51) + k1;
        r.L3 = (r3 & Mask51) + k2;
        r.L4 = (r4 & Mask51) + k3;
    }

    /// <summary>floor(V / 2^51) from a column's (h, w) pair (see <see cref="Reduce"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Column(ulong h, ulong w)
    {
        ulong h8 = h << 3;
        return h8 + (((w >> 51) - h8) & 0x1FFF);
    }
}
