using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Streams;
using Shouldly;

namespace Roadrunner.Tests.Quic.Streams;

/// <summary>RFC 9000 §2.1 (stream IDs), §3 (states), §4.6 (stream limits), §19.8 / §19.5 / §19.10 (direction rules).</summary>
[TestClass]
public sealed class StreamIdAndLimitTests
{
    [TestMethod]
    public void S2_1_StreamIdBits()
    {
        QuicStreamId.IsClientInitiated(0).ShouldBeTrue();
        QuicStreamId.IsClientInitiated(1).ShouldBeFalse();
        QuicStreamId.IsBidirectional(1).ShouldBeTrue();
        QuicStreamId.IsBidirectional(2).ShouldBeFalse();
        QuicStreamId.Create(3, QuicRole.Server, bidirectional: false).ShouldBe(15UL);
        QuicStreamId.CanSend(3, QuicRole.Client).ShouldBeFalse();
        QuicStreamId.CanReceive(3, QuicRole.Client).ShouldBeTrue();
    }

    [TestMethod]
    public void S19_8_StreamFrameForUnopenedLocalStream_IsStreamStateError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        var error = server.Manager.OnStreamFrame(1, 0, new byte[1], false);
        error.Code.ShouldBe(QuicTransportErrorCode.STREAM_STATE_ERROR);
        error.Reason.ShouldBe(QuicStreamErrors.StreamNotOpened);
    }

    [TestMethod]
    public void S19_8_StreamFrameOnOurSendOnlyStream_IsStreamStateError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.TryOpenStream(bidirectional: false, out ulong id).ShouldBeTrue();
        id.ShouldBe(3UL);
        server.Manager.OnStreamFrame(id, 0, new byte[1], false).Code.ShouldBe(QuicTransportErrorCode.STREAM_STATE_ERROR);
        server.Manager.OnResetStream(id, 0, 0).Code.ShouldBe(QuicTransportErrorCode.STREAM_STATE_ERROR);
    }

    [TestMethod]
    public void S19_10_MaxStreamDataOnPeerUnidirectionalStream_IsStreamStateError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnMaxStreamData(2, 100).Code.ShouldBe(QuicTransportErrorCode.STREAM_STATE_ERROR);
        server.Manager.OnStopSending(2, 0).Code.ShouldBe(QuicTransportErrorCode.STREAM_STATE_ERROR);
    }

    [TestMethod]
    public void S4_6_PeerStreamBeyondLimit_IsStreamLimitError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(12, 0, new byte[1], false).IsNone.ShouldBeTrue();
        var error = server.Manager.OnStreamFrame(16, 0, new byte[1], false);
        error.Code.ShouldBe(QuicTransportErrorCode.STREAM_LIMIT_ERROR);
        error.Reason.ShouldBe(QuicStreamErrors.StreamLimit);
    }

    [TestMethod]
    public void S3_2_OpeningAStreamOpensLowerNumberedOnes()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(8, 0, new byte[1], false).IsNone.ShouldBeTrue();
        var opened = server.DrainEvents().Where(e => e.Kind == QuicConnectionEventKind.StreamOpened).Select(e => e.StreamId);
        opened.ShouldBe([0UL, 4UL, 8UL]);
    }

    [TestMethod]
    public void S4_6_LocalOpenBeyondPeerLimit_FailsAndSendsStreamsBlockedOnce()
    {
        var client = new StreamManagerHarness(QuicRole.Client, peer: StreamManagerHarness.DefaultLimits with { MaxStreamsBidi = 1 });
        client.Manager.TryOpenStream(true, out ulong first).ShouldBeTrue();
        first.ShouldBe(0UL);
        client.Manager.TryOpenStream(true, out _).ShouldBeFalse();
        client.Manager.TryOpenStream(true, out _).ShouldBeFalse();
        client.Flush();
        client.LastSent.Count(f => f.Type == QuicFrameType.STREAMS_BLOCKED_BIDI).ShouldBe(1);
        client.Manager.OnMaxStreams(true, 2);
        client.Manager.TryOpenStream(true, out ulong second).ShouldBeTrue();
        second.ShouldBe(4UL);
    }

    [TestMethod]
    public void S4_6_ClosedPeerStreams_GrantMaxStreams()
    {
        var client = new StreamManagerHarness(QuicRole.Client);
        var server = new StreamManagerHarness(QuicRole.Server);
        for (int i = 0; i < 4; i++)
        {
            client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
            client.Manager.Write(id, [1, 2, 3], fin: true).ShouldBe(3);
        }

        client.Manager.TryOpenStream(true, out _).ShouldBeFalse();
        server.Deliver(client.Flush()).IsNone.ShouldBeTrue();
        client.AckAll();
        var buffer = new byte[16];
        for (ulong id = 0; id < 16; id += 4)
        {
            server.Manager.Read(id, buffer, out bool fin).ShouldBe(3);
            fin.ShouldBeTrue();
            server.Manager.Write(id, [], fin: true);
        }

        client.Deliver(server.Flush()).IsNone.ShouldBeTrue();
        server.AckAll();
        server.Manager.Count.ShouldBe(0);
        client.Deliver(server.Flush()).IsNone.ShouldBeTrue();
        server.LastSent.ShouldContain(f => f.Type == QuicFrameType.MAX_STREAMS_BIDI);
        client.Manager.TryOpenStream(true, out ulong next).ShouldBeTrue();
        next.ShouldBe(16UL);
    }

    [TestMethod]
    public void S3_5_StopSending_IsAnsweredWithResetStream()
    {
        var client = new StreamManagerHarness(QuicRole.Client);
        var server = new StreamManagerHarness(QuicRole.Server);
        client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
        client.Manager.Write(id, new byte[100], fin: false);
        server.Deliver(client.Flush()).IsNone.ShouldBeTrue();
        server.Manager.StopSending(id, 77);
        client.Deliver(server.Flush()).IsNone.ShouldBeTrue();
        client.DrainEvents().ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StopSendingReceived, id, 77));
        client.Flush();
        client.LastSent.ShouldContain(f => f.Type == QuicFrameType.RESET_STREAM && f.StreamId == id && f.Offset == 100);
        client.Manager.Write(id, [1], false).ShouldBe(0);
    }

    [TestMethod]
    public void S3_1_ResetStream_IsRetransmittedWhenLost_AndCompletesWhenAcknowledged()
    {
        var client = new StreamManagerHarness(QuicRole.Client);
        client.Manager.TryOpenStream(false, out ulong id).ShouldBeTrue();
        client.Manager.Write(id, new byte[10], false);
        client.Flush();
        client.AckAll();
        client.Manager.ResetStream(id, 5);
        client.Flush();
        client.LastSent.ShouldContain(f => f.Type == QuicFrameType.RESET_STREAM);
        client.LoseAll();
        client.Flush();
        client.LastSent.ShouldContain(f => f.Type == QuicFrameType.RESET_STREAM);
        client.AckAll();
        client.Manager.Find(id).ShouldBeNull();
    }
}
