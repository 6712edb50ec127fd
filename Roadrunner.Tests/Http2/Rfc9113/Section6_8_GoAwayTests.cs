using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.8 (h2spec "6.8 GOAWAY" and "generic/3.8"), and the two-step graceful shutdown.</summary>
[TestClass]
public sealed class Section6_8_GoAwayTests
{
    /// <summary>RFC 9113 §6.8: "An endpoint MUST treat a GOAWAY frame with a stream identifier other than 0x00 as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 6.8/1)</summary>
    [TestMethod]
    public void S6_8_GoAwayOnStream_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.GOAWAY, 0, 1, new byte[8]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.GoAwayOnStream);
    }

    /// <summary>RFC 9113 §4.2: a GOAWAY shorter than its 8 mandatory octets is FRAME_SIZE_ERROR.</summary>
    [TestMethod]
    public void S6_8_GoAwayTooShort_IsConnectionFrameSizeError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Frame(FrameBuilder.GOAWAY, 0, 0, new byte[7]));
        server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.GoAwayLength);
    }

    /// <summary>RFC 9113 §6.8: the peer's GOAWAY is reported with its Last-Stream-ID, code and debug data; the connection still works (h2spec generic/3.8/1).</summary>
    [TestMethod]
    public void S6_8_GoAwayFromPeer_IsReported()
    {
        using var server = new ServerHarness();
        var e = server.Send(new FrameBuilder().GoAway(0, (uint)Http2ErrorCode.NO_ERROR, "bye"u8.ToArray())).ShouldHaveSingleItem();
        e.Kind.ShouldBe(Http2EventKind.GoAwayReceived);
        e.LastStreamId.ShouldBe(0);
        e.Text.ShouldBe("bye");
        server.Connection.PeerSentGoAway.ShouldBeTrue();
        server.ShouldBeAlive();
    }

    /// <summary>
    /// RFC 9113 §6.8: "A server that is attempting to gracefully shut down a connection SHOULD send an initial GOAWAY
    /// frame with the last stream identifier set to 2^31-1 and a NO_ERROR code. ... After allowing time for any
    /// in-flight stream creation (at least one round-trip time), the server MAY send another GOAWAY frame with an
    /// updated last stream identifier."
    /// </summary>
    [TestMethod]
    public void S6_8_GracefulShutdown_SendsTwoGoAways()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Connection.SendGoAway(server.Now);
        var frames = server.ReadFrames();
        frames.Select(f => f.Type).ShouldBe([Http2FrameType.GOAWAY, Http2FrameType.PING]);
        frames[0].LastStreamId.ShouldBe(int.MaxValue);
        frames[0].ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);

        // A stream created in flight is still served.
        server.OpenStream(3).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);

        server.Send(new FrameBuilder().Ping(frames[1].PingData, ack: true));
        var final = server.ReadFrames().ShouldHaveSingleItem();
        final.Type.ShouldBe(Http2FrameType.GOAWAY);
        final.LastStreamId.ShouldBe(3);
        final.ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);

        // RFC 9113 §6.8: streams above Last-Stream-ID may be ignored; the client retries them elsewhere.
        server.OpenStream(5).ShouldBeEmpty();
        server.Send(new FrameBuilder().Data(5, "x"u8.ToArray(), endStream: true)).ShouldBeEmpty();

        server.Connection.IsCompleted.ShouldBeFalse();
        server.Respond(3);
        server.Send(new FrameBuilder().Data(1, [], endStream: true));
        server.Respond(1);
        server.Connection.IsCompleted.ShouldBeTrue();
        server.Connection.IsClosed.ShouldBeFalse();
    }

    /// <summary>RFC 9113 §6.8: if the PING is not answered, the final GOAWAY goes out at the shutdown timeout.</summary>
    [TestMethod]
    public void S6_8_GracefulShutdown_FinalGoAwayAtTimeout()
    {
        using var server = new ServerHarness(new Http2Options { ShutdownPingTimeout = TimeSpan.FromSeconds(1) });
        server.OpenStream(1);
        server.Connection.SendGoAway(100);
        server.ReadFrames();
        server.Connection.NextDeadline.ShouldBe(1100);
        server.Connection.OnTimeout(1099);
        server.ReadFrames().ShouldBeEmpty();
        server.Connection.OnTimeout(1100);
        var final = server.ReadFrames().ShouldHaveSingleItem();
        final.LastStreamId.ShouldBe(1);
        server.Connection.NextDeadline.ShouldBe(long.MaxValue);
    }

    /// <summary>The client role closes its streams above the server's Last-Stream-ID: the server never processed them.</summary>
    [TestMethod]
    public void S6_8_ClientRole_StreamsAboveLastStreamId_AreRefused()
    {
        using var pipe = new Http2Pipe(serverOptions: new Http2Options { ShutdownPingTimeout = TimeSpan.FromSeconds(1) });
        pipe.Pump();
        int first = pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true);
        pipe.Pump();

        // The final GOAWAY (Last-Stream-ID 1) leaves the server while the client's second request is in flight.
        pipe.HoldServerOutput = true;
        pipe.Server.SendGoAway(pipe.Now);
        pipe.Advance(1000);
        int second = pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true);
        pipe.Pump();
        pipe.HoldServerOutput = false;
        pipe.Pump();
        Should.Throw<InvalidOperationException>(() => pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true));
        pipe.ServerEvents.Count(e => e.Kind == Http2EventKind.RequestHeadersReceived).ShouldBe(1);
        pipe.ClientEvents.ShouldContain(e => e.Kind == Http2EventKind.StreamReset && e.StreamId == second && e.ErrorCode == Http2ErrorCode.REFUSED_STREAM);
        pipe.Client.GetStreamState(first).ShouldBe(Http2StreamState.HalfClosedLocal);
    }

    /// <summary>The frame codec: GOAWAY round-trips.</summary>
    [TestMethod]
    public void S6_8_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2GoAwayFrame.Write(buffer, 7, Http2ErrorCode.ENHANCE_YOUR_CALM, "why"u8);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().GoAway(7, 0xb, "why"u8.ToArray()).ToArray());
        Http2GoAwayFrame.TryRead(Http2FrameHeader.Read(buffer.WrittenSpan), buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.LastStreamId.ShouldBe(7);
        frame.ErrorCode.ShouldBe(Http2ErrorCode.ENHANCE_YOUR_CALM);
    }
}
