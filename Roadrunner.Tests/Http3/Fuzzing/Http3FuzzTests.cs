using Roadrunner.Http3;
using Roadrunner.Http3.Fuzzing;
using Roadrunner.Tests.Http3.Support;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Fuzzing;

/// <summary>
/// Seeded fuzzing of every stream kind: random octets and mutations of valid input. Wire input never throws, split
/// input closes with the same code as whole input, and a closed connection stays closed.
/// </summary>
[TestClass]
public sealed class Http3FuzzTests
{
    private static readonly byte[][] RequestCorpus =
    [
        Concat(Headers(Post("/", ("content-length", "5"))), Data("hello"), Headers(("x-t", "1"))),
        Concat(Frame(0x21, 1, 2), Headers(Get()), Frame(0x40)),
        Concat(Headers((":method", "CONNECT"), (":authority", "a:443")), Data("xyz")),
    ];

    private static readonly byte[][] ControlCorpus =
    [
        Concat(Settings((0x01, 256), (0x06, 1000), (0x07, 2), (0x21, 5)), Frame(0x07, VarInt(0)), Frame(0x0d, VarInt(3)), Frame(0x03, VarInt(1))),
        Concat(Settings(), Frame(0x21, 1, 2, 3)),
    ];

    private static readonly byte[][] EncoderCorpus =
    [
        [0x3f, 0xe1, 0x01, 0xc0 | 0x0f, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x4a, (byte)'c', (byte)'u', (byte)'s', (byte)'t', (byte)'o', (byte)'m', (byte)'-', (byte)'k', (byte)'e', (byte)'y', 0x0c, (byte)'c', (byte)'u', (byte)'s', (byte)'t', (byte)'o', (byte)'m', (byte)'-', (byte)'v', (byte)'a', (byte)'l', (byte)'u', (byte)'e', 0x00],
    ];

    private static readonly byte[][] DecoderCorpus = [[0x80, 0x01, 0x40, 0x84, 0x02]];

    private static readonly byte[][] ResponseCorpus =
    [
        Concat(Headers((":status", "103")), Headers((":status", "200"), ("content-length", "2")), Data("ok"), Headers(("x-t", "1"))),
    ];

    [TestMethod]
    public void RequestStream_RandomAndMutated() => Run(Http3Fuzz.RequestStream, RequestCorpus, seed: 1);

    [TestMethod]
    public void ControlStream_RandomAndMutated() => Run(Http3Fuzz.ControlStream, ControlCorpus, seed: 2);

    [TestMethod]
    public void EncoderStream_RandomAndMutated() => Run(Http3Fuzz.EncoderStream, EncoderCorpus, seed: 3);

    [TestMethod]
    public void DecoderStream_RandomAndMutated() => Run(Http3Fuzz.DecoderStream, DecoderCorpus, seed: 4);

    [TestMethod]
    public void UniStream_RandomAndMutated() => Run(Http3Fuzz.UniStream, [[0x00, .. ControlCorpus[0]], [0x02, .. EncoderCorpus[0]], [0x21, 1, 2]], seed: 5);

    [TestMethod]
    public void ResponseStream_RandomAndMutated() => Run(Http3Fuzz.ResponseStream, ResponseCorpus, seed: 6);

    /// <summary>
    /// A real client (dynamic table, blocking allowed) whose stream writes are corrupted, reordered between streams
    /// and split at random on the way to the server: the server never throws, whatever it makes of them.
    /// </summary>
    [TestMethod]
    public void CorruptedClientTraffic_NeverThrows()
    {
        var random = new Random(7);
        for (int run = 0; run < 60; run++)
        {
            using var server = new Http3Connection(Http3Role.Server, new Http3Options { GreaseSeed = run, QpackBlockedStreams = 4, MaxBlockedStreamBuffer = 2048 });
            using var client = new Http3Connection(Http3Role.Client, new Http3Options { GreaseSeed = run + 1 });
            server.Start();
            client.Start();
            var pending = new List<(long Id, byte[] Data, bool Fin)>();
            for (int step = 0; step < 12; step++)
            {
                if (!client.IsClosed && step < 8)
                {
                    long id = step * 4L;
                    client.SendRequest(id, "POST", "https", "example.com", "/p" + random.Next(3), [new("x-key", "value-" + random.Next(4)), new("x-other", "v")], endStream: false);
                    client.SendData(id, new byte[random.Next(0, 40)], endStream: random.Next(2) == 0);
                }
                while (client.TryReadOutput(out var o))
                {
                    if (o.Kind == Http3OutputKind.StreamData) pending.Add((o.StreamId, o.Data.ToArray(), o.Fin));
                }
                while (server.TryReadOutput(out var o))
                {
                    if (o.Kind == Http3OutputKind.StreamData) client.Receive(o.StreamId, o.Data.Span, o.Fin);
                }
                while (client.TryReadEvent(out _)) { }

                // Deliver some pending writes, corrupted now and then, in an order that may hold the encoder stream back.
                for (int n = random.Next(0, pending.Count + 1); n > 0 && pending.Count > 0; n--)
                {
                    int at = random.Next(pending.Count);
                    var (id, data, fin) = pending[at];
                    pending.RemoveAt(at);
                    if (random.Next(4) == 0 && data.Length > 0) data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    int cut = random.Next(0, data.Length + 1);
                    server.Receive(id, data.AsSpan(0, cut), false);
                    server.Receive(id, data.AsSpan(cut), fin);
                    while (server.TryReadEvent(out var e))
                    {
                        if (e.Kind == Http3EventKind.RequestHeadersReceived) server.SendHeaders(e.StreamId, 200, [new("x-r", "1")], endStream: e.EndStream);
                    }
                }
            }
        }
    }

    private delegate void Target(ReadOnlySpan<byte> data);

    private static void Run(Target target, byte[][] corpus, int seed)
    {
        var random = new Random(seed);
        foreach (var input in corpus) target(input);
        for (int i = 0; i < 300; i++)
        {
            var data = new byte[random.Next(0, 48)];
            random.NextBytes(data);
            target(data);
        }
        for (int i = 0; i < 300; i++) target(Mutate(corpus[random.Next(corpus.Length)], random));
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var data = new List<byte>(input);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            int at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(4))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when data.Count > 0:
                    data.RemoveAt(at);
                    break;
                default:
                    if (data.Count > 0) data[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. data];
    }
}
