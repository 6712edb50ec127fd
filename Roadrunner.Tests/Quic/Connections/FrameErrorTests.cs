using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Streams;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Connections;

/// <summary>
/// Frame-level faults close the connection with their RFC 9000 code: a client plays a faulty peer by sending raw,
/// correctly protected frames, and the server's CONNECTION_CLOSE reaches the client with the code.
/// </summary>
[TestClass]
public sealed class FrameErrorTests
{
    private static QuicConnectionEvent ServerCloseFor(byte[] frames)
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        NetworkTestHelpers.Drain(network.Client);
        var server = network.ServerConnection!;
        network.Client.QueueRawFrames(frames);
        network.RunUntil(() => network.Client.State != QuicConnectionState.Established, 2_000_000).ShouldBeTrue();
        server.State.ShouldBe(QuicConnectionState.Closing);
        return NetworkTestHelpers.Drain(network.Client).Single(e => e.Kind == QuicConnectionEventKind.ConnectionClosed);
    }

    private static byte[] Frame(QuicFrameWriterCall write)
    {
        var buffer = new byte[256];
        write(buffer, out int n).ShouldBeTrue();
        return buffer[..n];
    }

    private delegate bool QuicFrameWriterCall(Span<byte> destination, out int written);

    [TestMethod]
    public void S19_20_HandshakeDoneFromClient_IsProtocolViolation()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteHandshakeDone(d, out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.PROTOCOL_VIOLATION);
        close.Reason.ShouldBe(QuicConnectionErrors.HandshakeDoneFromClient);
        close.IsApplication.ShouldBeFalse();
    }

    [TestMethod]
    public void S19_7_NewTokenFromClient_IsProtocolViolation()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteNewToken(d, [1, 2, 3], out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.PROTOCOL_VIOLATION);
    }

    [TestMethod]
    public void S19_8_StreamFrameOnUnopenedServerStream_IsStreamStateError()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteStream(d, 1, 0, [1], false, out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.STREAM_STATE_ERROR);
    }

    [TestMethod]
    public void S4_6_StreamBeyondLimit_IsStreamLimitError()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteStream(d, 4 * 1000, 0, [1], false, out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.STREAM_LIMIT_ERROR);
        close.Reason.ShouldBe(QuicStreamErrors.StreamLimit);
    }

    [TestMethod]
    public void S4_1_StreamDataBeyondWindow_IsFlowControlError()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteStream(d, 0, 1 << 20, [1], false, out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.FLOW_CONTROL_ERROR);
    }

    [TestMethod]
    public void S19_16_RetireOfNeverIssuedSequence_IsProtocolViolation()
    {
        var close = ServerCloseFor(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteRetireConnectionId(d, 50, out n)));
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.PROTOCOL_VIOLATION);
        close.Reason.ShouldBe(QuicConnectionErrors.RetireUnknownSequence);
    }

    [TestMethod]
    public void S5_1_1_TooManyConnectionIds_IsConnectionIdLimitError()
    {
        var frames = new List<byte>();
        for (ulong sequence = 100; sequence < 110; sequence++)
        {
            var id = new byte[8];
            id[0] = (byte)sequence;
            frames.AddRange(Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteNewConnectionId(d, sequence, 0, id, new byte[16], out n)));
        }

        var close = ServerCloseFor([.. frames]);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.CONNECTION_ID_LIMIT_ERROR);
    }

    [TestMethod]
    public void S12_4_UnknownFrameType_IsFrameEncodingError()
    {
        var close = ServerCloseFor([0x40, 0x21]);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.FRAME_ENCODING_ERROR);
    }

    [TestMethod]
    public void S19_8_FinalSizeChange_IsFinalSizeError()
    {
        var first = Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteStream(d, 0, 0, [1, 2, 3], true, out n));
        var second = Frame((Span<byte> d, out int n) => QuicFrameWriter.TryWriteStream(d, 0, 0, [1, 2], true, out n));
        var close = ServerCloseFor([.. first, .. second]);
        close.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.FINAL_SIZE_ERROR);
    }
}
