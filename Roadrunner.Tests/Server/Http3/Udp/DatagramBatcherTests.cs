using System.Net;
using System.Net.Sockets;
using Roadrunner.Server.Http3.Udp;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.Udp;

/// <summary>
/// How <see cref="DatagramBatcher"/> cuts a run of datagrams into UDP GSO sends: segments of one size to one peer,
/// at most one shorter segment and only last, 64 segments and 65,507 bytes at most, and a permanent fall back to one
/// send per datagram when the kernel refuses segmentation.
/// </summary>
[TestClass]
public sealed class DatagramBatcherTests
{
    private static readonly SocketAddress A = new IPEndPoint(IPAddress.Loopback, 4001).Serialize();
    private static readonly SocketAddress B = new IPEndPoint(IPAddress.Loopback, 4002).Serialize();

    private static int _tag;

    /// <summary>Writes a datagram of <paramref name="length"/> bytes, each the datagram's tag, and commits it; returns the bytes.</summary>
    private static byte[] Put(DatagramBatcher batcher, int length, SocketAddress remote)
    {
        var tag = (byte)(Interlocked.Increment(ref _tag) % 251 + 1);
        var span = batcher.NextDatagram;
        span.Length.ShouldBeGreaterThanOrEqualTo(length);
        span[..length].Fill(tag);
        batcher.Commit(length, remote);
        return Enumerable.Repeat(tag, length).ToArray();
    }

    private static byte[] PutMany(DatagramBatcher batcher, int count, int length, SocketAddress remote) =>
        [.. Enumerable.Range(0, count).SelectMany(_ => Put(batcher, length, remote))];

