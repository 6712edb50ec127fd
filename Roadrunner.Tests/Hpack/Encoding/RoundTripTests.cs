using Roadrunner.Hpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Encoding;

/// <summary>
/// decode(encode(x)) == x over seeded random header lists, block after block on one encoder / decoder pair, with every
/// table size, Huffman policy and peer size change; never-indexed fields stay never indexed (RFC 7541 §6.2.3), and
/// both dynamic tables agree after every block (§2.2: "the decoder's dynamic table ... must be kept in sync").
/// </summary>
[TestClass]
public sealed class RoundTripTests
{
    private static readonly string[] Names =
    [
        ":method", ":path", ":scheme", ":authority", ":status", "accept", "accept-encoding", "content-type", "content-length",
        "date", "etag", "cookie", "set-cookie", "authorization", "cache-control", "server", "user-agent", "x-request-id",
        "x-custom", "traceparent", "vary", "location", "",
    ];

    /// <summary>Two thousand blocks over many connections decode to exactly what was encoded.</summary>
    [TestMethod]
    public void RandomHeaderLists_RoundTrip()
    {
        var random = new Random(7541_2);
        int[] sizes = [0, 64, 256, 4096];
        for (int connection = 0; connection < 40; connection++)
        {
            int size = sizes[connection % sizes.Length];
            var encoder = new HpackEncoder(size) { Huffman = (HpackHuffman)(connection % 3) };
            var decoder = new HpackDecoder(size, maxHeaderListSize: int.MaxValue);
            for (int block = 0; block < 50; block++)
            {
                if (random.Next(10) == 0)
                {
                    // A SETTINGS change acknowledged on both sides before the next block.
                    int peer = sizes[random.Next(sizes.Length)];
                    decoder.SetMaxDynamicTableSize(peer);
                    encoder.SetPeerMaxDynamicTableSize(peer);
                }
                var fields = RandomFields(random);
                var encoded = EncodeBlock(encoder, fields);
                var (error, sink) = Decode(decoder, encoded);
                error.ShouldBe(HpackError.None, $"connection {connection} block {block}");
                sink.Fields.Count.ShouldBe(fields.Length);
                for (int i = 0; i < fields.Length; i++)
                {
                    sink.Fields[i].Name.ShouldBe(fields[i].Name);
                    sink.Fields[i].Value.ShouldBe(fields[i].Value);
                    if (fields[i].NeverIndexed) sink.Fields[i].NeverIndexed.ShouldBeTrue("never indexed stays never indexed");
                }
                Entries(decoder.Table).ShouldBe(Entries(encoder.Table));
                decoder.DynamicTableSize.ShouldBe(encoder.DynamicTableSize);
            }
        }
    }

    /// <summary>A decoded list re-encoded by an intermediary keeps its never-indexed fields never indexed, hop after hop.</summary>
    [TestMethod]
    public void NeverIndexed_SurvivesReencoding()
    {
        var random = new Random(623);
        for (int i = 0; i < 200; i++)
        {
            var fields = RandomFields(random);
            var hop1 = Decode(new HpackDecoder(maxHeaderListSize: int.MaxValue), EncodeBlock(new HpackEncoder(), fields)).Sink.Fields;
            var hop2 = Decode(new HpackDecoder(maxHeaderListSize: int.MaxValue), EncodeBlock(new HpackEncoder(), [.. hop1])).Sink.Fields;
            hop2.ShouldBe(hop1);
            for (int f = 0; f < fields.Length; f++)
            {
                if (fields[f].NeverIndexed) hop2[f].NeverIndexed.ShouldBeTrue();
            }
        }
    }

    private static HeaderField[] RandomFields(Random random)
    {
        var fields = new HeaderField[random.Next(0, 16)];
        for (int i = 0; i < fields.Length; i++)
        {
            string name = random.Next(4) == 0 ? RandomText(random, random.Next(1, 24), "abcdefghijklmnopqrstuvwxyz-0123456789") : Names[random.Next(Names.Length)];
            string value = random.Next(5) switch
            {
                0 => "",
                1 => RandomBinary(random, random.Next(1, 40)),
                2 => RandomText(random, random.Next(100, 400), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ;=/"),
                _ => random.Next(3) == 0 ? "GET" : RandomText(random, random.Next(1, 30), "abcdef0123456789/-.?&="),
            };
            fields[i] = new HeaderField(name, value, NeverIndexed: random.Next(8) == 0);
        }
        return fields;
    }

    private static string RandomText(Random random, int length, string alphabet) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
        });

    private static string RandomBinary(Random random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = (char)r.Next(256);
        });
}
