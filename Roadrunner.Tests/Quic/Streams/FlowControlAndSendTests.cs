using System.Security.Cryptography;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Streams;
using Shouldly;

namespace Roadrunner.Tests.Quic.Streams;

/// <summary>RFC 9000 §4.1–§4.2 (credit as the application reads, blocked frames) and §13.3 (retransmission of stream data).</summary>
[TestClass]
public sealed class FlowControlAndSendTests
{
    private static byte[] Transfer(StreamManagerHarness sender, StreamManagerHarness receiver, ulong id, byte[] data, int lossEvery = 0)
    {
        int written = 0;
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int round = 0;
        bool fin = false;
        while (!fin)
        {
            if (written < data.Length)
            {
                written += sender.Manager.Write(id, data.AsSpan(written), fin: false);
                if (written == data.Length)
                {
                    sender.Manager.Write(id, [], fin: true);
                }
            }

            var payload = sender.Flush();
            if (lossEvery > 0 && ++round % lossEvery == 0)
            {
                sender.LoseAll();
            }
            else
            {
                receiver.Deliver(payload).IsNone.ShouldBeTrue();
                sender.AckAll();
            }

            int n;
            while ((n = receiver.Manager.Read(id, buffer, out bool f)) > 0 || f)
            {
                received.Write(buffer, 0, n);
                if (f)
                {
                    fin = true;
                    break;
                }
            }

            sender.Deliver(receiver.Flush()).IsNone.ShouldBeTrue();
            receiver.AckAll();
            round.ShouldBeLessThan(100_000);
        }

        return received.ToArray();
    }

    [TestMethod]
    public void S4_2_LargeTransferThroughSmallWindows_ArrivesIntact()
    {
        var limits = new QuicStreamLimits(MaxData: 8192, MaxStreamDataBidiLocal: 4096, MaxStreamDataBidiRemote: 4096, MaxStreamDataUni: 4096, MaxStreamsBidi: 4, MaxStreamsUni: 4);
        var client = new StreamManagerHarness(QuicRole.Client, limits, limits, sendBufferLimit: 16384);
        var server = new StreamManagerHarness(QuicRole.Server, limits, limits, sendBufferLimit: 16384);
        client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
        var data = RandomNumberGenerator.GetBytes(300_000);
        var received = Transfer(client, server, id, data);
        SHA256.HashData(received).ShouldBe(SHA256.HashData(data));
    }

    [TestMethod]
    public void S13_3_LostStreamData_IsSentAgain()
    {
        var client = new StreamManagerHarness(QuicRole.Client);
        var server = new StreamManagerHarness(QuicRole.Server);
        client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
        var data = RandomNumberGenerator.GetBytes(100_000);
        var received = Transfer(client, server, id, data, lossEvery: 3);
        received.ShouldBe(data);
    }

    [TestMethod]
    public void S4_1_BlockedByStreamLimit_SendsStreamDataBlockedOnce()
    {
        var peer = StreamManagerHarness.DefaultLimits with { MaxStreamDataBidiRemote = 1000 };
        var client = new StreamManagerHarness(QuicRole.Client, peer: peer);
        client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
        client.Manager.Write(id, new byte[5000], false).ShouldBe(5000);
        client.Flush(4000);
        client.LastSent.Where(f => f.Type == QuicFrameType.STREAM).Sum(f => f.Length).ShouldBe(1000);
        client.Flush();
        client.LastSent.ShouldContain(f => f.Type == QuicFrameType.STREAM_DATA_BLOCKED && f.Offset == 1000);
        client.Flush();
        client.LastSent.ShouldBeEmpty();
        client.Manager.OnMaxStreamData(id, 3000).IsNone.ShouldBeTrue();
        client.Flush(4000);
        client.LastSent.Where(f => f.Type == QuicFrameType.STREAM).Sum(f => f.Length).ShouldBe(2000);
    }

