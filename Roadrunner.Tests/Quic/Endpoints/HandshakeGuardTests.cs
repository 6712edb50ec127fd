using System.Net;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Endpoints;

/// <summary>
/// How the server endpoint keeps handshakes from spoofed addresses (RFC 9000 §8, §21.1.1.1) from locking clients out:
/// half-open connections have their own cap and a deadline, Retry (§8.1.2) starts under load, and tokens sealed with a
/// shared key are honoured by every endpoint holding it.
/// </summary>
[TestClass]
public sealed class HandshakeGuardTests
{
    private static readonly IPEndPoint Spoofer = new(IPAddress.Parse("127.0.0.9"), 9999);

    private static QuicServerEndpointOptions Options() => new()
    {
        Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
        StaticKey = new byte[32],
    };

    private static void Spoof(QuicServerEndpoint endpoint, byte[][] initials, long now)
    {
        for (int i = 0; i < initials.Length; i++)
        {
            endpoint.Receive((byte[])initials[i].Clone(), new QuicReceiveInfo(new IPEndPoint(Spoofer.Address, Spoofer.Port + i)), now);
        }
    }

    private static int DrainSends(QuicServerEndpoint endpoint, long now)
    {
        var buffer = new byte[1500];
        int count = 0;
        while (endpoint.Send(buffer, now, out _) > 0) count++;
        return count;
    }

    /// <summary>RFC 9001 §5.2: anyone can derive Initial keys, but an Initial whose payload does not open opens no connection.</summary>
    [TestMethod]
    public void InitialThatDoesNotDecrypt_OpensNoConnection()
    {
        using var endpoint = new QuicServerEndpoint(Options());
        var initial = SpoofedInitials.Make(1, seed: 1)[0];
        initial[^20] ^= 0x01;

        endpoint.Receive(initial, new QuicReceiveInfo(Spoofer), 0);

        endpoint.Connections.ShouldBeEmpty();
        endpoint.HandshakeCount.ShouldBe(0);
        endpoint.RouteCount.ShouldBe(0);
        endpoint.TryReadEvent(out _).ShouldBeFalse();
        DrainSends(endpoint, 0).ShouldBe(0);
    }

    /// <summary>Retry never: Initials beyond MaxHandshakes are dropped and counted; no Retry is sent.</summary>
    [TestMethod]
    public void RetryNever_InitialsBeyondMaxHandshakes_AreDropped()
    {
        using var endpoint = new QuicServerEndpoint(Options() with { Retry = QuicRetryMode.Never, MaxHandshakes = 2 });

        Spoof(endpoint, SpoofedInitials.Make(3, seed: 2), 0);

        endpoint.Connections.Count.ShouldBe(2);
        endpoint.HandshakeCount.ShouldBe(2);
        endpoint.InitialsRefused.ShouldBe(1);
        endpoint.RetriesSent.ShouldBe(0);
    }

    /// <summary>
    /// A handshake not completed within HandshakeTimeout is dropped without a CONNECTION_CLOSE, reported removed, and its
    /// place is free for the next client; before the deadline the place is taken.
    /// </summary>
    [TestMethod]
    public void HandshakeTimeout_DropsHalfOpenSilently_AndFreesItsPlace()
    {
        using var endpoint = new QuicServerEndpoint(Options() with { Retry = QuicRetryMode.Never, MaxHandshakes = 1, HandshakeTimeout = 2_000_000 });
        var initials = SpoofedInitials.Make(2, seed: 3);
        endpoint.Receive((byte[])initials[0].Clone(), new QuicReceiveInfo(Spoofer), 0);
        endpoint.TryReadEvent(out var accepted).ShouldBeTrue();
        accepted.Kind.ShouldBe(QuicServerEndpointEventKind.ConnectionAccepted);
        DrainSends(endpoint, 0).ShouldBeGreaterThan(0);
        endpoint.NextDeadline.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(2_000_000);

        endpoint.Receive((byte[])initials[1].Clone(), new QuicReceiveInfo(Spoofer), 1_000_000);
        endpoint.Connections.Count.ShouldBe(1);
        endpoint.InitialsRefused.ShouldBe(1);

        endpoint.OnTimeout(2_000_000);

        endpoint.Connections.ShouldBeEmpty();
        endpoint.HandshakeCount.ShouldBe(0);
        endpoint.HandshakesTimedOut.ShouldBe(1);
        endpoint.RouteCount.ShouldBe(0);
        endpoint.TryReadEvent(out var removed).ShouldBeTrue();
        removed.Kind.ShouldBe(QuicServerEndpointEventKind.ConnectionRemoved);
        removed.Connection.ShouldBe(accepted.Connection);
        DrainSends(endpoint, 2_000_000).ShouldBe(0);

        endpoint.Receive((byte[])initials[1].Clone(), new QuicReceiveInfo(Spoofer), 2_000_001);
        endpoint.Connections.Count.ShouldBe(1);
        endpoint.HandshakeCount.ShouldBe(1);
    }