    [TestMethod]
    public void Start_GsoAccepted_AnnouncesSegmentOf1200()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        batcher.Segmenting.ShouldBeTrue();
        sink.SegmentSizes.ShouldBe([1200]);
    }

    [TestMethod]
    public void AllFull_OneSendAtFlush_BytesInOrder()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var expected = PutMany(batcher, 10, 1200, A);
        sink.Sends.ShouldBeEmpty();
        batcher.Flush();

        sink.Sizes.ShouldBe([12000]);
        sink.Sends[0].Payload.ShouldBe(expected);
        sink.Sends[0].Remote.ShouldBeSameAs(A);
        sink.Sends[0].Segment.ShouldBe(1200);
        batcher.Sends.ShouldBe(1);
        batcher.Datagrams.ShouldBe(10);
    }

    [TestMethod]
    public void FullThenShortTail_TailGoesLastAndSendsAtOnce()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var expected = PutMany(batcher, 3, 1200, A).Concat(Put(batcher, 500, A)).ToArray();

        sink.Sizes.ShouldBe([4100]);
        sink.Sends[0].Payload.ShouldBe(expected);
        batcher.Flush();
        sink.Sizes.ShouldBe([4100]);
    }

    [TestMethod]
    public void LoneShortDatagram_OneSend_SegmentUnchanged()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        Put(batcher, 60, A);
        batcher.Flush();

        sink.Sizes.ShouldBe([60]);
        sink.SegmentSizes.ShouldBe([1200]);
    }

    [TestMethod]
    public void RemoteChange_EachPeerKeepsItsOwnBatch()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var first = PutMany(batcher, 2, 1200, A);
        var second = PutMany(batcher, 3, 1200, B);
        var third = Put(batcher, 1200, A);
        sink.Sends.ShouldBeEmpty();
        batcher.Flush();

        sink.Sizes.ShouldBe([3600, 3600]);
        sink.Sends.Select(s => s.Remote).ShouldBe([A, B]);
        sink.Sends[0].Payload.ShouldBe(first.Concat(third).ToArray());
        sink.Sends[1].Payload.ShouldBe(second);
    }

    /// <summary>The endpoint alternates between busy connections; each peer's datagrams still leave in one send, in order.</summary>
    [TestMethod]
    public void InterleavedPeers_OneBatchEach_OrderKept()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);
        var toA = new List<byte>();
        var toB = new List<byte>();

        for (var i = 0; i < 5; i++)
        {
            toA.AddRange(Put(batcher, 1200, A));
            toB.AddRange(Put(batcher, 1200, B));
        }

        batcher.Flush();

        sink.Sizes.ShouldBe([6000, 6000]);
        sink.Sends.Single(s => s.Remote == A).Payload.ShouldBe(toA.ToArray());
        sink.Sends.Single(s => s.Remote == B).Payload.ShouldBe(toB.ToArray());
    }

    /// <summary>After the current lane's batch leaves, a peer whose batch waits in another lane still joins that one.</summary>
    [TestMethod]
    public void PeerWaitingInAnotherLane_NeverGetsASecondLane()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var a1 = Put(batcher, 1200, A);
        var b = Put(batcher, 1200, B).Concat(Put(batcher, 300, B)).ToArray();
        var a2 = Put(batcher, 1200, A);
        batcher.Flush();

        sink.Sizes.ShouldBe([1500, 2400]);
        sink.Sends[0].Payload.ShouldBe(b);
        sink.Sends[1].Payload.ShouldBe(a1.Concat(a2).ToArray());
    }

    [TestMethod]
    public void MorePeersThanLanes_OneLaneSentToMakeRoom()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);
        var peers = Enumerable.Range(0, DatagramBatcher.Lanes + 1).Select(i => new IPEndPoint(IPAddress.Loopback, 5000 + i).Serialize()).ToArray();
        var sent = peers.ToDictionary(p => p, _ => new List<byte>());

        foreach (var peer in peers[..^1]) sent[peer].AddRange(Put(batcher, 1200, peer));
        sink.Sends.ShouldBeEmpty();
        sent[peers[^1]].AddRange(Put(batcher, 1200, peers[^1]));
        sink.Sends.Count.ShouldBe(1);
        foreach (var peer in peers) sent[peer].AddRange(Put(batcher, 1200, peer));
        batcher.Flush();

        foreach (var peer in peers)
        {
            sink.Sends.Where(s => s.Remote == peer).SelectMany(s => s.Payload).ToArray().ShouldBe(sent[peer].ToArray());
        }
    }

    [TestMethod]
    public void LongerThanSegment_SendsBatchAndSetsSegmentForEach()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var small = PutMany(batcher, 2, 1000, A);
        var big = Put(batcher, 1400, A);
        batcher.Flush();

        sink.Sizes.ShouldBe([2000, 1400]);
        sink.Sends[0].Payload.ShouldBe(small);
        sink.Sends[0].Segment.ShouldBe(1000);
        sink.Sends[1].Payload.ShouldBe(big);
        // A lone datagram longer than the segment needs the segment raised, or the kernel would cut it.
        sink.Sends[1].Segment.ShouldBeGreaterThanOrEqualTo(1400);
        sink.SegmentSizes.ShouldBe([1200, 1000, 1400]);
    }

    [TestMethod]
    public void SixtyFiveSegments_CapAt64()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        PutMany(batcher, 64, 1000, A);
        sink.Sizes.ShouldBe([64000]);
        PutMany(batcher, 6, 1000, A);
        batcher.Flush();

        sink.Sizes.ShouldBe([64000, 6000]);
    }

    [TestMethod]
    public void FullDatagrams_CapAtLargestUdpPayload()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var all = PutMany(batcher, 60, 1200, A);
        batcher.Flush();

        // 54 * 1200 = 64,800 fits in 65,507; 55 would not.
        sink.Sizes.ShouldBe([64800, 7200]);
        sink.Sends.SelectMany(s => s.Payload).ToArray().ShouldBe(all);
    }

    [TestMethod]
    public void GsoUnsupported_OneSendPerDatagram()
    {
        var sink = new RecordingSink(gsoSupported: false);
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        batcher.Segmenting.ShouldBeFalse();
        PutMany(batcher, 3, 1200, A);
        Put(batcher, 500, A);

        sink.Sizes.ShouldBe([1200, 1200, 1200, 500]);
        sink.Sends.ShouldAllBe(s => s.Segment == 0);
    }

    [TestMethod]
    public void SegmentationOff_NeverTouchesTheOption()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: false);

        PutMany(batcher, 2, 1200, A);

        batcher.Segmenting.ShouldBeFalse();
        sink.SegmentSizes.ShouldBeEmpty();
        sink.Sizes.ShouldBe([1200, 1200]);
    }

    /// <summary>EIO (no checksum offload: no <see cref="SocketError"/> of its own), EINVAL and EMSGSIZE turn batching off for good.</summary>
    [TestMethod]
    [DataRow(SocketError.SocketError)]
    [DataRow(SocketError.InvalidArgument)]
    [DataRow(SocketError.MessageSize)]
    public void BatchedSendFails_FallsBackForGood_BatchResentApart(SocketError error)
    {
        var sink = new RecordingSink { FailSegmented = error };
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var burst = PutMany(batcher, 3, 1200, A).Concat(Put(batcher, 300, A)).ToArray();

        batcher.Segmenting.ShouldBeFalse();
        sink.SegmentSizes.ShouldBe([1200, 0]);
        sink.Sizes.ShouldBe([1200, 1200, 1200, 300]);
        sink.Sends.SelectMany(s => s.Payload).ToArray().ShouldBe(burst);

        PutMany(batcher, 2, 1200, B);
        sink.Sizes.ShouldBe([1200, 1200, 1200, 300, 1200, 1200]);
    }

    [TestMethod]
    public void FallBackWithSeveralLanes_EveryWaitingDatagramStillSent()
    {
        var sink = new RecordingSink();
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        var toA = PutMany(batcher, 2, 1200, A);
        var toB = Put(batcher, 1200, B);
        sink.FailSegmented = SocketError.SocketError;
        toB = [.. toB, .. Put(batcher, 700, B)];
        var late = Put(batcher, 1200, A);

        batcher.Segmenting.ShouldBeFalse();
        sink.Sizes.Order().ShouldBe([700, 1200, 1200, 1200, 1200]);
        sink.Sends.Where(s => s.Remote == A).SelectMany(s => s.Payload).ToArray().ShouldBe(toA.Concat(late).ToArray());
        sink.Sends.Where(s => s.Remote == B).SelectMany(s => s.Payload).ToArray().ShouldBe(toB);
    }

    [TestMethod]
    public void PassingFailure_DropsBatch_KeepsBatching()
    {
        var sink = new RecordingSink { FailNext = SocketError.NoBufferSpaceAvailable };
        var batcher = new DatagramBatcher(sink, 1500, segmentation: true);

        PutMany(batcher, 3, 1200, A);
        batcher.Flush();
        PutMany(batcher, 3, 1200, A);
        batcher.Flush();

        batcher.Segmenting.ShouldBeTrue();
        sink.Sizes.ShouldBe([3600]);
    }

    [TestMethod]
    public void SteadyState_AllocatesNothing()
    {
        var batcher = new DatagramBatcher(new CountingSink(), 1500, segmentation: true);
        for (var i = 0; i < 100; i++) Run(batcher);

        Allocations.Fewest(() =>
        {
            for (var i = 0; i < 1000; i++) Run(batcher);
        }).ShouldBe(0);

        static void Run(DatagramBatcher batcher)
        {
            for (var k = 0; k < 20; k++) batcher.Commit(1200, k < 10 ? A : B);
            batcher.Commit(90, B);
            batcher.Flush();
        }
    }

    private sealed class CountingSink : IDatagramSink
    {
        public int Count { get; private set; }

        public void Send(ReadOnlySpan<byte> payload, SocketAddress remote) => Count++;

        public bool TrySetSegmentSize(int size) => true;
    }
}
