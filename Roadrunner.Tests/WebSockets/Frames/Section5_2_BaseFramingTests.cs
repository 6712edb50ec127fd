using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Session;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Frames;

/// <summary>
/// RFC 6455 §5.2 base framing: payload lengths (Autobahn 1.x), reserved bits (3.x), reserved opcodes (4.x), and
/// §5.1 masking direction.
/// </summary>
[TestClass]
public sealed class Section5_2_BaseFramingTests
{
    private static readonly int[] Sizes = [0, 1, 125, 126, 127, 128, 65535, 65536];

    /// <summary>
    /// Autobahn 1.1.x / 1.2.x: text and binary messages of 0 to 65536 bytes are echoed, fed whole and chopped into
    /// 1-byte pieces; the echo uses the minimal length encoding (§5.2: "the minimal number of bytes MUST be used to
    /// encode the length").
    /// </summary>
    [TestMethod]
    public void S5_2_TextAndBinaryOfAllLengthClasses_EchoedExactly()
    {
        foreach (int size in Sizes)
        {
            foreach (int chunk in new[] { int.MaxValue, 1, 7 })
            {
                if (chunk == 1 && size > 1000) continue; // the 1-byte feed of 64 KiB runs in S5_2_64KiB_FedOneByteAtATime
                var text = new string('*', size);
                var binary = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();
                using var server = new SessionDriver { Echo = true };
                server.Feed(Concat(TextFrame(text), BinaryFrame(binary)), chunk).Count.ShouldBe(2);
                var echoed = server.TakeBytes();
                var expected = Concat(Frame(Text, System.Text.Encoding.UTF8.GetBytes(text), masked: false), Frame(Binary, binary, masked: false));
                echoed.ShouldEqualBytes(expected, $"size {size} chunk {chunk}");
            }
        }
    }

