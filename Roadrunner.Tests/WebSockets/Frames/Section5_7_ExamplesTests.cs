using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Frames;

/// <summary>RFC 6455 §5.7 examples, byte for byte, in both directions.</summary>
[TestClass]
public sealed class Section5_7_ExamplesTests
{
    private const uint ExampleMaskKey = 0x3d21fa37; // 37 fa 21 3d read little-endian

    /// <summary>§5.7: "A single-frame unmasked text message: 0x81 0x05 0x48 0x65 0x6c 0x6c 0x6f (contains "Hello")".</summary>
    [TestMethod]
    public void S5_7_SingleFrameUnmaskedText_Hello()
    {
        using var server = new SessionDriver();
        server.Session.SendText("Hello"u8).ShouldBeTrue();
        server.TakeBytes().ShouldBe(Hex("81 05 48 65 6c 6c 6f"));

        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Feed(Hex("81 05 48 65 6c 6c 6f")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §5.7: "A single-frame masked text message: 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58 (contains
    /// "Hello")".
    /// </summary>
    [TestMethod]
    public void S5_7_SingleFrameMaskedText_Hello()
    {
        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Session.FixedMaskKey = ExampleMaskKey;
        client.Session.SendText("Hello"u8);
        client.TakeBytes().ShouldBe(Hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));

        using var server = new SessionDriver();
        server.Feed(Hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>
    /// §5.7: "A fragmented unmasked text message: 0x01 0x03 0x48 0x65 0x6c (contains "Hel") 0x80 0x02 0x6c 0x6f
    /// (contains "lo")".
    /// </summary>
    [TestMethod]
    public void S5_7_FragmentedUnmaskedText_HelLo()
    {
        using var server = new SessionDriver();
        server.Session.SendText("Hel"u8, endOfMessage: false);
        server.Session.SendText("lo"u8);
        server.TakeBytes().ShouldBe(Hex("01 03 48 65 6c 80 02 6c 6f"));

        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Feed(Hex("01 03 48 65 6c 80 02 6c 6f")).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);

        using var fragments = new SessionDriver(new WebSocketOptions { AssembleMessages = false }, role: WebSocketRole.Client);
        fragments.Feed(Hex("01 03 48 65 6c 80 02 6c 6f")).Select(e => e.ToString()).ShouldBe(["Fragment Text Hel more", "Fragment Text lo"]);
    }

    /// <summary>
    /// §5.7: "Unmasked Ping request and masked Ping response: 0x89 0x05 0x48 0x65 0x6c 0x6c 0x6f (contains a body of
    /// "Hello", but the contents of the body are arbitrary) 0x8a 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58
    /// (contains a body of "Hello", matching the body of the ping)".
    /// </summary>
    [TestMethod]
    public void S5_7_UnmaskedPing_MaskedPongResponse()
    {
        using var server = new SessionDriver();
        server.Session.SendPing("Hello"u8).ShouldBeTrue();
        server.TakeBytes().ShouldBe(Hex("89 05 48 65 6c 6c 6f"));

        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Session.FixedMaskKey = ExampleMaskKey;
        client.Feed(Hex("89 05 48 65 6c 6c 6f")).ShouldBeEmpty();
        client.TakeBytes().ShouldBe(Hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));

        server.Feed(Hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58")).ShouldBeEmpty(); // a Pong is not an event by default
    }

    /// <summary>§5.7: "256 bytes binary message in a single unmasked frame: 0x82 0x7E 0x0100 [256 bytes of binary data]".</summary>
    [TestMethod]
    public void S5_7_256ByteBinary_16BitLength()
    {
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var server = new SessionDriver();
        server.Session.SendBinary(data);
        server.TakeBytes().ShouldBe([.. Hex("82 7E 01 00"), .. data]);

        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Feed([.. Hex("82 7E 01 00"), .. data]).Single().Payload.ShouldBe(data);
    }

    /// <summary>
    /// §5.7: "64KiB binary message in a single unmasked frame: 0x82 0x7F 0x0000000000010000 [65536 bytes of binary
    /// data]".
    /// </summary>
    [TestMethod]
    public void S5_7_64KiBBinary_64BitLength()
    {
        var data = new byte[65536];
        new Random(5).NextBytes(data);
        using var server = new SessionDriver();
        server.Session.SendBinary(data);
        server.TakeBytes().ShouldEqualBytes([.. Hex("82 7F 00 00 00 00 00 01 00 00"), .. data]);

        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Feed([.. Hex("82 7F 00 00 00 00 00 01 00 00"), .. data]).Single().Payload.ShouldEqualBytes(data);
    }

    /// <summary>The masked forms of the binary examples, as a client sends them, are read back by a server.</summary>
    [TestMethod]
    [DataRow(256)]
    [DataRow(65536)]
    public void S5_7_MaskedBinary_ReadByServer(int size)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        using var client = new SessionDriver(role: WebSocketRole.Client);
        client.Session.FixedMaskKey = ExampleMaskKey;
        client.Session.SendBinary(data);
        var bytes = client.TakeBytes();
        bytes.ShouldEqualBytes(Frame(Binary, data));

        using var server = new SessionDriver();
        var e = server.Feed(bytes).Single();
        e.Payload.ShouldEqualBytes(data);
    }
}
