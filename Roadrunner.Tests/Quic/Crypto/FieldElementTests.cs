using System.Numerics;
using Roadrunner.Quic.Crypto;
using Shouldly;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// Arithmetic in GF(2^255 - 19) (RFC 7748 §4.1) checked against <see cref="BigInteger"/>, including limbs at the
/// largest values the operations accept.
/// </summary>
[TestClass]
public sealed class FieldElementTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    private static BigInteger Value(in FieldElement a) =>
        a.L0 + (new BigInteger(a.L1) << 51) + (new BigInteger(a.L2) << 102) + (new BigInteger(a.L3) << 153) + (new BigInteger(a.L4) << 204);

    private static BigInteger Canonical(in FieldElement a)
    {
        var bytes = new byte[32];
        FieldElement.ToBytes(a, bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }

    private static ulong[] Limbs(in FieldElement a) => [a.L0, a.L1, a.L2, a.L3, a.L4];

    private static IEnumerable<FieldElement> Samples()
    {
        var random = new Random(7);
        const ulong Max54 = (1UL << 54) - 1;
        yield return new FieldElement { L0 = Max54, L1 = Max54, L2 = Max54, L3 = Max54, L4 = Max54 };
        yield return default;
        yield return FieldElement.One;
        for (int i = 0; i < 200; i++)
        {
            ulong Limb() => (ulong)random.NextInt64() & Max54;
            yield return new FieldElement { L0 = Limb(), L1 = Limb(), L2 = Limb(), L3 = Limb(), L4 = Limb() };
        }
    }

    /// <summary>Products and squares of limbs up to 2^54 are right modulo p and leave limbs below 2^52.</summary>
    [TestMethod]
    public void MulAndSquare_MatchBigInteger()
    {
        FieldElement previous = FieldElement.One;
        foreach (var a in Samples())
        {
            FieldElement.Mul(out var product, a, previous);
            Canonical(product).ShouldBe(Value(a) * Value(previous) % P);
            Limbs(product).ShouldAllBe(l => l < (1UL << 52));
            FieldElement.Square(out var square, a);
            Canonical(square).ShouldBe(Value(a) * Value(a) % P);
            Limbs(square).ShouldAllBe(l => l < (1UL << 52));
            previous = a;
        }
    }

    /// <summary>
    /// The result may be written over an operand: every input limb is read before the first output limb is written.
    /// </summary>
    [TestMethod]
    public void MulAndSquare_IntoAnOperand_MatchBigInteger()
    {
        FieldElement previous = FieldElement.One;
        foreach (var sample in Samples().Take(50))
        {
            var a = sample;
            var expected = Value(a) * Value(previous) % P;
            FieldElement.Mul(out a, a, previous);
            Canonical(a).ShouldBe(expected);
            var b = previous;
            FieldElement.Mul(out b, sample, b);
            Canonical(b).ShouldBe(expected);
            a = sample;
            FieldElement.Square(out a, a);
            Canonical(a).ShouldBe(Value(sample) * Value(sample) % P);
            previous = sample;
        }
    }

    /// <summary>Multiplying by a24 = 121665 (RFC 7748 §5) is right modulo p and leaves limbs below 2^52.</summary>
    [TestMethod]
    public void MulSmall_ByA24_MatchesBigInteger()
    {
        foreach (var a in Samples())
        {
            FieldElement.MulSmall(out var r, a, 121665);
            Canonical(r).ShouldBe(Value(a) * 121665 % P);
            Limbs(r).ShouldAllBe(l => l < (1UL << 52));
        }
    }

    /// <summary>Sums and differences of products are right modulo p and stay below 2^53 and 2^54.</summary>
    [TestMethod]
    public void AddAndSub_OfProducts_MatchBigInteger()
    {
        FieldElement previous = FieldElement.One;
        foreach (var sample in Samples())
        {
            // Reduced operands, as the ladder feeds Add and Sub: limbs of a product.
            FieldElement.Square(out var a, sample);
            FieldElement.Add(out var sum, a, previous);
            Canonical(sum).ShouldBe((Value(a) + Value(previous)) % P);
            Limbs(sum).ShouldAllBe(l => l < (1UL << 53));
            FieldElement.Sub(out var difference, a, previous);
            Canonical(difference).ShouldBe((((Value(a) - Value(previous)) % P) + P) % P);
            Limbs(difference).ShouldAllBe(l => l < (1UL << 54));
            previous = a;
        }
    }

    /// <summary>Inversion gives a^-1 (and 0 for 0, as RFC 7748 §5 computes z^(p-2)).</summary>
    [TestMethod]
    public void Invert_MatchesBigInteger()
    {
        foreach (var a in Samples().Take(20))
        {
            var expected = BigInteger.ModPow(Value(a) % P, P - 2, P);
            FieldElement.Invert(out var inverse, a);
            Canonical(inverse).ShouldBe(expected);
        }
    }

    /// <summary>Encoding is canonical: p, p + 1 and 2^255 - 1 come out as 0, 1 and 18 (RFC 7748 §5).</summary>
    [TestMethod]
    [DataRow("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 0)]
    [DataRow("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 1)]
    [DataRow("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 18)]
    [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", -1)]
    public void ToBytes_ReducesNonCanonicalValues(string hex, int expected)
    {
        FieldElement.FromBytes(Convert.FromHexString(hex), out var a);
        Canonical(a).ShouldBe(expected >= 0 ? expected : P + expected);
    }
}
