using System.Buffers;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Shouldly;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>
/// A server-role connection driven like h2spec drives a server: raw frames in, the frames it writes read back with
/// the frame reader and asserted to the exact type and code. Time is a fake clock in milliseconds.
/// </summary>
internal sealed class ServerHarness : IDisposable
{
    public const ulong AlivePing = 0x0102030405060708;

    public ServerHarness(Http2Options? options = null, bool handshake = true, params (ushort Id, uint Value)[] clientSettings)
    {
        Options = (options ?? new Http2Options()) with { TimestampFrequency = 1000 };
        Connection = new Http2Connection(Http2Role.Server, Options, Now);
        if (handshake) Handshake(clientSettings);
    }

    public Http2Options Options { get; }

    public Http2Connection Connection { get; }

    /// <summary>The fake clock, in milliseconds.</summary>
    public long Now { get; set; }

    /// <summary>Every event read so far.</summary>
    public List<EventRecord> Events { get; } = [];

    /// <summary>What the last <see cref="Send(byte[])"/> returned.</summary>
    public bool Open { get; private set; } = true;

    /// <summary>The frames the server wrote for the handshake: SETTINGS, SETTINGS ACK, and maybe WINDOW_UPDATE.</summary>
    public List<ReceivedFrame> HandshakeFrames { get; private set; } = [];

    /// <summary>Client preface and SETTINGS, then the server's SETTINGS acknowledged.</summary>
    public void Handshake(params (ushort Id, uint Value)[] clientSettings)
    {
        Send(new FrameBuilder().Preface().Settings(clientSettings));
        HandshakeFrames = ReadFrames();
        Send(new FrameBuilder().SettingsAck());
        ReadFrames().ShouldBeEmpty();
        Events.Clear();
    }

    public List<EventRecord> Send(FrameBuilder frames) => Send(frames.ToArray());

    /// <summary>Feeds bytes and returns the events they produced (also kept in <see cref="Events"/>).</summary>
    public List<EventRecord> Send(byte[] bytes)
    {
        Open = Connection.Receive(bytes, Now);
        return DrainEvents();
    }

    public List<EventRecord> DrainEvents()
    {
        var produced = new List<EventRecord>();
        while (Connection.TryReadEvent(out var e)) produced.Add(EventRecord.From(e));
        Events.AddRange(produced);
        return produced;
    }

    /// <summary>Opens stream <paramref name="streamId"/> with a GET and returns its events.</summary>
    public List<EventRecord> OpenStream(int streamId, bool endStream = true, byte[]? block = null) =>
        Send(new FrameBuilder().Headers(streamId, block ?? HeaderBlock.Request(), endStream));

    /// <summary>Answers with 200 and no content, ending the server's side.</summary>
    public void Respond(int streamId, bool endStream = true)
    {
        Connection.SendHeaders(streamId, 200, [], endStream);
        DrainEvents();
    }

    /// <summary>Writes the pending output and splits it into frames.</summary>
    public List<ReceivedFrame> ReadFrames()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Connection.WritePending(buffer);
        DrainEvents();
        return ReceivedFrame.ParseAll(buffer.WrittenSpan);
    }

    /// <summary>
    /// Asserts a connection error: the last frame written is GOAWAY with <paramref name="code"/>, a
    /// <see cref="Http2EventKind.ConnectionClosed"/> event carries the code, and later input is refused.
    /// </summary>
    public ReceivedFrame ShouldGoAway(Http2ErrorCode code, string? reason = null)
    {
        var frames = ReadFrames();
        frames.ShouldNotBeEmpty("no frame was written");
        var last = frames[^1];
        last.Type.ShouldBe(Http2FrameType.GOAWAY, $"frames: {string.Join(", ", frames)}");
        last.StreamId.ShouldBe(0);
        last.ErrorCode.ShouldBe(code, last.ToString());
        frames.Count(f => f.Type == Http2FrameType.GOAWAY).ShouldBe(1);
        Connection.IsClosed.ShouldBeTrue();
        Connection.IsCompleted.ShouldBeTrue();
        var closed = Events.Single(e => e.Kind == Http2EventKind.ConnectionClosed);
        closed.ErrorCode.ShouldBe(code);
        if (reason is not null) closed.Reason.ShouldBe(reason);
        Connection.Receive(new FrameBuilder().Ping(AlivePing).ToArray(), Now).ShouldBeFalse();
        Connection.HasPendingOutput.ShouldBeFalse();
        return last;
    }

    /// <summary>
    /// Asserts a stream error: a RST_STREAM with <paramref name="code"/> on <paramref name="streamId"/> is written,
    /// no GOAWAY, and the connection still answers a PING.
    /// </summary>
    public ReceivedFrame ShouldResetStream(int streamId, Http2ErrorCode code, string? reason = null)
    {
        var frames = ReadFrames();
        frames.ShouldNotContain(f => f.Type == Http2FrameType.GOAWAY, $"frames: {string.Join(", ", frames)}");
        var reset = frames.Where(f => f.Type == Http2FrameType.RST_STREAM).ShouldHaveSingleItem($"frames: {string.Join(", ", frames)}");
        reset.StreamId.ShouldBe(streamId);
        reset.ErrorCode.ShouldBe(code);
        Open.ShouldBeTrue();
        if (reason is not null) Events.ShouldContain(e => e.Kind == Http2EventKind.StreamError && e.StreamId == streamId && e.Reason == reason);
        ShouldBeAlive();
        return reset;
    }

    /// <summary>Asserts nothing was written, and the connection still answers a PING.</summary>
    public void ShouldWriteNothing()
    {
        var frames = ReadFrames();
        frames.ShouldBeEmpty($"frames: {string.Join(", ", frames)}");
        ShouldBeAlive();
    }

    /// <summary>Sends a PING and expects its acknowledgment, and nothing else.</summary>
    public void ShouldBeAlive()
    {
        Send(new FrameBuilder().Ping(AlivePing));
        Open.ShouldBeTrue();
        var frames = ReadFrames();
        var ack = frames.ShouldHaveSingleItem($"frames: {string.Join(", ", frames)}");
        ack.Type.ShouldBe(Http2FrameType.PING);
        ack.HasFlag(Http2FrameFlags.ACK).ShouldBeTrue();
        ack.PingData.ShouldBe(AlivePing);
    }

    public void Dispose() => Connection.Dispose();
}
