using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Key update mid-transfer (RFC 9001 §6) and connection migration with path validation (RFC 9000 §8.2, §9).</summary>
[TestClass]
public sealed class KeyUpdateAndMigrationTests
{
    private static NetworkTestHelpers.Transfer Start(InMemoryNetwork network, int size, out byte[] data)
    {
        NetworkTestHelpers.CompleteHandshake(network);
        data = RandomNumberGenerator.GetBytes(size);
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        return new NetworkTestHelpers.Transfer(network.Client, id, data);
    }

    [TestMethod]
    public void RFC9001_S6_KeyUpdateMidTransfer_BothSidesSwitchAndDataArrivesIntact()
    {
        var network = new InMemoryNetwork(3, new Impairment { Reorder = 0.1 });
        var transfer = Start(network, 1 << 20, out var data);
        network.RunUntil(() => transfer.Received > 300_000, 20_000_000, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        network.Client.InitiateKeyUpdate().ShouldBeTrue();
        network.Client.KeyPhase.ShouldBeTrue();
        network.Client.InitiateKeyUpdate().ShouldBeFalse();
        network.RunUntil(() => transfer.Finished, 30_000_000, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        transfer.Hash.ShouldBe(SHA256.HashData(data));
        network.ServerConnection!.KeyUpdateCount.ShouldBe(1);
        network.ServerConnection.KeyPhase.ShouldBeTrue();
        network.Client.KeyUpdateCount.ShouldBe(1);
    }

    [TestMethod]
    public void RFC9001_S6_6_ConfidentialityLimit_TriggersKeyUpdatesAutomatically()
    {
        var options = new QuicConnectionOptions { KeyUpdateInterval = 200 };
        var network = new InMemoryNetwork(clientOptions: options);
        var transfer = Start(network, 2 << 20, out var data);
        network.RunUntil(() => transfer.Finished, 60_000_000, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        transfer.Hash.ShouldBe(SHA256.HashData(data));
        network.ServerConnection!.KeyUpdateCount.ShouldBeGreaterThan(2);
    }

    [TestMethod]
    public void RFC9001_S6_KeyUpdateBeforeConfirmation_IsRefused()
    {
        var network = new InMemoryNetwork();
        network.Client.InitiateKeyUpdate().ShouldBeFalse();
    }

    [TestMethod]
    public void S9_NatRebinding_ServerValidatesNewPathAndMovesThere()
    {
        var network = new InMemoryNetwork();
        var transfer = Start(network, 1 << 20, out var data);
        network.RunUntil(() => transfer.Received > 200_000, 20_000_000, () => transfer.Step(network.ServerConnection)).ShouldBeTrue();
        var server = network.ServerConnection!;
        var moved = new IPEndPoint(IPAddress.Parse("127.0.0.3"), 50001);
        network.ClientApparentAddress = moved;
        bool sawValidation = false;
        network.RunUntil(
            () => transfer.Finished,
            30_000_000,
            () =>
            {
                sawValidation |= server.IsValidatingPath;
                transfer.Step(server);
            }).ShouldBeTrue();
        transfer.Hash.ShouldBe(SHA256.HashData(data));
        server.RemoteAddress.ShouldBe(moved);
        sawValidation.ShouldBeTrue();
        server.IsValidatingPath.ShouldBeFalse();
    }

    [TestMethod]
    public void S5_1_ServerIssuesConnectionIds_AndRoutesThemAll()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        network.RunUntil(() => false, 500_000);
        network.ServerConnection!.LocalConnectionIds.Count().ShouldBeGreaterThan(1);
        network.Client.LocalConnectionIds.Count().ShouldBeGreaterThan(1);
    }
}
