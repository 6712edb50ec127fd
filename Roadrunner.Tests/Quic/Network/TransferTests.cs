using System.Security.Cryptography;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Stream data end to end (RFC 9000 §2–§4) over a clean and an impaired in-memory network.</summary>
[TestClass]
public sealed class TransferTests
{
    private static void RunTransfer(InMemoryNetwork network, int size, long timeLimit)
    {
        NetworkTestHelpers.CompleteHandshake(network);
        var data = new byte[size];
        new Random(42).NextBytes(data);
        network.Client.TryOpenBidirectionalStream(out ulong streamId).ShouldBeTrue();
        var upload = new NetworkTestHelpers.Transfer(network.Client, streamId, data);
        NetworkTestHelpers.Transfer? download = null;
        bool done = network.RunUntil(
            () => upload.Finished && download is { Finished: true },
            timeLimit,
            () =>
            {
                var server = network.ServerConnection;
                upload.Step(server);
                if (download is null && server is not null && upload.Received > 0)
                {
                    download = new NetworkTestHelpers.Transfer(server, streamId, data);
                }

                download?.Step(network.Client);
            });
        done.ShouldBeTrue($"upload {upload.Received}, download {download?.Received}");
        upload.Hash.ShouldBe(SHA256.HashData(data));
        download!.Hash.ShouldBe(SHA256.HashData(data));
    }

    [TestMethod]
    public void Transfer_1MB_BothWays_Clean()
    {
        RunTransfer(new InMemoryNetwork(), 1 << 20, 60_000_000);
    }

    [TestMethod]
    public void Transfer_10MB_BothWays_With5PercentLossAndReordering_ArrivesIntact()
    {
        var network = new InMemoryNetwork(7, new Impairment { Loss = 0.05, Reorder = 0.05, Duplicate = 0.01 });
        RunTransfer(network, 10 << 20, 600_000_000);
    }
}
