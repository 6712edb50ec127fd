using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>RFC 9000 §7 / RFC 9001 §4: the handshake between our client and our server endpoint over the in-memory network.</summary>
[TestClass]
public sealed class HandshakeTests
{
    [TestMethod]
    public void Handshake_Clean_CompletesAndConfirmsBothSides()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        network.Client.ApplicationProtocol.ShouldBe("h3");
        network.ServerConnection!.ApplicationProtocol.ShouldBe("h3");
        network.ServerConnection.IsHandshakeConfirmed.ShouldBeTrue();
        NetworkTestHelpers.Drain(network.Client).ShouldContain(e => e.Kind == QuicConnectionEventKind.HandshakeCompleted);
        NetworkTestHelpers.Drain(network.ServerConnection).ShouldContain(e => e.Kind == QuicConnectionEventKind.HandshakeCompleted);
        network.Server.TryReadEvent(out var accepted).ShouldBeTrue();
        accepted.Kind.ShouldBe(QuicServerEndpointEventKind.ConnectionAccepted);
    }

    [TestMethod]
    public void S14_1_ClientInitialDatagrams_ArePaddedTo1200()
    {
        var network = new InMemoryNetwork();
        var sizes = new List<int>();
        network.Filter = (toServer, bytes) =>
        {
            if (toServer && (bytes[0] & 0xb0) == 0x80)
            {
                sizes.Add(bytes.Length);
            }

            return false;
        };
        NetworkTestHelpers.CompleteHandshake(network);
        sizes.ShouldNotBeEmpty();
        sizes.ShouldAllBe(size => size >= 1200);
    }

    [TestMethod]
    public void Handshake_WithLossReorderingAndDuplication_Completes()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            var network = new InMemoryNetwork(seed, new Impairment { Loss = 0.2, Reorder = 0.2, Duplicate = 0.1 });
            NetworkTestHelpers.CompleteHandshake(network, timeLimit: 30_000_000);
        }
    }

    [TestMethod]
    public void RFC9002_S6_2_LostServerFlight_IsRetransmittedAfterPto()
    {
        var network = new InMemoryNetwork();
        int dropped = 0;

        // Drop the server's whole first flight (Initial + Handshake CRYPTO).
        network.Filter = (toServer, _) => !toServer && dropped++ < 2;
        NetworkTestHelpers.CompleteHandshake(network, timeLimit: 10_000_000);
        dropped.ShouldBeGreaterThan(2);
    }

    [TestMethod]
    public void S8_1_ServerBeforeValidation_SendsAtMostThreeTimesWhatItReceived()
    {
        var network = new InMemoryNetwork();
        long toServer = 0;
        long toClient = 0;

        // The client's later datagrams never arrive: the server has only the first Initial's 1200 bytes.
        network.Filter = (isToServer, bytes) =>
        {
            if (isToServer)
            {
                if (toServer > 0)
                {
                    return true;
                }

                toServer += bytes.Length;
            }
            else
            {
                toClient += bytes.Length;
            }

            return false;
        };
        network.RunUntil(() => false, timeLimit: 5_000_000);
        toServer.ShouldBeGreaterThanOrEqualTo(1200);
        toClient.ShouldBeLessThanOrEqualTo(3 * toServer);
        toClient.ShouldBeGreaterThan(0);
    }
}
