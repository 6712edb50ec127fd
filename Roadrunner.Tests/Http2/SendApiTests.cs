using System.Text;
using Roadrunner.Hpack;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2;

/// <summary>The application side of the connection: what it may send, what is misuse, and how output leaves.</summary>
[TestClass]
public sealed class SendApiTests
{
    /// <summary>An invalid field throws before anything is encoded, so the HPACK encoder stays in step with the peer's decoder.</summary>
    [TestMethod]
    public void InvalidField_ThrowsWithoutDesynchronizingHpack()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.OpenStream(3);
        Should.Throw<ArgumentException>(() => server.Connection.SendHeaders(1, 200, [new("x-ok", "1"), new("bad name", "x")], endStream: true));
        Should.Throw<ArgumentException>(() => server.Connection.SendHeaders(1, 200, [new("x-ok", "1"), new("x-bad", "a\r\nb")], endStream: true));
        Should.Throw<ArgumentException>(() => server.Connection.SendHeaders(1, 200, [new(":status", "200")], endStream: true));
        server.ReadFrames().ShouldBeEmpty();

        server.Connection.SendHeaders(1, 200, [new("x-cache", "hit")], endStream: true);
        server.Connection.SendHeaders(3, 404, [new("x-cache", "hit")], endStream: true);
        var decoder = new HpackDecoder();
        var blocks = server.ReadFrames().Select(f => Decode(decoder, f.Payload)).ToList();
        blocks[0].ShouldBe([(":status", "200"), ("x-cache", "hit")]);
        blocks[1].ShouldBe([(":status", "404"), ("x-cache", "hit")]);
    }

    /// <summary>RFC 9113 §8.2: names are lowercased, connection-specific fields dropped (§8.2.2), values trimmed (§8.2.1), bytes accepted as given.</summary>
    [TestMethod]
    public void Fields_AreNormalizedForHttp2()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Connection.SendHeaders(1, 200,
            [new("Content-Type", " text/plain "), new("Connection", "keep-alive"), new("Transfer-Encoding", "chunked"), new("x-raw"u8.ToArray(), "\u00e9t\u00e9"u8.ToArray()), new("set-cookie", "id=1", neverIndex: true)],
            endStream: true);
        var fields = Decode(new HpackDecoder(), server.ReadFrames().Single().Payload);
        fields.ShouldBe([(":status", "200"), ("content-type", "text/plain"), ("x-raw", Encoding.Latin1.GetString("\u00e9t\u00e9"u8)), ("set-cookie", "id=1")]);
    }

    /// <summary>Sends before the headers, after the end, or on an idle stream are misuse; sends on a reset stream are dropped.</summary>
    [TestMethod]
    public void SendStateMachine_IsEnforced()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        Should.Throw<InvalidOperationException>(() => server.Connection.SendData(1, "x"u8, endStream: false));
        Should.Throw<InvalidOperationException>(() => server.Connection.SendTrailers(1, []));
        Should.Throw<InvalidOperationException>(() => server.Connection.SendHeaders(5, 200, [], endStream: true));
        Should.Throw<InvalidOperationException>(() => server.Connection.SendRequest("GET", "http", "a", "/", [], endStream: true));
        server.Connection.SendHeaders(1, 200, [], endStream: true);
        Should.Throw<InvalidOperationException>(() => server.Connection.SendData(1, "x"u8, endStream: true));

        server.OpenStream(3, endStream: false);
        server.Send(new FrameBuilder().RstStream(3, 8));
        server.Connection.SendHeaders(3, 200, [], endStream: false);
        server.Connection.SendData(3, "dropped"u8, endStream: true).ShouldBe(7);
        server.ReadFrames().ShouldHaveSingleItem().StreamId.ShouldBe(1);
    }

    /// <summary>A transport may send from the pending output in place and report what went out.</summary>
    [TestMethod]
    public void PendingOutput_CanBeSentInPieces()
    {
        using var server = new ServerHarness();
        server.Connection.SendPing(1);
        server.Connection.SendPing(2);
        server.Connection.PendingOutputLength.ShouldBe(34);
        var first = server.Connection.PendingOutput[..20].ToArray();
        server.Connection.AdvanceOutput(20);
        var rest = server.Connection.PendingOutput.ToArray();
        server.Connection.AdvanceOutput(rest.Length);
        server.Connection.HasPendingOutput.ShouldBeFalse();
        ReceivedFrame.ParseAll([.. first, .. rest]).Select(f => f.PingData).ShouldBe([1UL, 2UL]);
    }

    /// <summary>A reset stream's content that was delivered but not consumed goes back to the connection window; later consumes are ignored.</summary>
    [TestMethod]
    public void ResetStream_GrantsUnconsumedContentBack()
    {
        using var server = new ServerHarness(new Http2Options { WindowRefillThreshold = 0.1 });
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, new byte[10000], endStream: false));
        server.ReadFrames().ShouldBeEmpty();
        server.Send(new FrameBuilder().RstStream(1, 8));
        server.ReadFrames().ShouldHaveSingleItem().ToString().ShouldBe("WINDOW_UPDATE stream 0 +10000");
        server.Connection.ConsumeData(1, 10000);
        server.ReadFrames().ShouldBeEmpty();
    }

    /// <summary>The client role validates responses: a missing :status, or request pseudo-header fields, is a malformed response.</summary>
    [TestMethod]
    public void ClientRole_MalformedResponse_IsStreamProtocolError()
    {
        using var client = new Http2Connection(Http2Role.Client, new Http2Options { TimestampFrequency = 1000 }, 0);
        client.Receive(new FrameBuilder().Settings().ToArray(), 0);
        int id = client.SendRequest("GET", "https", "a", "/", [], endStream: true);
        int id2 = client.SendRequest("GET", "https", "a", "/", [], endStream: true);
        client.Receive(new FrameBuilder().Headers(id, HeaderBlock.Literal(("x-no-status", "1")), endStream: true).Headers(id2, HeaderBlock.Literal((":status", "200"), (":path", "/")), endStream: true).ToArray(), 0);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        client.WritePending(output);
        var resets = ReceivedFrame.ParseAll(output.WrittenSpan[24..]).Where(f => f.Type == Http2FrameType.RST_STREAM).ToList();
        resets.Select(f => (f.StreamId, f.ErrorCode)).ShouldBe([(id, Http2ErrorCode.PROTOCOL_ERROR), (id2, Http2ErrorCode.PROTOCOL_ERROR)]);
    }

    /// <summary>The client role takes any number of interim responses before the final one.</summary>
    [TestMethod]
    public void ClientRole_InterimResponses_PrecedeTheFinalOne()
    {
        using var pipe = new Http2Pipe();
        pipe.OnServerEvent = (server, e) =>
        {
            if (e.Kind != Http2EventKind.RequestHeadersReceived) return;
            server.SendHeaders(e.StreamId, 100, [], endStream: false);
            server.SendHeaders(e.StreamId, 103, [new("link", "</a.css>; rel=preload")], endStream: false);
            server.SendHeaders(e.StreamId, 204, [], endStream: true);
        };
        pipe.Pump();
        pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true);
        pipe.Pump();
        pipe.ClientEvents.Where(e => e.Kind == Http2EventKind.ResponseHeadersReceived).Select(e => (e.Headers!.Status, e.EndStream)).ShouldBe([(100, false), (103, false), (204, true)]);
    }

    private static List<(string, string)> Decode(HpackDecoder decoder, byte[] block)
    {
        var sink = new Collect();
        decoder.Decode(block, sink).IsNone.ShouldBeTrue();
        return sink.Fields;
    }

    private sealed class Collect : IHeaderSink
    {
        public List<(string, string)> Fields { get; } = [];

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) =>
            Fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