    /// <summary>Autobahn 1.1.6-style: a 64 KiB text frame fed one byte at a time arrives whole, once.</summary>
    [TestMethod]
    public void S5_2_64KiB_FedOneByteAtATime()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789abcdef", 4096));
        using var server = new SessionDriver();
        var events = server.Feed(TextFrame(text), 1);
        events.Count.ShouldBe(1);
        events[0].Text.ShouldBe(text);
    }

    /// <summary>
    /// §5.2: the minimal-encoding rule binds the sender; a receiver gains nothing by refusing a longer form, so a
    /// 5-byte payload announced with the 16-bit or 64-bit length is read.
    /// </summary>
    [TestMethod]
    [DataRow(2)]
    [DataRow(8)]
    public void S5_2_NonMinimalLength_IsAccepted(int lengthBytes)
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, "Hello"u8, lengthBytes: lengthBytes)).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §5.2: "If 127, the following 8 bytes interpreted as a 64-bit unsigned integer (the most significant bit MUST
    /// be 0) are the payload length." A set MSB fails the connection with 1002, and since nothing after it can be
    /// framed, the session is closed at once.
    /// </summary>
    [TestMethod]
    public void S5_2_64BitLengthWithMsbSet_Closes1002()
    {
        using var server = new SessionDriver();
        var events = server.Feed(Hex("82 FF 80 00 00 00 00 00 00 05 37 fa 21 3d"));
        server.TakeDescribed().ShouldBe(["Close 1002"]);
        events.Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.Session.State.ShouldBe(WebSocketState.Closed);
    }

    /// <summary>
    /// §5.2 RSV1, RSV2, RSV3: "MUST be 0 unless an extension is negotiated that defines meanings for non-zero
    /// values. If a nonzero value is received and none of the negotiated extensions defines the meaning of such a
    /// nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_." Autobahn 3.1–3.7: a valid
    /// message is echoed, the frame with reserved bits gets Close 1002, and a Ping after it gets no Pong.
    /// </summary>
    [TestMethod]
    [DataRow(Text, true, false, false, DisplayName = "3.1 text RSV1")]
    [DataRow(Text, false, true, false, DisplayName = "3.2 text RSV2")]
    [DataRow(Text, true, true, false, DisplayName = "3.3 text RSV1+RSV2")]
    [DataRow(Text, false, false, true, DisplayName = "3.4 text RSV3")]
    [DataRow(Binary, true, false, true, DisplayName = "3.5 binary RSV1+RSV3")]
    [DataRow(Ping, false, true, true, DisplayName = "3.6 ping RSV2+RSV3")]
    [DataRow(Close, true, true, true, DisplayName = "3.7 close RSV1+RSV2+RSV3")]
    public void S5_2_ReservedBitsWithoutExtension_Closes1002(int opcode, bool rsv1, bool rsv2, bool rsv3)
    {
        using var server = new SessionDriver { Echo = true };
        var payload = opcode == Close ? CloseBody(1000) : "Hello"u8.ToArray();
        server.Feed(Concat(TextFrame("Hello"), Frame(opcode, payload, rsv1: rsv1, rsv2: rsv2, rsv3: rsv3), Frame(Ping, "x"u8)));
        server.TakeDescribed().ShouldBe(["Text Hello", "Close 1002"]);
        server.Session.State.ShouldBe(WebSocketState.Closed);
    }

    /// <summary>Autobahn 3.x chopped: the same rule when the bad frame arrives one byte at a time.</summary>
    [TestMethod]
    public void S5_2_ReservedBitsFedByteByByte_Closes1002()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, "Hello"u8, rsv2: true), 1);
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>
    /// §5.2 Opcode: "%x3-7 are reserved for further non-control frames", "%xB-F are reserved for further control
    /// frames"; "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
    /// Autobahn 4.1.x / 4.2.x, with and without payload, after a valid message.
    /// </summary>
    [TestMethod]
    public void S5_2_ReservedOpcodes_Close1002()
    {
        foreach (int opcode in new[] { 3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF })
        {
            foreach (var payload in new[] { Array.Empty<byte>(), "reserved"u8.ToArray() })
            {
                using var server = new SessionDriver { Echo = true };
                server.Feed(Concat(TextFrame("Hello"), Frame(opcode, payload), Frame(Ping, ""u8)));
                server.TakeDescribed().ShouldBe(["Text Hello", "Close 1002"], $"opcode {opcode:X}");
            }
        }
    }

    /// <summary>
    /// §5.1: "The server MUST close the connection upon receiving a frame that is not masked. In this case, a server
    /// MAY send a Close frame with a status code of 1002 (protocol error)".
    /// </summary>
    [TestMethod]
    public void S5_1_UnmaskedClientFrame_Closes1002()
    {
        using var server = new SessionDriver();
        server.Feed(Frame(Text, "Hello"u8, masked: false)).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        server.TakeDescribed().ShouldBe(["Close 1002"]);
    }

    /// <summary>§5.1: "A client MUST close a connection if it detects a masked frame."</summary>
    [TestMethod]
    public void S5_1_MaskedServerFrame_ClientCloses1002()
    {
        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Feed(Frame(Text, "Hello"u8)).Select(e => e.ToString()).ShouldBe(["Closed 1002"]);
        var frames = client.TakeFrames();
        frames.Single().CloseCode.ShouldBe(1002);
        frames.Single().Masked.ShouldBeTrue(); // the client's own Close is masked
    }

    /// <summary>
    /// §10.4: "Implementations that have implementation- and/or platform-specific limitations regarding the frame
    /// size or total message size after reassembly from multiple frames MUST protect themselves against exceeding
    /// those limits." A frame over MaxFrameSize is refused with 1009 as soon as its header arrives.
    /// </summary>
    [TestMethod]
    public void S10_4_FrameOverMaxFrameSize_Closes1009OnHeader()
    {
        using var server = new SessionDriver(new WebSocketOptions { MaxFrameSize = 1000 });
        server.Feed(Frame(Binary, new byte[1001])[..8]); // header and a few payload bytes only
        server.TakeDescribed().ShouldBe(["Close 1009"]);
    }

    /// <summary>Server frames are unmasked (§5.1: "A server MUST NOT mask any frames that it sends to the client").</summary>
    [TestMethod]
    public void S5_1_ServerFrames_AreNotMasked()
    {
        using var server = new SessionDriver();
        server.Session.SendText("a"u8);
        server.Session.SendBinary(new byte[300]);
        server.Session.SendPing("p"u8);
        server.Session.SendPong(default);
        server.Session.SendClose(WebSocketCloseCode.NormalClosure, "bye", 0);
        server.TakeFrames().ShouldAllBe(f => !f.Masked);
    }

    /// <summary>§5.3: "The masking key needs to be unpredictable": two client frames get different keys.</summary>
    [TestMethod]
    public void S5_3_ClientFrames_AreMaskedWithFreshKeys()
    {
        using var client = new SessionDriver(role: WebSocketRole.Client);
        for (int i = 0; i < 8; i++) client.Session.SendText("same"u8);
        var bytes = client.TakeBytes();
        var frames = Parse(bytes);
        frames.ShouldAllBe(f => f.Masked && f.Text == "same");
        Enumerable.Range(0, 8).Select(i => Convert.ToHexString(bytes, i * 10 + 2, 4)).Distinct().Count().ShouldBeGreaterThan(1);
    }
}
