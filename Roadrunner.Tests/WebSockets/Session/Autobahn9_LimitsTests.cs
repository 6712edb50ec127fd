using System.Text;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Session;

/// <summary>
/// Autobahn 9.x (large messages, many fragments) and the configured bounds. RFC 6455 §10.4: "Implementations that
/// have implementation- and/or platform-specific limitations regarding the frame size or total message size after
/// reassembly from multiple frames MUST protect themselves against exceeding those limits."
/// </summary>
[TestClass]
public sealed class Autobahn9_LimitsTests
{
    /// <summary>Autobahn 9.1.x / 9.2.x: text and binary messages of 64 KiB to 4 MiB in one frame, fed in 64 KiB reads, are echoed.</summary>
    [TestMethod]
    [DataRow(64 * 1024)]
    [DataRow(256 * 1024)]
    [DataRow(1024 * 1024)]
    [DataRow(4 * 1024 * 1024)]
    public void Autobahn9_1_LargeSingleFrameMessages_Echoed(int size)
    {
        var text = Encoding.ASCII.GetBytes(new string('*', size));
        var binary = new byte[size];
        new Random(size).NextBytes(binary);
        using var server = new SessionDriver { Echo = true };
        var events = server.Feed(Concat(Frame(Text, text), Frame(Binary, binary)), 65536);
        events.Count.ShouldBe(2);
        var frames = server.TakeFrames();
        frames[0].Payload.ShouldEqualBytes(text);
        frames[1].Payload.ShouldEqualBytes(binary);
    }

    /// <summary>Autobahn 9.3.x / 9.4.x: a 1 MiB message in fragments of 64 B to 1 MiB is assembled and echoed whole.</summary>
    [TestMethod]
    [DataRow(64)]
    [DataRow(256)]
    [DataRow(4096)]
    [DataRow(65536)]
    [DataRow(1024 * 1024)]
    public void Autobahn9_3_FragmentedMessages_Assembled(int fragmentSize)
    {
        var data = new byte[1024 * 1024];
        new Random(fragmentSize).NextBytes(data);
        var frames = new List<byte[]>();
        for (int at = 0; at < data.Length; at += fragmentSize)
            frames.Add(Frame(at == 0 ? Binary : Continuation, data.AsSpan(at, fragmentSize), fin: at + fragmentSize == data.Length));
        using var server = new SessionDriver { Echo = true };
        server.Feed(Concat([.. frames]), 65536).Single().Payload.ShouldEqualBytes(data);
        server.TakeFrames().Single().Payload.ShouldEqualBytes(data);
    }

    /// <summary>Autobahn 9.5.x / 9.6.x: a 1 MiB message whose frame arrives in reads of 64 B to 128 KiB.</summary>
    [TestMethod]
    [DataRow(64)]
    [DataRow(1024)]
    [DataRow(131072)]
    public void Autobahn9_5_ChoppedFrame_Assembled(int chop)
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("BAsd7&jh23", 104858))[..(1024 * 1024)]);
        using var server = new SessionDriver();
        server.Feed(Frame(Text, data), chop).Single().Payload.ShouldEqualBytes(data);
    }

    /// <summary>Ten thousand 1-byte fragments make one message.</summary>
    [TestMethod]
    public void ManyFragments_OneMessage()
    {
        var frames = Enumerable.Range(0, 10_000).Select(i => Frame(i == 0 ? Text : Continuation, [(byte)('a' + i % 26)], fin: i == 9_999));
        using var server = new SessionDriver();
        var message = server.Feed(Concat([.. frames])).Single();
        message.Payload.Length.ShouldBe(10_000);
        message.Text[..3].ShouldBe("abc");
    }

    /// <summary>
    /// §7.4.1 1009: "an endpoint is terminating the connection because it has received a message that is too big for
    /// it to process". A fragmented message passing MaxMessageSize is refused at the header of the fragment that
    /// would pass it.
    /// </summary>
    [TestMethod]
    public void S7_4_1_MessageOverMaxMessageSize_Closes1009()
    {
        using var server = new SessionDriver(new WebSocketOptions { MaxMessageSize = 1000 });
        server.Feed(Frame(Binary, new byte[600], fin: false)).ShouldBeEmpty();
        server.TakeBytes().ShouldBeEmpty();
        server.Feed(Frame(Continuation, new byte[401])[..8]); // only the header of the fragment (16-bit length, mask key)
        server.TakeDescribed().ShouldBe(["Close 1009"]);
    }

    /// <summary>A message of exactly MaxMessageSize passes; the count starts again with each message.</summary>
    [TestMethod]
    public void S7_4_1_MessageAtLimit_Passes()
    {
        using var server = new SessionDriver(new WebSocketOptions { MaxMessageSize = 1000, MaxFrameSize = 1000 });
        server.Feed(Frame(Binary, new byte[500], fin: false), Frame(Continuation, new byte[500]), Frame(Binary, new byte[1000]))
            .Select(e => e.Payload.Length).ShouldBe([1000, 1000]);
        server.Feed(Frame(Text, Encoding.ASCII.GetBytes(new string('x', 1001)))).Select(e => e.ToString()).ShouldBe(["Closed 1009"]);
        server.TakeDescribed().ShouldBe(["Close 1009"]);
    }

    /// <summary>Fragment events still honour MaxMessageSize across the message.</summary>
    [TestMethod]
    public void S7_4_1_FragmentEvents_CountTowardsMessageLimit()
    {
        using var server = new SessionDriver(new WebSocketOptions { MaxMessageSize = 10, AssembleMessages = false });
        server.Feed(Frame(Binary, new byte[6], fin: false), Frame(Continuation, new byte[6])).Select(e => e.ToString())
            .ShouldBe(["Fragment Binary 6 more", "Closed 1009"]);
        server.TakeDescribed().ShouldBe(["Close 1009"]);
    }

    /// <summary>Fragmented compressed messages assemble across frames, like uncompressed ones (Autobahn 12.x with fragmentation).</summary>
    [TestMethod]
    public void CompressedFragments_Assembled()
    {
        var options = new WebSocketOptions { PerMessageDeflate = new PerMessageDeflateOptions { CompressionThreshold = 0 } };
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i * 7 % 26)));
        using var client = new SessionDriver(options, new PerMessageDeflateParameters(), Roadrunner.WebSockets.WebSocketRole.Client);
        for (int i = 0; i < 10; i++) client.Session.SendText(text.AsSpan(i * 500, 500), endOfMessage: i == 9);
        using var server = new SessionDriver(options, new PerMessageDeflateParameters());
        server.Feed(client.TakeBytes(), 333).Single().Text.ShouldBe(text);
    }
}
