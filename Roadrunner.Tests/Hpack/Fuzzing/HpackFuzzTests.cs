using Roadrunner.Hpack;
using Roadrunner.Hpack.Fuzzing;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Fuzzing;

/// <summary>
/// Runs the fuzz target over seeded random octets and over mutations of valid blocks (the Appendix C examples and
/// encoder output): bit flips, insertions, deletions, splices and octets that matter to HPACK. Wire octets never throw,
/// and the target's own checks (table sums, round trips, Huffman re-encoding) hold.
/// </summary>
[TestClass]
public sealed class HpackFuzzTests
{
    private static readonly string[] RfcBlocks =
    [
        "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
        "040c 2f73 616d 706c 652f 7061 7468",
        "1008 7061 7373 776f 7264 0673 6563 7265 74",
        "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff 8286 84be 5886 a8eb 1064 9cbf",
        "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
        "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
        "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
        "203f e11f 4003 6162 6303 6465 66",
    ];

    private static readonly byte[] Interesting = [0x00, 0x0f, 0x10, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xbe, 0xff];

    /// <summary>Three thousand random blocks of up to 300 octets.</summary>
    [TestMethod]
    public void RandomBlocks_NeverThrow()
    {
        var random = new Random(7541);
        for (int i = 0; i < 3000; i++)
        {
            var input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            Run(input, i);
        }
    }

    /// <summary>Six thousand mutations of valid blocks, which get much further into the decoder than random octets.</summary>
    [TestMethod]
    public void MutatedBlocks_NeverThrow()
    {
        var seeds = RfcBlocks.Select(Hex).Concat(EncodedSeeds()).ToArray();
        var random = new Random(20240601);
        for (int i = 0; i < 6000; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)], random);
            Run(input, i);
        }
    }

    /// <summary>Long runs of one octet (endless continuations, size updates, indices, Huffman ones) never throw.</summary>
    [TestMethod]
    public void Runs_NeverThrow()
    {
        foreach (byte b in Interesting) Run(Enumerable.Repeat(b, 5000).ToArray(), b);
        foreach (var seed in RfcBlocks.Select(Hex)) Run([.. Enumerable.Repeat(seed, 50).SelectMany(s => s)], 0);
    }

    /// <summary>The target accepts the valid examples themselves (its checks hold on real blocks).</summary>
    [TestMethod]
    public void ValidBlocks_PassTheTargetsChecks()
    {
        foreach (var block in RfcBlocks.Select(Hex).Concat(EncodedSeeds())) Run(block, 0);
    }

    private static void Run(byte[] input, int iteration)
    {
        try
        {
            HpackFuzz.Decode(input);
        }
        catch (Exception e)
        {
            Assert.Fail($"iteration {iteration} threw on {Convert.ToHexString(input)}: {e}");
        }
    }

    private static IEnumerable<byte[]> EncodedSeeds()
    {
        var encoder = new HpackEncoder(256);
        yield return EncodeBlock(encoder, new HeaderField(":method", "POST"), new HeaderField(":path", "/upload?id=7"), new HeaderField("cookie", "a=1"),
            new HeaderField("content-type", "multipart/form-data; boundary=xyz"), new HeaderField("authorization", "Basic Zm9vOmJhcg=="));
        yield return EncodeBlock(encoder, new HeaderField("content-type", "multipart/form-data; boundary=xyz"), new HeaderField("x-bin", "\u0000\u00ff\u0080"));
        encoder.SetPeerMaxDynamicTableSize(64);
        yield return EncodeBlock(encoder, new HeaderField("x-a", "b"), new HeaderField("x-a", "b"));
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var bytes = new List<byte>(seed);
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations; m++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    int from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 12)));
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 5 when bytes.Count > at + 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }
}
