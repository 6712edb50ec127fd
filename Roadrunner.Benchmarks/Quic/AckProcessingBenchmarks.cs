using BenchmarkDotNet.Attributes;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;

namespace Roadrunner.Benchmarks.Quic;

/// <summary>
/// Acknowledgment in steady state, both sides of RFC 9002 / RFC 9000 §13.2. <see cref="SendAndAcknowledge"/>: 64
/// pooled 1-RTT packets recorded by <see cref="QuicLossRecovery.OnPacketSent"/>, then one ACK frame's range covering
/// them processed by <see cref="QuicLossRecovery.OnAckReceived(QuicPacketNumberSpace, ReadOnlySpan{QuicAckRange}, long, long, List{QuicSentPacket}, List{QuicSentPacket})"/>.
/// <see cref="ReceiveAndWriteAck"/>: 64 packets recorded by a <see cref="QuicAckTracker"/>, one with a gap, and the
/// ACK frame written. Both should allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class AckProcessingBenchmarks
{
    private const int Packets = 64;
    private const int Size = 1200;

    private readonly QuicSentPacket[] _pool = new QuicSentPacket[Packets];
    private readonly List<QuicSentPacket> _acknowledged = new(Packets);
    private readonly List<QuicSentPacket> _lost = new(Packets);
    private readonly QuicAckRange[] _ranges = new QuicAckRange[1];
    private readonly byte[] _frame = new byte[256];
    private QuicLossRecovery _recovery = null!;
    private QuicAckTracker _tracker = null!;
    private ulong _nextSent;
    private ulong _nextReceived;
    private long _now;

    /// <summary>Creates the pool, the recovery state and the tracker, with the handshake confirmed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Packets; i++) _pool[i] = new QuicSentPacket();
        _recovery = new QuicLossRecovery(new QuicRecoveryOptions { Pacing = true }) { HandshakeConfirmed = true, IsApplicationLimited = true };
        _tracker = new QuicAckTracker(QuicPacketNumberSpace.ApplicationData);
        _now = 1_000_000;
    }

    /// <summary>64 packets sent, one ACK of all of them received.</summary>
    [Benchmark]
    public int SendAndAcknowledge()
    {
        ulong first = _nextSent;
        for (int i = 0; i < Packets; i++)
        {
            var packet = _pool[i];
            packet.Reset();
            packet.PacketNumber = _nextSent++;
            packet.Space = QuicPacketNumberSpace.ApplicationData;
            packet.Size = Size;
            packet.AckEliciting = true;
            packet.InFlight = true;
            _recovery.OnPacketSent(packet, _now);
            _now += 10;
        }

        _now += 20_000;
        _ranges[0] = new QuicAckRange(first, _nextSent - 1);
        _acknowledged.Clear();
        _lost.Clear();
        _recovery.OnAckReceived(QuicPacketNumberSpace.ApplicationData, _ranges, 1_000, _now, _acknowledged, _lost);
        return _acknowledged.Count;
    }

    /// <summary>64 packets received (the 32nd missing until last), one ACK frame written.</summary>
    [Benchmark]
    public int ReceiveAndWriteAck()
    {
        ulong first = _nextReceived;
        for (int i = 0; i < Packets; i++)
        {
            ulong pn = first + (ulong)(i == Packets - 1 ? 31 : i < 31 ? i : i + 1);
            _tracker.OnPacketReceived(pn, ackEliciting: true, _now);
            _now += 10;
        }

        _nextReceived = first + Packets;
        _tracker.TryWriteAck(_frame, _now, out int written);
        _tracker.OnAckOfAckReceived(_nextReceived - 1);
        return written;
    }
}
