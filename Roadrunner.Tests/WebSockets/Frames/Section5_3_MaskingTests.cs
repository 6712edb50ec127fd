using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets.Frames;
using Shouldly;

namespace Roadrunner.Tests.WebSockets.Frames;

/// <summary>RFC 6455 §5.3 client-to-server masking, vectorised, against the byte-by-byte definition.</summary>
[TestClass]
public sealed class Section5_3_MaskingTests
{
    /// <summary>
    /// §5.3: "Octet i of the transformed data ("transformed-octet-i") is the XOR of octet i of the original data
    /// ("original-octet-i") with octet at index i modulo 4 of the masking key ("masking-key-octet-j"): j = i MOD 4;
    /// transformed-octet-i = original-octet-i XOR masking-key-octet-j". Every length up to 300 and every starting
    /// offset, against that definition.
    /// </summary>
    [TestMethod]
    public void S5_3_Vectorised_MatchesDefinition()
    {
        var random = new Random(7);
        for (int length = 0; length <= 300; length++)
        {
            for (int offset = 0; offset < 8; offset++)
            {
                var key = new byte[4];
                random.NextBytes(key);
                var data = new byte[length];
                random.NextBytes(data);
                var expected = data.Select((b, i) => (byte)(b ^ key[(i + offset) % 4])).ToArray();
                var actual = (byte[])data.Clone();
                Masking.Apply(actual, BitConverter.ToUInt32(key), offset);
                actual.ShouldEqualBytes(expected, $"length {length} offset {offset}");
            }
        }
    }

    /// <summary>§5.3: "The same algorithm applies regardless of the direction of the translation": masking twice is the identity.</summary>
    [TestMethod]
    public void S5_3_MaskingTwice_IsIdentity()
    {
        var data = new byte[1000];
        new Random(1).NextBytes(data);
        var copy = (byte[])data.Clone();
        Masking.Apply(copy, 0xDEADBEEF, 0);
        copy.ShouldNotBe(data);
        Masking.Apply(copy, 0xDEADBEEF, 0);
        copy.ShouldBe(data);
    }

    /// <summary>Unmasking a payload in arbitrary pieces, carrying the offset, equals unmasking it whole.</summary>
    [TestMethod]
    public void S5_3_PiecewiseUnmasking_EqualsWhole()
    {
        var random = new Random(3);
        for (int round = 0; round < 200; round++)
        {
            var data = new byte[random.Next(0, 2000)];
            random.NextBytes(data);
            uint key = (uint)random.Next();
            var whole = (byte[])data.Clone();
            Masking.Apply(whole, key, 0);
            var pieces = (byte[])data.Clone();
            int at = 0;
            while (at < pieces.Length)
            {
                int n = Math.Min(random.Next(1, 70), pieces.Length - at);
                Masking.Apply(pieces.AsSpan(at, n), key, at);
                at += n;
            }
            pieces.ShouldEqualBytes(whole);
        }
    }
}
