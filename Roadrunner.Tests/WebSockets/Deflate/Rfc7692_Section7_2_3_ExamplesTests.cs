using System.IO.Compression;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Deflate;

/// <summary>RFC 7692 §7.2.3 examples, verbatim (server-to-client frames, read by a client), and the RSV1 rules of §6.</summary>
[TestClass]
public sealed class Rfc7692_Section7_2_3_ExamplesTests
{
    private static readonly WebSocketOptions CompressAll = new() { PerMessageDeflate = new PerMessageDeflateOptions { CompressionThreshold = 0 } };

    private static SessionDriver Client(PerMessageDeflateParameters? parameters = null) =>
        new(CompressAll, parameters ?? new PerMessageDeflateParameters(), WebSocketRole.Client);

    /// <summary>
    /// §7.2.3.1: "Suppose that an endpoint sends a text message "Hello". If the endpoint uses one compressed DEFLATE
    /// block (compressed with fixed Huffman code and the "BFINAL" bit not set) to compress the message, the
    /// endpoint obtains the compressed data to use for the message payload as follows. ... 0xc1 0x07 0xf2 0x48 0xcd
    /// 0xc9 0xc9 0x07 0x00". Our server produces exactly these bytes, and a client reads them back.
    /// </summary>
    [TestMethod]
    public void S7_2_3_1_Hello_CompressedExactly()
    {
        using var server = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        server.Session.SendText("Hello"u8);
        server.TakeBytes().ShouldBe(Hex("c1 07 f2 48 cd c9 c9 07 00"));

        using var client = Client();
        client.Feed(Hex("c1 07 f2 48 cd c9 c9 07 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §7.2.3.2: "Suppose that the endpoint sends the compressed message "Hello" twice. By using the LZ77 sliding
    /// window of the first message, the second message can be compressed to: 0xc1 0x05 0xf2 0x00 0x11 0x00 0x00".
    /// A client decodes both; our own second "Hello" also references the window and is shorter than the first.
    /// </summary>
    [TestMethod]
    public void S7_2_3_2_SharedSlidingWindow()
    {
        using var client = Client();
        client.Feed(Hex("c1 07 f2 48 cd c9 c9 07 00"), Hex("c1 05 f2 00 11 00 00")).Select(e => e.ToString())
            .ShouldBe(["Message Text Hello", "Message Text Hello"]);

        using var server = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        server.Session.SendText("Hello"u8);
        server.Session.SendText("Hello"u8);
        var frames = server.TakeFrames();
        frames[1].Rsv1.ShouldBeTrue();
        frames[1].Payload.Length.ShouldBeLessThan(frames[0].Payload.Length);
        using var reader = Client();
        reader.Feed(Concat([.. frames.Select(f => Frame(Text, f.Payload, rsv1: true, masked: false))]))
            .Select(e => e.ToString()).ShouldBe(["Message Text Hello", "Message Text Hello"]);
    }

    /// <summary>
    /// §7.2.3.3: "Suppose that an endpoint sends a text message "Hello" using a DEFLATE block with no compression:
    /// 0xc1 0x0b 0x00 0x05 0x00 0xfa 0xff 0x48 0x65 0x6c 0x6c 0x6f 0x00".
    /// </summary>
    [TestMethod]
    public void S7_2_3_3_NoCompressionBlock()
    {
        using var client = Client();
        client.Feed(Hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §7.2.3.4: "Suppose that an endpoint sends a text message "Hello" using a compressed DEFLATE block with the
    /// "BFINAL" bit set: 0xc1 0x08 0xf3 0x48 0xcd 0xc9 0xc9 0x07 0x00 0x00". The next message starts a new DEFLATE
    /// stream and is read too.
    /// </summary>
    [TestMethod]
    public void S7_2_3_4_BfinalBlock()
    {
        using var client = Client();
        client.Feed(Hex("c1 08 f3 48 cd c9 c9 07 00 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
        client.Feed(Hex("c1 07 f2 48 cd c9 c9 07 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
        client.Feed(Hex("c1 08 f3 48 cd c9 c9 07 00 00"), Hex("c1 08 f3 48 cd c9 c9 07 00 00"))
            .Select(e => e.ToString()).ShouldBe(["Message Text Hello", "Message Text Hello"]);
        client.TakeBytes().ShouldBeEmpty();
    }

    /// <summary>
    /// After a message ended with a final block, the next message is a new DEFLATE stream even when its first
    /// fragment is empty, and a final block in the middle of a message ends what is inflated of it.
    /// </summary>
    [TestMethod]
    public void S7_2_3_4_BfinalThenEmptyFirstFragment()
    {
        using var client = Client();
        client.Feed(Hex("c1 08 f3 48 cd c9 c9 07 00 00"), Hex("41 00"), Hex("80 07 f2 48 cd c9 c9 07 00"))
            .Select(e => e.ToString()).ShouldBe(["Message Text Hello", "Message Text Hello"]);
        client.Feed(Hex("41 07 f3 48 cd c9 c9 07 00"), Hex("80 03 f2 48 cd")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
        client.Feed(Hex("c1 07 f2 48 cd c9 c9 07 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §7.2.3.5 (two DEFLATE blocks in one message): "0xc1 0x0d 0xf2 0x48 0x05 0x00 0x00 0x00 0xff 0xff 0xca 0xc9
    /// 0xc9 0x07 0x00" — "Hel" compressed and flushed, then "lo".
    /// </summary>
    [TestMethod]
    public void S7_2_3_5_TwoDeflateBlocksInOneMessage()
    {
        using var client = Client();
        client.Feed(Hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §7.2.3.1 (fragmented): "the compressed data ... can be split into fragments: 0x41 0x03 0xf2 0x48 0xcd 0x80 0x04
    /// 0xc9 0xc9 0x07 0x00" — RSV1 on the first fragment only (§6.1).
    /// </summary>
    [TestMethod]
    public void S7_2_3_1_TwoFragmentCompressedMessage()
    {
        using var client = Client();
        client.Feed(Hex("41 03 f2 48 cd 80 04 c9 c9 07 00")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);

        using var fragments = new SessionDriver(CompressAll with { AssembleMessages = false }, new PerMessageDeflateParameters(), WebSocketRole.Client);
        fragments.Feed(Hex("41 03 f2 48 cd 80 04 c9 c9 07 00")).Select(e => e.ToString())
            .ShouldBe(["Fragment Text He more", "Fragment Text llo"]);
    }

    /// <summary>
    /// §7.2.3.6: "an empty fragment ... 0x00" — a compressed message whose payload is the single byte 0x00 (or is
    /// empty) inflates to an empty message.
    /// </summary>
    [TestMethod]
    public void S7_2_3_6_EmptyCompressedMessage()
    {
        using var client = Client();
        client.Feed(Hex("c1 01 00"), Hex("c1 00")).Select(e => e.ToString()).ShouldBe(["Message Text ", "Message Text "]);
    }

    /// <summary>Each example, masked the other way, is read by a server with the same result.</summary>
    [TestMethod]
    [DataRow("c1 f2 48 cd c9 c9 07 00")]
    [DataRow("c1 00 05 00 fa ff 48 65 6c 6c 6f 00")]
    [DataRow("c1 f3 48 cd c9 c9 07 00 00")]
    public void S7_2_3_ExamplesMasked_ReadByServer(string frame)
    {
        var bytes = Hex(frame);
        using var server = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        server.Feed(Frame(Text, bytes[1..], rsv1: true)).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>RFC 7692 §6.1: "An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames and non-first fragments of a data message."</summary>
    [TestMethod]
    public void S6_1_Rsv1OnControlOrContinuation_Closes1002()
    {
        using var server = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        server.Feed(Frame(Ping, "x"u8, rsv1: true));
        server.TakeDescribed().ShouldBe(["Close 1002"]);

        using var second = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        second.Feed(Frame(Text, Hex("f2 48"), fin: false, rsv1: true), Frame(Continuation, Hex("cd c9 c9 07 00"), rsv1: true));
        second.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>Without the extension negotiated, RSV1 is reserved (RFC 6455 §5.2): 1002.</summary>
    [TestMethod]
    public void S6_Rsv1WithoutNegotiation_Closes1002()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, Hex("f2 48 cd c9 c9 07 00"), rsv1: true));
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>A compressed message that is not DEFLATE data fails the connection with 1007.</summary>
    [TestMethod]
    public void S7_2_2_InvalidDeflateData_Closes1007()
    {
        using var server = new SessionDriver(CompressAll, new PerMessageDeflateParameters());
        server.Feed(Frame(Binary, Hex("ff ff ff ff 00 11"), rsv1: true)).Select(e => e.ToString()).ShouldBe(["Closed 1007"]);
        server.TakeDescribed().ShouldBe(["Close 1007"]);
    }

    /// <summary>
    /// RFC 6455 §10.4 and RFC 7692 §8.1 ("... a decompression bomb"): 8 MB of zeros compressed to a few KB, against a
    /// 1 MB message limit, is refused with 1009 once inflation passes the limit, and the inflated bytes held never
    /// pass it by more than one.
    /// </summary>
    [TestMethod]
    public void S8_DecompressionBomb_Closes1009()
    {
        var bomb = Compress(new byte[8_000_000]);
        bomb.Length.ShouldBeLessThan(20_000);
        using var server = new SessionDriver(CompressAll with { MaxMessageSize = 1_000_000 }, new PerMessageDeflateParameters());
        server.Feed(Frame(Binary, bomb, rsv1: true)).Select(e => e.ToString()).ShouldBe(["Closed 1009"]);
        server.TakeDescribed().ShouldBe(["Close 1009"]);
    }

    /// <summary>The decompressed size counts across fragments: a message whose fragments inflate past the limit is refused.</summary>
    [TestMethod]
    public void S8_DecompressedFragmentsOverLimit_Closes1009()
    {
        var data = Compress(new byte[3000]);
        int half = data.Length / 2;
        using var server = new SessionDriver(CompressAll with { MaxMessageSize = 2999 }, new PerMessageDeflateParameters());
        server.Feed(Frame(Binary, data[..half], fin: false, rsv1: true), Frame(Continuation, data[half..]));
        server.TakeDescribed().ShouldBe(["Close 1009"]);

        using var fits = new SessionDriver(CompressAll with { MaxMessageSize = 3000 }, new PerMessageDeflateParameters());
        fits.Feed(Frame(Binary, data[..half], fin: false, rsv1: true), Frame(Continuation, data[half..])).Single().Payload.Length.ShouldBe(3000);
    }

    /// <summary>Raw DEFLATE with the sync-flush tail removed, as a peer would send it.</summary>
    internal static byte[] Compress(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var deflate = new DeflateStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
            deflate.Flush();
        }
        var bytes = memory.ToArray();
        int end = bytes.AsSpan().LastIndexOf(Hex("00 00 ff ff"));
        return bytes[..end];
    }
}
