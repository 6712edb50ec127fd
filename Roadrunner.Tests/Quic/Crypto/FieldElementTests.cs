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
            var product = FieldElement.Mul(a, previous);
            (Canonical(product)).ShouldBe(Value(a) * Value(previous) % P);
            var square = FieldElement.Square(a);
            Canonical(square).ShouldBe(Value(a) * Value(a) % P);
            new[] { square.L0, square.L1, square.L2, square.L3, square.L4 }.ShouldAllBe(l => l < (1UL << 52));
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
            Canonical(FieldElement.Invert(a)).ShouldBe(expected);
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
        var a = FieldElement.FromBytes(Convert.FromHexString(hex));
        Canonical(a).ShouldBe(expected >= 0 ? expected : P + expected);
    }
}