    /// <summary>
    /// Retry under load: below RetryThreshold handshakes, Initials open connections at once; from it on, a client without
    /// a token gets a Retry, comes back with the token and is admitted (the threshold does not apply to a proven
    /// address), and its handshake completes with the right original_destination_connection_id and
    /// retry_source_connection_id (RFC 9000 §7.3; our client checks both).
    /// </summary>
    [TestMethod]
    public void RetryUnderLoad_FromTheThreshold_ClientProvesItsAddressAndGetsIn()
    {
        using var endpoint = new QuicServerEndpoint(Options() with { RetryThreshold = 2, MaxHandshakes = 3 });
        var pump = new EndpointPump(endpoint);
        Spoof(endpoint, SpoofedInitials.Make(2, seed: 4), pump.Now);
        endpoint.HandshakeCount.ShouldBe(2);
        endpoint.RetriesSent.ShouldBe(0);

        var client = pump.AddClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 4444));
        pump.Run();

        endpoint.RetriesSent.ShouldBe(1);
        client.IsHandshakeComplete.ShouldBeTrue();
        client.IsClosed.ShouldBeFalse();
        endpoint.Connections.Count.ShouldBe(3);
        endpoint.HandshakeCount.ShouldBe(2);
        endpoint.Connections.Single(c => c.IsHandshakeComplete).IsAddressValidated.ShouldBeTrue();
    }

    /// <summary>Below the threshold, Retry under load sends none: the client's handshake takes no extra round trip.</summary>
    [TestMethod]
    public void RetryUnderLoad_BelowTheThreshold_NoRetry()
    {
        using var endpoint = new QuicServerEndpoint(Options());
        var pump = new EndpointPump(endpoint);
        var client = pump.AddClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 4444));
        pump.Run();

        client.IsHandshakeComplete.ShouldBeTrue();
        endpoint.RetriesSent.ShouldBe(0);
        endpoint.HandshakeCount.ShouldBe(0);
    }

    /// <summary>
    /// Established connections are capped apart: two handshakes may run at once under MaxConnections = 1, but the one
    /// that completes second is closed with CONNECTION_REFUSED (RFC 9000 §20.1).
    /// </summary>
    [TestMethod]
    public void MaxConnections_HandshakeCompletingOverTheCap_IsRefused()
    {
        using var endpoint = new QuicServerEndpoint(Options() with { MaxConnections = 1 });
        var pump = new EndpointPump(endpoint);
        var first = pump.AddClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 1111));
        var second = pump.AddClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 2222));
        pump.Run();

        var closes = new[] { first, second }.Select(NetworkTestHelpers.Drain).Select(events => events.Where(e => e.Kind == QuicConnectionEventKind.ConnectionClosed).ToList()).ToList();
        closes.Count(c => c.Count == 0).ShouldBe(1);
        var refused = closes.Single(c => c.Count == 1).Single();
        refused.ErrorCode.ShouldBe((ulong)QuicTransportErrorCode.CONNECTION_REFUSED);
        refused.IsApplication.ShouldBeFalse();
        endpoint.InitialsRefused.ShouldBe(1);
    }

    /// <summary>
    /// Two endpoints given the same token key (several instances behind one address, or one after a restart): a Retry
    /// token from one admits the client at the other. An endpoint with another key does not know it and sends a Retry.
    /// </summary>
    [TestMethod]
    public void SharedTokenKey_RetryTokenFromOneEndpoint_AdmitsAtAnother()
    {
        var tokenKey = Enumerable.Range(50, 32).Select(i => (byte)i).ToArray();
        using var issuer = new QuicServerEndpoint(Options() with { Retry = QuicRetryMode.Always, TokenKey = tokenKey, StaticKey = new byte[32] });
        using var sibling = new QuicServerEndpoint(Options() with { Retry = QuicRetryMode.Always, TokenKey = tokenKey, StaticKey = Enumerable.Repeat((byte)9, 32).ToArray() });
        using var stranger = new QuicServerEndpoint(Options() with { Retry = QuicRetryMode.Always });
        var address = new IPEndPoint(IPAddress.Parse("127.0.0.3"), 5555);
        using var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true }, null, InMemoryNetwork.ServerAddress, 0);
        var buffer = new byte[1500];

        int n = client.Send(buffer, 0, out _);
        issuer.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(address), 0);
        n = issuer.Send(buffer, 0, out _);
        client.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(InMemoryNetwork.ServerAddress), 0);
        n = client.Send(buffer, 0, out _);
        var second = buffer[..n];

        stranger.Receive((byte[])second.Clone(), new QuicReceiveInfo(address), 0);
        stranger.Connections.ShouldBeEmpty();
        stranger.RetriesSent.ShouldBe(1);

        sibling.Receive((byte[])second.Clone(), new QuicReceiveInfo(address), 0);
        sibling.Connections.Count.ShouldBe(1);
        sibling.RetriesSent.ShouldBe(0);
        sibling.Connections[0].IsAddressValidated.ShouldBeTrue();
    }

    /// <summary>A key of the wrong length is a programming error, refused when the endpoint is made.</summary>
    [TestMethod]
    public void KeysOfTheWrongLength_AreRefused()
    {
        Should.Throw<ArgumentException>(() => new QuicServerEndpoint(Options() with { TokenKey = new byte[31] }));
        Should.Throw<ArgumentException>(() => new QuicServerEndpoint(Options() with { StaticKey = new byte[33] }));
        Should.Throw<ArgumentOutOfRangeException>(() => new QuicServerEndpoint(Options() with { MaxHandshakes = 0 }));
    }

    /// <summary>Our clients and one endpoint over a lossless network with a fake clock, several clients at once.</summary>
    private sealed class EndpointPump(QuicServerEndpoint endpoint)
    {
        private readonly Dictionary<IPEndPoint, QuicConnection> _clients = [];
        private readonly byte[] _buffer = new byte[1500];

        public long Now { get; private set; } = 1_000_000;

        public QuicConnection AddClient(IPEndPoint address)
        {
            var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true }, null, InMemoryNetwork.ServerAddress, Now);
            _clients[address] = client;
            return client;
        }

        /// <summary>Moves datagrams both ways until none is left, at most 100 rounds of 1 ms.</summary>
        public void Run()
        {
            for (int round = 0; round < 100; round++)
            {
                bool moved = false;
                foreach (var (address, client) in _clients)
                {
                    int n;
                    while ((n = client.Send(_buffer, Now, out _)) > 0)
                    {
                        endpoint.Receive(_buffer.AsSpan(0, n), new QuicReceiveInfo(address, InMemoryNetwork.ServerAddress), Now);
                        moved = true;
                    }
                }

                int m;
                while ((m = endpoint.Send(_buffer, Now, out var info)) > 0)
                {
                    // Datagrams to the spoofed addresses go nowhere.
                    if (_clients.TryGetValue(info.Remote, out var client))
                    {
                        client.Receive(_buffer.AsSpan(0, m), new QuicReceiveInfo(InMemoryNetwork.ServerAddress), Now);
                    }

                    moved = true;
                }

                if (!moved) return;
                Now += 1000;
            }
        }
    }
}
