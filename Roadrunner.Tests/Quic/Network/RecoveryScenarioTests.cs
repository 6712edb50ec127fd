using System.Security.Cryptography;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Each loss recovery path of RFC 9002 end to end: packet threshold (§6.1.1), time threshold (§6.1.2), PTO (§6.2), persistent congestion (§7.6), and lost handshake packets.</summary>
[TestClass]
public sealed class RecoveryScenarioTests
{
    /// <summary>Sends <paramref name="size"/> bytes client → server, dropping client 1-RTT datagrams whose index (counted from the first after the handshake) <paramref name="drop"/> selects.</summary>
    private static (InMemoryNetwork Network, long Elapsed) SendWithDrops(int size, Func<int, bool> drop, long timeLimit = 20_000_000)
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        network.RunUntil(() => false, 200_000);
        int index = 0;
        network.Filter = (toServer, bytes) => toServer && (bytes[0] & 0x80) == 0 && drop(index++);
        var data = RandomNumberGenerator.GetBytes(size);
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        var transfer = new NetworkTestHelpers.Transfer(network.Client, id, data);
        long start = network.Now;
        network.RunUntil(() => transfer.Finished, timeLimit, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        transfer.Hash.ShouldBe(SHA256.HashData(data));
        return (network, network.Now - start);
    }

    [TestMethod]
    public void RFC9002_S6_1_1_PacketThreshold_RecoversAMiddleLossWithoutTimeout()
    {
        // Datagram 2 of ~20 is lost; three later ones are acknowledged, so it is declared lost at once.
        var (network, elapsed) = SendWithDrops(20_000, i => i == 2);
        elapsed.ShouldBeLessThan(network.Client.Recovery.Rtt.SmoothedRtt * 10);
    }

    [TestMethod]
    public void RFC9002_S6_1_2_TimeThreshold_RecoversALossWithFewerThanThreeLaterPackets()
    {
        // Three datagrams: the second is lost; only one later packet is acknowledged, so time decides.
        SendWithDrops(3000, i => i == 1);
    }

    [TestMethod]
    public void RFC9002_S6_2_Pto_RecoversATailLoss()
    {
        // The only datagram with data (and FIN) is lost: nothing later can reveal it; the PTO probe does.
        SendWithDrops(500, i => i == 0);
    }

    [TestMethod]
    public void RFC9002_S6_2_RepeatedTailLoss_BacksOffAndStillRecovers()
    {
        SendWithDrops(500, i => i < 3);
    }

    [TestMethod]
    public void RFC9002_S7_6_Blackout_CollapsesTheWindowAndTransferCompletes()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var data = RandomNumberGenerator.GetBytes(2 << 20);
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        var transfer = new NetworkTestHelpers.Transfer(network.Client, id, data);
        network.RunUntil(() => transfer.Received > 200_000, 20_000_000, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        long windowBefore = network.Client.Recovery.CongestionWindow;
        network.Blackout = true;
        long smallest = long.MaxValue;
        network.RunUntil(() => false, 3_000_000, () =>
        {
            transfer.Step(network.ServerConnection);
        });
        network.Blackout = false;
        network.RunUntil(
            () => transfer.Finished,
            60_000_000,
            () =>
            {
                smallest = Math.Min(smallest, network.Client.Recovery.CongestionWindow);

                transfer.Step(network.ServerConnection);
            }).ShouldBeTrue();
        transfer.Hash.ShouldBe(SHA256.HashData(data));
        smallest.ShouldBeLessThan(windowBefore);
    }

    [TestMethod]
    public void RFC9002_S6_2_LostClientHandshakeFlight_IsRetransmitted()
    {
        var network = new InMemoryNetwork();
        int dropped = 0;

        // Drop the client's first datagram that carries a Handshake packet (its Finished).
        network.Filter = (toServer, bytes) => toServer && ContainsHandshake(bytes) && dropped++ == 0;
        NetworkTestHelpers.CompleteHandshake(network);
        dropped.ShouldBeGreaterThan(1);
    }

    [TestMethod]
    public void RFC9002_S6_2_LostClientInitial_IsRetransmitted()
    {
        var network = new InMemoryNetwork();
        int sent = 0;
        network.Filter = (toServer, _) => toServer && sent++ == 0;
        NetworkTestHelpers.CompleteHandshake(network);
        sent.ShouldBeGreaterThan(1);
    }

    private static bool ContainsHandshake(byte[] datagram)
    {
        int offset = 0;
        while (offset < datagram.Length)
        {
            if (!Roadrunner.Quic.Packets.QuicPacketParser.TryParse(datagram, offset, 8, out var header).IsNone)
            {
                return false;
            }

            if (header.Type == Roadrunner.Quic.Packets.QuicPacketType.Handshake)
            {
                return true;
            }

            offset = header.PacketEnd;
        }

        return false;
    }
}