    [TestMethod]
    public void S4_1_BlockedByConnectionLimit_SendsDataBlocked()
    {
        var peer = StreamManagerHarness.DefaultLimits with { MaxData = 500 };
        var client = new StreamManagerHarness(QuicRole.Client, peer: peer);
        client.Manager.TryOpenStream(true, out ulong a).ShouldBeTrue();
        client.Manager.TryOpenStream(true, out ulong b).ShouldBeTrue();
        client.Manager.Write(a, new byte[400], false);
        client.Manager.Write(b, new byte[400], false);
        client.Flush(4000);
        client.LastSent.Where(f => f.Type == QuicFrameType.STREAM).Sum(f => f.Length).ShouldBe(500);
        client.LastSent.ShouldContain(f => f.Type == QuicFrameType.DATA_BLOCKED && f.Offset == 500);
    }

    [TestMethod]
    public void S4_2_ReadingHalfTheWindow_GrantsMaxStreamDataAndMaxData()
    {
        var local = new QuicStreamLimits(MaxData: 2000, MaxStreamDataBidiLocal: 1000, MaxStreamDataBidiRemote: 1000, MaxStreamDataUni: 1000, MaxStreamsBidi: 4, MaxStreamsUni: 4);
        var server = new StreamManagerHarness(QuicRole.Server, local: local);
        server.Manager.OnStreamFrame(0, 0, new byte[1000], false).IsNone.ShouldBeTrue();
        var buffer = new byte[400];
        server.Manager.Read(0, buffer, out _).ShouldBe(400);
        server.Flush();
        server.LastSent.ShouldBeEmpty();
        server.Manager.Read(0, buffer, out _).ShouldBe(400);
        server.Flush();
        server.LastSent.ShouldContain(f => f.Type == QuicFrameType.MAX_STREAM_DATA && f.Offset == 1800);
    }

    [TestMethod]
    public void SendBufferLimit_RefusesExcessAndSignalsWritable()
    {
        var client = new StreamManagerHarness(QuicRole.Client, sendBufferLimit: 1000);
        client.Manager.TryOpenStream(true, out ulong id).ShouldBeTrue();
        client.Manager.Write(id, new byte[1500], false).ShouldBe(1000);
        client.Flush(4000);
        client.AckAll();
        client.DrainEvents().ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StreamWritable, id));
        client.Manager.Write(id, new byte[500], true).ShouldBe(500);
    }

    [TestMethod]
    public void S13_3_LostFinAlone_IsSentAgain()
    {
        var send = new QuicSendBuffer();
        send.Append(new byte[10], 100);
        send.Finish();
        send.TryTakeNew(100, 100, out ulong offset, out int length, out bool fin).ShouldBeTrue();
        (offset, length, fin).ShouldBe((0UL, 10, true));
        send.OnAcknowledged(0, 5, false);
        send.OnLost(0, 10, true);
        send.TryTakeRetransmission(100, out offset, out length, out fin).ShouldBeTrue();
        (offset, length, fin).ShouldBe((5UL, 5, true));
        send.OnAcknowledged(5, 5, true);
        send.AllAcknowledged.ShouldBeTrue();
    }

    /// <summary>
    /// A FIN queued after every byte was acknowledged (the buffer has given its storage back) leaves as a STREAM frame
    /// with no data at the end offset; copying its zero bytes must not touch the released storage.
    /// </summary>
    [TestMethod]
    public void S3_1_FinAloneAfterAllDataAcknowledged_CopiesNothing()
    {
        var send = new QuicSendBuffer();
        send.Append(new byte[5000], 10_000).ShouldBe(5000);
        send.TryTakeNew(10_000, 10_000, out ulong offset, out int length, out bool fin).ShouldBeTrue();
        (offset, length, fin).ShouldBe((0UL, 5000, false));
        send.OnAcknowledged(0, 5000, false);

        send.Finish();
        send.TryTakeNew(10_000, 10_000, out offset, out length, out fin).ShouldBeTrue();
        (offset, length, fin).ShouldBe((5000UL, 0, true));
        send.CopyTo(offset, []);
        send.OnAcknowledged(5000, 0, true);

        send.AllAcknowledged.ShouldBeTrue();
    }
}
