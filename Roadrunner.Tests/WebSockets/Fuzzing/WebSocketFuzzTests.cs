using Roadrunner.WebSockets.Fuzzing;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Fuzzing;

/// <summary>
/// Runs the fuzz target over seeded random frame sequences and their mutations (bit flips, insertions, deletions,
/// length and opcode rewrites, splices): wire bytes never throw.
/// </summary>
[TestClass]
public sealed class WebSocketFuzzTests
{
    /// <summary>Four thousand mutated frame sequences go through the sessions without an exception.</summary>
    [TestMethod]
    public void MutatedFrames_NeverThrow()
    {
        var random = new Random(20240607);
        var compressed = new byte[][] { Hex("f2 48 cd c9 c9 07 00"), Hex("f2 00 11 00 00"), Hex("00 05 00 fa ff 48 65 6c 6c 6f 00"), Hex("f3 48 cd c9 c9 07 00 00") };
        for (int i = 0; i < 4000; i++)
        {
            var frames = new List<byte>();
            int count = random.Next(1, 8);
            for (int f = 0; f < count; f++) frames.AddRange(RandomFrame(random, compressed));
            var input = Mutate(frames, random);
            try
            {
                WebSocketFuzz.Receive(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} threw on {Convert.ToHexString(input)}: {e}");
            }
        }
    }

    /// <summary>Plain random bytes, and long runs of one byte, never throw either.</summary>
    [TestMethod]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(99);
        for (int i = 0; i < 1000; i++)
        {
            var input = new byte[random.Next(0, 400)];
            random.NextBytes(input);
            WebSocketFuzz.Receive(input);
        }
        foreach (byte b in new byte[] { 0x00, 0x81, 0x88, 0x89, 0xC1, 0xFF, 0x7F, 0x80 }) WebSocketFuzz.Receive(Enumerable.Repeat(b, 5000).ToArray());
    }

    private static byte[] RandomFrame(Random random, byte[][] compressed)
    {
        int[] opcodes = [Text, Binary, Continuation, Ping, Pong, Close, 3, 0xB];
        int opcode = opcodes[random.Next(opcodes.Length)];
        byte[] payload = random.Next(6) switch
        {
            0 => compressed[random.Next(compressed.Length)],
            1 => CloseBody(random.Next(0, 5000), random.Next(2) == 0 ? "bye" : "\u00e9"),
            2 => new byte[random.Next(120, 300)],
            _ => [.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (byte)random.Next(256))],
        };
        return Frame(opcode, payload, fin: random.Next(4) > 0, rsv1: random.Next(4) == 0, rsv2: random.Next(20) == 0,
            masked: random.Next(10) > 0, lengthBytes: random.Next(10) == 0 ? 8 : 0);
    }

    private static byte[] Mutate(List<byte> bytes, Random random)
    {
        int mutations = random.Next(0, 4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes[at] = (byte)random.Next(256); break;
                default: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 10))); break;
            }
        }
        return [.. bytes];
    }
}
