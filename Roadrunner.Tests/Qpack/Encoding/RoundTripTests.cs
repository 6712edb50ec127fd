using Roadrunner.Tests.Hpack.Support;
using Roadrunner.Tests.Qpack.Support;
using Shouldly;

namespace Roadrunner.Tests.Qpack.Encoding;

/// <summary>decode(encode(x)) == x for random header lists, with and without a dynamic table, with blocking and without.</summary>
[TestClass]
public sealed class RoundTripTests
{
    private static readonly string[] Names =
    [
        ":method", ":path", ":authority", ":scheme", ":status", "content-type", "accept", "accept-encoding", "user-agent",
        "cookie", "authorization", "x-request-id", "date", "cache-control", "x-custom", "x-trace", "etag", "server",
    ];

    private static readonly string[] Values =
    [
        "GET", "/", "/index.html", "https", "200", "404", "text/plain", "application/json", "gzip, deflate, br", "*/*",
        "example.com", "roadrunner/1.0", "no-cache", "", "a", "Mon, 21 Oct 2013 20:13:21 GMT",
    ];

    [TestMethod]
    public void RandomLists_NoDynamicTable()
    {
        using var pipe = new QpackPipe(4096, decoderCapacity: 0, blockedStreams: 0);
        Run(pipe, new Random(9204), 300);
        pipe.Encoder.InsertCount.ShouldBe(0);
    }

    [TestMethod]
    public void RandomLists_DynamicTable_Blocking()
    {
        using var pipe = new QpackPipe(4096, decoderCapacity: 4096, blockedStreams: 16);
        Run(pipe, new Random(1), 300);
        pipe.Encoder.InsertCount.ShouldBeGreaterThan(0);
    }

    [TestMethod]
    public void RandomLists_SmallTable_Evicting_NoBlocking()
    {
        using var pipe = new QpackPipe(4096, decoderCapacity: 256, blockedStreams: 0);
        Run(pipe, new Random(2), 400);
        pipe.Encoder.InsertCount.ShouldBeGreaterThan(5);
    }

    /// <summary>Sections decoded before their encoder-stream octets arrive (blocked), with the stream delivered in small pieces.</summary>
    [TestMethod]
    public void RandomLists_OutOfOrderDelivery()
    {
        using var pipe = new QpackPipe(4096, decoderCapacity: 512, blockedStreams: 4);
        var random = new Random(3);
        for (int round = 0; round < 100; round++)
        {
            var expected = new List<List<HeaderField>>();
            var sinks = new List<RecordingSink>();
            for (int s = 0; s < 3; s++)
            {
                long streamId = (round * 3 + s) * 4;
                var fields = RandomList(random);
                expected.Add(fields);
                var section = pipe.Encode(streamId, fields);
                var sink = new RecordingSink();
                sinks.Add(sink);
                pipe.Decoder.DecodeSection(streamId, section, sink).Status.ShouldNotBe(Roadrunner.Qpack.QpackSectionStatus.Failed);
            }
            pipe.DeliverEncoderStream(piece: 3);
            while (pipe.Decoder.TryReadEvent(out var decoded)) decoded.Error.IsNone.ShouldBeTrue();
            pipe.Decoder.BlockedStreamCount.ShouldBe(0);
            for (int s = 0; s < 3; s++) sinks[s].Fields.ShouldBe(expected[s]);
            pipe.DeliverDecoderStream();
        }
    }

    private static void Run(QpackPipe pipe, Random random, int sections)
    {
        for (int i = 0; i < sections; i++)
        {
            var fields = RandomList(random);
            pipe.RoundTrip(4 * i, fields).ShouldBe(fields);
        }
    }

    private static List<HeaderField> RandomList(Random random)
    {
        var fields = new List<HeaderField>();
        int count = random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            string name = Names[random.Next(Names.Length)];
            string value = random.Next(4) == 0 ? RandomText(random) : Values[random.Next(Values.Length)];
            bool sensitive = name is "cookie" or "authorization" or "set-cookie";
            fields.Add(new HeaderField(name, value, sensitive || random.Next(20) == 0));
        }
        return fields;
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)random.Next(0, 256);
        return new string(chars);
    }
}
