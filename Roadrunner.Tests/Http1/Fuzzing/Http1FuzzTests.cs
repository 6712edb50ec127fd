using Roadrunner.Http1.Fuzzing;
using Roadrunner.Tests.Conformance;
using Shouldly;

namespace Roadrunner.Tests.Http1.Fuzzing;

/// <summary>
/// Runs the fuzz target over deterministic mutations of the llhttp corpus requests: bit flips, byte insertions and
/// deletions, splices of two requests, and bytes that matter to HTTP (CR, LF, SP, ':', ';', digits). The only
/// property is that wire bytes never throw and offsets stay inside the input.
/// </summary>
[TestClass]
public sealed class Http1FuzzTests
{
    private static readonly byte[] Interesting = [.. "\r\n \t:;,=\"0123456789aAfFxX-+#%/?"u8, 0x00, 0x7F, 0x80, 0xFF];

    /// <summary>Four thousand mutated requests go through the parser and decoder without an exception.</summary>
    [TestMethod]
    public void Mutations_OfCorpusRequests_NeverThrow()
    {
        LlhttpCorpus.Directory.ShouldNotBeNull($"llhttp corpus not found; looked in:{Environment.NewLine}{LlhttpCorpus.Searched}");
        var seeds = LlhttpCorpus.Cases.Select(c => c.Input).Where(i => i.Length > 0).ToArray();
        var random = new Random(20240601);
        for (int i = 0; i < 4000; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)], random);
            try
            {
                Http1Fuzz.ParseRequest(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} threw on {Convert.ToBase64String(input)}: {e}");
            }
        }
    }

    /// <summary>Plain random bytes, and runs of one byte, never throw either.</summary>
    [TestMethod]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(99);
        for (int i = 0; i < 500; i++)
        {
            var input = new byte[random.Next(0, 600)];
            random.NextBytes(input);
            Http1Fuzz.ParseRequest(input);
        }
        foreach (byte b in Interesting) Http1Fuzz.ParseRequest(Enumerable.Repeat(b, 20_000).ToArray());
    }

    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var bytes = new List<byte>(seed);
        int mutations = random.Next(1, 6);
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
                case 3 when bytes.Count > 0:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 4:
                    int from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 64)));
                    break;
                default:
                    if (bytes.Count > 1) bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
            }
        }
        return [.. bytes];
    }
}
