using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Streams;
using Shouldly;

namespace Roadrunner.Tests.Quic.Streams;

/// <summary>RFC 9000 §2.2 (ordered delivery), §4.1 (stream flow control) and §4.5 (final size) on the receive side.</summary>
[TestClass]
public sealed class ReassemblyAndFinalSizeTests
{
    // Client-initiated bidirectional stream 0, seen by the server.
    private const ulong Stream0 = 0;

    private static byte[] Data(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static byte[] ReadAll(StreamManagerHarness server, ulong id, out bool fin)
    {
        var buffer = new byte[1 << 20];
        int total = 0;
        fin = false;
        while (true)
        {
            int n = server.Manager.Read(id, buffer.AsSpan(total), out bool f);
            total += n;
            fin |= f;
            if (n == 0)
            {
                break;
            }
        }

        return buffer[..total];
    }

    [TestMethod]
    public void S2_2_OutOfOrderOverlappingAndDuplicateRanges_AreDeliveredInOrderOnce()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        var data = Data(10_000);
        var random = new Random(7);
        var pieces = new List<(int Offset, int Length)>();
        for (int offset = 0; offset < data.Length;)
        {
            int length = Math.Min(random.Next(1, 700), data.Length - offset);
            pieces.Add((offset, length));
            offset += length;
        }

        // Overlapping extras and duplicates, then shuffle.
        pieces.Add((100, 2000));
        pieces.Add((5000, 3000));
        pieces.AddRange(pieces.Take(10).ToList());
        var shuffled = pieces.OrderBy(_ => random.Next()).ToList();
        foreach (var (offset, length) in shuffled)
        {
            bool fin = offset + length == data.Length;
            server.Manager.OnStreamFrame(Stream0, (ulong)offset, data.AsSpan(offset, length), fin).IsNone.ShouldBeTrue();
        }

        var read = ReadAll(server, Stream0, out bool sawFin);
        read.ShouldBe(data);
        sawFin.ShouldBeTrue();
        server.DrainEvents().ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StreamOpened, Stream0));
    }

    [TestMethod]
    public void S4_1_DataBeyondStreamLimit_IsFlowControlError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        var error = server.Manager.OnStreamFrame(Stream0, (1 << 16) - 1, new byte[2], false);
        error.Code.ShouldBe(QuicTransportErrorCode.FLOW_CONTROL_ERROR);
        error.Reason.ShouldBe(QuicStreamErrors.StreamFlowControl);
    }

    [TestMethod]
    public void S4_1_DataExactlyAtStreamLimit_IsAccepted()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, (1 << 16) - 2, new byte[2], false).IsNone.ShouldBeTrue();
    }

    [TestMethod]
    public void S4_1_DataBeyondConnectionLimit_IsFlowControlError()
    {
        var limits = StreamManagerHarness.DefaultLimits with { MaxData = 1000 };
        var server = new StreamManagerHarness(QuicRole.Server, local: limits);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[600], false).IsNone.ShouldBeTrue();
        var error = server.Manager.OnStreamFrame(4, 0, new byte[401], false);
        error.Code.ShouldBe(QuicTransportErrorCode.FLOW_CONTROL_ERROR);
        error.Reason.ShouldBe(QuicStreamErrors.ConnectionFlowControl);
    }

    [TestMethod]
    public void S4_5_DataBeyondFinalSize_IsFinalSizeError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[10], true).IsNone.ShouldBeTrue();
        var error = server.Manager.OnStreamFrame(Stream0, 10, new byte[1], false);
        error.Code.ShouldBe(QuicTransportErrorCode.FINAL_SIZE_ERROR);
    }

    [TestMethod]
    public void S4_5_ChangedFinalSize_IsFinalSizeError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[10], true).IsNone.ShouldBeTrue();
        server.Manager.OnStreamFrame(Stream0, 0, new byte[8], true).Code.ShouldBe(QuicTransportErrorCode.FINAL_SIZE_ERROR);
    }

    [TestMethod]
    public void S4_5_FinalSizeBelowReceivedData_IsFinalSizeError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, 100, new byte[10], false).IsNone.ShouldBeTrue();
        var error = server.Manager.OnStreamFrame(Stream0, 0, new byte[50], true);
        error.Code.ShouldBe(QuicTransportErrorCode.FINAL_SIZE_ERROR);
        error.Reason.ShouldBe(QuicStreamErrors.FinalSizeBelowReceived);
    }

    [TestMethod]
    public void S4_5_ResetStreamWithDifferentFinalSize_IsFinalSizeError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[10], true).IsNone.ShouldBeTrue();
        var error = server.Manager.OnResetStream(Stream0, 7, 11);
        error.Code.ShouldBe(QuicTransportErrorCode.FINAL_SIZE_ERROR);
        error.FrameType.ShouldBe(0x04UL);
    }

    [TestMethod]
    public void S4_5_ResetStreamBelowReceivedData_IsFinalSizeError()
    {
        var server = new StreamManagerHarness(QuicRole.Server);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[10], false).IsNone.ShouldBeTrue();
        server.Manager.OnResetStream(Stream0, 7, 5).Code.ShouldBe(QuicTransportErrorCode.FINAL_SIZE_ERROR);
    }

    [TestMethod]
    public void S19_4_ResetStream_RaisesStreamResetAndReleasesConnectionCredit()
    {
        var limits = StreamManagerHarness.DefaultLimits with { MaxData = 1000 };
        var server = new StreamManagerHarness(QuicRole.Server, local: limits);
        server.Manager.OnStreamFrame(Stream0, 0, new byte[100], false).IsNone.ShouldBeTrue();
        server.Manager.OnResetStream(Stream0, 42, 900).IsNone.ShouldBeTrue();
        server.DrainEvents().ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StreamReset, Stream0, 42));

        // The reset's 900 bytes count as consumed, so MAX_DATA grows past them.
        server.Manager.MaxData.ShouldBe(1900UL);
        server.Flush();
        server.LastSent.ShouldContain(f => f.Type == Roadrunner.Quic.Frames.QuicFrameType.MAX_DATA && f.Offset == 1900);
    }

    [TestMethod]
    public void S2_2_ReceiveBufferReleasesMemoryOnceRead()
    {
        var buffer = new QuicReceiveBuffer();
        buffer.Insert(10, new byte[5]);
        buffer.Readable.ShouldBe(0UL);
        buffer.Insert(0, Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());
        buffer.Readable.ShouldBe(15UL);
        var output = new byte[15];
        buffer.Read(output).ShouldBe(15);
        output[..10].ShouldBe(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());
        buffer.FragmentCount.ShouldBe(0);
    }
}
