using Roadrunner.Http2.Fuzzing;
using Roadrunner.Tests.Http2.Support;

namespace Roadrunner.Tests.Http2.Fuzzing;

/// <summary>
/// Runs the fuzz target over deterministic mutations of valid frame sequences (requests, content, trailers, settings,
/// pings, resets, window updates) and over random bytes. The only property is that wire bytes never throw.
/// </summary>
[TestClass]
public sealed class Http2FuzzTests
{
    private static readonly byte[][] Seeds =
    [
        new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: true).ToArray(),
        new FrameBuilder().Headers(1, HeaderBlock.Post(5), endStream: false).Data(1, "hello"u8.ToArray(), endStream: true).ToArray(),
        new FrameBuilder().Headers(1, HeaderBlock.Request(), endStream: false).Data(1, "abc"u8.ToArray(), endStream: false, padLength: 3)
            .Headers(1, HeaderBlock.Literal(("x-t", "1")), endStream: true).ToArray(),
        new FrameBuilder().Settings((4, 100), (5, 20000), (1, 0)).Ping(1).WindowUpdate(0, 1000).ToArray(),
        new FrameBuilder().Headers(3, HeaderBlock.Request()[..6], endStream: true, endHeaders: false).Continuation(3, HeaderBlock.Request()[6..], endHeaders: true).RstStream(3, 8).ToArray(),
        new FrameBuilder().Headers(1, [.. HeaderBlock.Request(), .. HeaderBlock.Indexed("x-a", "b")], endStream: true, priority: (false, 0, 1))
            .Headers(3, [.. HeaderBlock.Request(), .. HeaderBlock.IndexedReference(62)], endStream: true).Priority(5, 3).GoAway(0, 0).ToArray(),
    ];

    /// <summary>Three thousand mutated sequences go through the connection without an exception.</summary>
    [TestMethod]
    public void Mutations_OfValidSequences_NeverThrow()
    {
        var random = new Random(20250101);
        for (int i = 0; i < 3000; i++)
        {
            var input = Mutate(Seeds[random.Next(Seeds.Length)], Seeds[random.Next(Seeds.Length)], random);
            try
            {
                Http2Fuzz.Receive(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} threw on {Convert.ToBase64String(input)}: {e}");
            }
        }
    }

    /// <summary>Random bytes and long runs of one byte never throw either.</summary>
    [TestMethod]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            var input = new byte[random.Next(0, 400)];
            random.NextBytes(input);
            Http2Fuzz.Receive(input);
        }

        foreach (byte b in new byte[] { 0x00, 0x01, 0x04, 0x09, 0x80, 0xFF }) Http2Fuzz.Receive(Enumerable.Repeat(b, 5000).ToArray());
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
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.InsertRange(at, other);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(10);
                    break;
                default:
                    bytes.AddRange(seed);
                    break;
            }
        }

        return [.. bytes];
    }
}
