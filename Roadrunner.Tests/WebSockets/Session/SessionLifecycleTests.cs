using System.Buffers;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Session;
using Shouldly;
using static Roadrunner.Tests.WebSockets.Support.Wire;

namespace Roadrunner.Tests.WebSockets.Session;

/// <summary>The session's contract: construction, events, buffers, disposal, and a client and server joined by a pipe.</summary>
[TestClass]
public sealed class SessionLifecycleTests
{
    /// <summary>A fresh session is Open, needs no timer, and has no events.</summary>
    [TestMethod]
    public void NewSession_IsOpenWithoutDeadline()
    {
        using var session = new WebSocketSession(new ArrayBufferWriter<byte>());
        session.State.ShouldBe(WebSocketState.Open);
        session.NextDeadline.ShouldBe(long.MaxValue);
        session.Role.ShouldBe(WebSocketRole.Server);
        session.TryReadEvent(out var e).ShouldBeFalse();
        e.Type.ShouldBe(WebSocketEventType.None);
    }

    /// <summary>A partial frame yields nothing until it completes; the event then aliases the session's buffer.</summary>
    [TestMethod]
    public void PartialFrame_WaitsForTheRest()
    {
        var frame = TextFrame("Hello");
        using var server = new SessionDriver();
        server.Feed(frame[..1]).ShouldBeEmpty();
        server.Feed(frame[1..6]).ShouldBeEmpty();
        server.Feed(frame[6..]).Select(e => e.ToString()).ShouldBe(["Message Text Hello"]);
    }

    /// <summary>Several frames in one read produce their events one at a time.</summary>
    [TestMethod]
    public void ManyFramesInOneRead_EventsInOrder()
    {
        using var server = new SessionDriver();
        server.Feed(TextFrame("a"), BinaryFrame([1]), TextFrame("b")).Select(e => e.ToString())
            .ShouldBe(["Message Text a", "Message Binary 1", "Message Text b"]);
    }

    /// <summary>Misuse throws: a disposed session, bad options.</summary>
    [TestMethod]
    public void Misuse_Throws()
    {
        var session = new WebSocketSession(new ArrayBufferWriter<byte>());
        session.Dispose();
        session.Dispose();
        Should.Throw<ObjectDisposedException>(() => session.Receive([1], 0));
        Should.Throw<ObjectDisposedException>(() => session.TryReadEvent(out _));
        Should.Throw<ObjectDisposedException>(() => session.SendText("x"u8));
        Should.Throw<ArgumentOutOfRangeException>(() => new WebSocketSession(new ArrayBufferWriter<byte>(), new WebSocketOptions { MaxFrameSize = 10 }));
        Should.Throw<ArgumentOutOfRangeException>(() => new WebSocketSession(new ArrayBufferWriter<byte>(),
            new WebSocketOptions { PerMessageDeflate = new PerMessageDeflateOptions { CompressionThreshold = -1 } }));
        Should.Throw<ArgumentOutOfRangeException>(() => new PerMessageDeflateParameters { ServerMaxWindowBits = 7 });
    }

    /// <summary>Text given as characters is sent as UTF-8.</summary>
    [TestMethod]
    public void SendTextChars_EncodesUtf8()
    {
        using var server = new SessionDriver();
        server.Session.SendText("κόσμε".AsSpan());
        server.TakeFrames().Single().Text.ShouldBe("κόσμε");
    }

    /// <summary>
    /// A client and a server joined by an in-memory pipe, with random messages, random fragmentation, random read
    /// sizes and random compression: every message arrives intact, in order, both ways.
    /// </summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Pipe_RandomTraffic_ArrivesIntact(bool deflate)
    {
        var options = new WebSocketOptions { PerMessageDeflate = new PerMessageDeflateOptions { CompressionThreshold = 16 } };
        PerMessageDeflateParameters? agreed = deflate ? new PerMessageDeflateParameters { ClientNoContextTakeover = true } : null;
        using var server = new SessionDriver(options, agreed);
        using var client = new SessionDriver(options, agreed, WebSocketRole.Client);
        var random = new Random(deflate ? 1 : 2);
        for (int round = 0; round < 300; round++)
        {
            var (sender, receiver) = random.Next(2) == 0 ? (client, server) : (server, client);
            bool text = random.Next(2) == 0;
            var data = new byte[random.Next(0, 3000)];
            if (text) data.AsSpan().Fill((byte)('a' + round % 26));
            else random.NextBytes(data);
            int pieces = random.Next(1, 4);
            for (int p = 0; p < pieces; p++)
            {
                int from = data.Length * p / pieces, to = data.Length * (p + 1) / pieces;
                bool last = p == pieces - 1, compress = random.Next(3) > 0;
                if (text) sender.Session.SendText(data.AsSpan(from, to - from), last, compress).ShouldBeTrue();
                else sender.Session.SendBinary(data.AsSpan(from, to - from), last, compress).ShouldBeTrue();
                if (random.Next(4) == 0) sender.Session.SendPing([(byte)p]);
            }
            var events = receiver.Feed(sender.TakeBytes(), random.Next(1, 200));
            events.Count.ShouldBe(1);
            events[0].MessageType.ShouldBe(text ? WebSocketMessageType.Text : WebSocketMessageType.Binary);
            events[0].Payload.ShouldEqualBytes(data, $"round {round}");
            sender.Feed(receiver.TakeBytes()).ShouldBeEmpty(); // the pongs
        }
        server.Session.SendClose(WebSocketCloseCode.NormalClosure, "done", 0);
        client.Feed(server.TakeBytes()).Select(e => e.ToString()).ShouldBe(["CloseReceived 1000", "Closed 1000"]);
        server.Feed(client.TakeBytes()).Select(e => e.ToString()).ShouldBe(["CloseReceived 1000", "Closed 1000"]);
    }

    /// <summary>After a large frame the receive buffer goes back to the pool, and the session keeps working.</summary>
    [TestMethod]
    public void AfterLargeFrame_SessionKeepsWorking()
    {
        using var server = new SessionDriver { Echo = true };
        server.Feed(BinaryFrame(new byte[3_000_000]), 100_000).Single().Payload.Length.ShouldBe(3_000_000);
        server.TakeBytes();
        server.Feed(TextFrame("small")).Select(e => e.ToString()).ShouldBe(["Message Text small"]);
        server.TakeDescribed().ShouldBe(["Text small"]);
    }
}
