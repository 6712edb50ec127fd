using System.Numerics;
using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;
using Shouldly;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// X25519 against RFC 7748: the two single-shot vectors and the iterated vector of §5.2 (1 and 1,000 iterations; the
/// 1,000,000 one is left out for time), and the Diffie-Hellman example of §6.1; and random inputs against a slow
/// reference ladder written with <see cref="BigInteger"/> straight from the pseudocode of §5.
/// </summary>
[TestClass]
public sealed class X25519Tests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] X25519Function(string scalarHex, string uHex)
    {
        var output = new byte[X25519.KeySize];
        X25519.ScalarMultiply(Convert.FromHexString(scalarHex), Convert.FromHexString(uHex), output);
        return output;
    }

    /// <summary>RFC 7748 §5.2, first test vector.</summary>
    [TestMethod]
    public void S5_2_FirstVector_GivesTheListedOutput() =>
        Hex(X25519Function(
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
            .ShouldBe("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");

    /// <summary>
    /// RFC 7748 §5.2, second test vector. Its u-coordinate has the top bit of the last byte set (0x93), which §5 says
    /// "MUST" be masked, so this also checks the masking.
    /// </summary>
    [TestMethod]
    public void S5_2_SecondVector_GivesTheListedOutput_WithTheTopBitOfUMasked() =>
        Hex(X25519Function(
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
            .ShouldBe("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");

    /// <summary>
    /// RFC 7748 §5.2, iterated: k = u = 9, then repeatedly k, u = X25519(k, u), k. Checked after 1 and 1,000 iterations.
    /// </summary>
    [TestMethod]
    public void S5_2_Iterated_After1And1000Iterations_GivesTheListedValues()
    {
        var k = new byte[32];
        var u = new byte[32];
        var next = new byte[32];
        k[0] = 9;
        u[0] = 9;

        for (int i = 1; i <= 1000; i++)
        {
            X25519.ScalarMultiply(k, u, next);
            k.CopyTo(u, 0);
            next.CopyTo(k, 0);
            if (i == 1)
            {
                Hex(k).ShouldBe("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }

        Hex(k).ShouldBe("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecret = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    /// <summary>RFC 7748 §6.1: Alice's and Bob's public keys from their private keys.</summary>
    [TestMethod]
    public void S6_1_PublicKeys_AreTheListedOnes()
    {
        var publicKey = new byte[32];
        X25519.ComputePublicKey(Convert.FromHexString(AlicePrivate), publicKey);
        Hex(publicKey).ShouldBe(AlicePublic);
        X25519.ComputePublicKey(Convert.FromHexString(BobPrivate), publicKey);
        Hex(publicKey).ShouldBe(BobPublic);
    }

    /// <summary>RFC 7748 §6.1: both sides reach the listed shared secret K.</summary>
    [TestMethod]
    public void S6_1_SharedSecret_IsTheListedOneOnBothSides()
    {
        var shared = new byte[32];
        X25519.TryComputeSharedSecret(Convert.FromHexString(AlicePrivate), Convert.FromHexString(BobPublic), shared).ShouldBeTrue();
        Hex(shared).ShouldBe(SharedSecret);
        X25519.TryComputeSharedSecret(Convert.FromHexString(BobPrivate), Convert.FromHexString(AlicePublic), shared).ShouldBeTrue();
        Hex(shared).ShouldBe(SharedSecret);
    }

    /// <summary>
    /// RFC 7748 §6.1: a peer key of small order gives the all-zero secret, which "MAY" be rejected; we do, as RFC 8446
    /// §7.4.2 asks. Zero and one are such points, and so is p (non-canonical encoding of zero).
    /// </summary>
    [TestMethod]
    [DataRow("0000000000000000000000000000000000000000000000000000000000000000")]
    [DataRow("0100000000000000000000000000000000000000000000000000000000000000")]
    [DataRow("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    public void S6_1_SmallOrderPeerKey_GivesAllZeroSecret_AndIsRejected(string peerHex)
    {
        var shared = new byte[32];
        X25519.TryComputeSharedSecret(Convert.FromHexString(AlicePrivate), Convert.FromHexString(peerHex), shared).ShouldBeFalse();
        shared.ShouldAllBe(b => b == 0);
    }

    /// <summary>Two key pairs drawn from a generator agree on their secret.</summary>
    [TestMethod]
    public void GeneratedKeyPairs_AgreeOnTheSharedSecret()
    {
        using var rng = RandomNumberGenerator.Create();
        Span<byte> aPrivate = stackalloc byte[32], aPublic = stackalloc byte[32];
        Span<byte> bPrivate = stackalloc byte[32], bPublic = stackalloc byte[32];
        X25519.GenerateKeyPair(rng, aPrivate, aPublic);
        X25519.GenerateKeyPair(RandomNumberGenerator.GetBytes(32), bPrivate, bPublic);

        Span<byte> s1 = stackalloc byte[32], s2 = stackalloc byte[32];
        X25519.TryComputeSharedSecret(aPrivate, bPublic, s1).ShouldBeTrue();
        X25519.TryComputeSharedSecret(bPrivate, aPublic, s2).ShouldBeTrue();
        Hex(s1).ShouldBe(Hex(s2));
    }

    /// <summary>
    /// RFC 7748 §5: non-canonical u-coordinates (p to 2^255 - 1) "MUST" be accepted and treated as reduced mod p:
    /// p + 9 gives the same result as 9.
    /// </summary>
    [TestMethod]
    public void S5_NonCanonicalU_IsReducedModP()
    {
        var viaNine = new byte[32];
        var viaPPlusNine = new byte[32];
        X25519.ScalarMultiply(Convert.FromHexString(AlicePrivate), Convert.FromHexString("09" + new string('0', 62)), viaNine);
        X25519.ScalarMultiply(
            Convert.FromHexString(AlicePrivate),
            Convert.FromHexString("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            viaPPlusNine);
        Hex(viaPPlusNine).ShouldBe(Hex(viaNine));
        Hex(viaNine).ShouldBe(AlicePublic);
    }

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>
    /// RFC 7748 §5 as written: decodeScalar25519, decodeUCoordinate (top bit masked, then taken modulo p), the
    /// Montgomery ladder with its cswap, z2^(p - 2), and encodeUCoordinate. Slow and not constant time: a reference.
    /// </summary>
    private static byte[] ReferenceX25519(byte[] scalar, byte[] u)
    {
        var k = (byte[])scalar.Clone();
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;
        var kValue = new BigInteger(k, isUnsigned: true);

        var uBytes = (byte[])u.Clone();
        uBytes[31] &= 127;
        var x1 = new BigInteger(uBytes, isUnsigned: true) % P;

        BigInteger x2 = 1, z2 = 0, x3 = x1, z3 = 1;
        int swap = 0;
        for (int t = 254; t >= 0; t--)
        {
            int kt = (int)((kValue >> t) & 1);
            swap ^= kt;
            if (swap == 1)
            {
                (x2, x3) = (x3, x2);
                (z2, z3) = (z3, z2);
            }

            swap = kt;
            var a = (x2 + z2) % P;
            var aa = a * a % P;
            var b = (x2 - z2 + P) % P;
            var bb = b * b % P;
            var e = (aa - bb + P) % P;
            var c = (x3 + z3) % P;
            var d = (x3 - z3 + P) % P;
            var da = d * a % P;
            var cb = c * b % P;
            x3 = BigInteger.Pow(da + cb, 2) % P;
            z3 = x1 * BigInteger.Pow(da - cb + P, 2) % P;
            x2 = aa * bb % P;
            z2 = e * (aa + (121665 * e)) % P;
        }

        if (swap == 1)
        {
            (x2, x3) = (x3, x2);
            (z2, z3) = (z3, z2);
        }

        var result = x2 * BigInteger.ModPow(z2, P - 2, P) % P;
        var output = new byte[32];
        result.TryWriteBytes(output, out _, isUnsigned: true).ShouldBeTrue();
        return output;
    }

    /// <summary>
    /// 200 seeded random scalars and u-coordinates give the reference's result. A quarter of the u-coordinates have the
    /// top bit of the last byte set, which RFC 7748 §5 says "MUST" be masked, and a quarter are non-canonical, p to
    /// 2^255 - 1 (some of those with the top bit set too), which it says to accept and reduce modulo p.
    /// </summary>
    [TestMethod]
    public void S5_RandomScalarsAndPoints_MatchTheReferenceLadder()
    {
        var random = new Random(25519);
        var output = new byte[32];
        for (int i = 0; i < 200; i++)
        {
            var scalar = new byte[32];
            var u = new byte[32];
            random.NextBytes(scalar);
            random.NextBytes(u);
            switch (i % 4)
            {
                case 0:
                    u[31] |= 0x80;
                    break;
                case 1:
                    // p + r for r in [0, 18]: the whole non-canonical range; every other one with the top bit set too.
                    (P + random.Next(19)).TryWriteBytes(u, out _, isUnsigned: true).ShouldBeTrue();
                    if (i % 8 == 1)
                    {
                        u[31] |= 0x80;
                    }

                    break;
                case 2:
                    u[31] &= 0x7F;
                    break;
            }

            X25519.ScalarMultiply(scalar, u, output);
            Hex(output).ShouldBe(Hex(ReferenceX25519(scalar, u)), $"case {i}: k={Hex(scalar)} u={Hex(u)}");
        }
    }
}
