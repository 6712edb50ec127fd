using Roadrunner.Quic.Crypto;
using Shouldly;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>The ChaCha20 block function against RFC 8439.</summary>
[TestClass]
public sealed class ChaCha20BlockTests
{
    /// <summary>
    /// RFC 8439 §2.3.2: key 00:01:..:1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, block count 1, and the serialized
    /// block.
    /// </summary>
    [TestMethod]
    public void S2_3_2_TestVector_GivesTheListedBlock()
    {
        var key = new byte[32];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)i;
        }

        Span<uint> words = stackalloc uint[8];
        ChaCha20.ReadKey(key, words);
        var block = new byte[ChaCha20.BlockSize];
        ChaCha20.Block(words, 1, Convert.FromHexString("000000090000004a00000000"), block);

        Convert.ToHexStringLower(block).ShouldBe(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
    }

    /// <summary>RFC 8439 §A.1, test vector #1: all-zero key, nonce and counter.</summary>
    [TestMethod]
    public void A1_ZeroKeyZeroNonceZeroCounter_GivesTheListedBlock()
    {
        Span<uint> words = stackalloc uint[8];
        var block = new byte[ChaCha20.BlockSize];
        ChaCha20.Block(words, 0, new byte[12], block);

        Convert.ToHexStringLower(block).ShouldBe(
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
    }
}
