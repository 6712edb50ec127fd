using System.Net;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Endpoints;

/// <summary>What the server endpoint answers without a connection: Version Negotiation (RFC 9000 §6), Retry (§8.1.2), stateless reset (§10.3), and what it drops.</summary>
[TestClass]
public sealed class StatelessAnswerTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("127.0.0.2"), 40000);

    private static QuicServerEndpoint Endpoint(bool requireRetry = false) => new(new QuicServerEndpointOptions
    {
        Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
        Retry = requireRetry ? QuicRetryMode.Always : QuicRetryMode.Never,
        StaticKey = new byte[32],
    });

    private static byte[] LongHeader(uint version, int length, byte[] dcid, byte[] scid)
    {
        var datagram = new byte[length];
        datagram[0] = 0xc0;
        datagram[1] = (byte)(version >> 24);
        datagram[2] = (byte)(version >> 16);
        datagram[3] = (byte)(version >> 8);
        datagram[4] = (byte)version;
        datagram[5] = (byte)dcid.Length;
        dcid.CopyTo(datagram, 6);
        datagram[6 + dcid.Length] = (byte)scid.Length;
        scid.CopyTo(datagram, 7 + dcid.Length);
        return datagram;
    }

    private static byte[]? SendOne(QuicServerEndpoint endpoint)
    {
        var buffer = new byte[1500];
        int n = endpoint.Send(buffer, 0, out _);
        return n == 0 ? null : buffer[..n];
    }

    [TestMethod]
    public void S6_1_UnknownVersion_IsAnsweredWithVersionNegotiationListingVersion1()
    {
        using var endpoint = Endpoint();
        byte[] dcid = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] scid = [9, 9, 9];
        endpoint.Receive(LongHeader(0x1a2a3a4a, 1200, dcid, scid), new QuicReceiveInfo(Client), 0);
        var answer = SendOne(endpoint).ShouldNotBeNull();
        QuicPacketParser.TryParse(answer, 0, 8, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.VersionNegotiation);
        header.DestinationConnectionId.ToArray().ShouldBe(scid);
        header.SourceConnectionId.ToArray().ShouldBe(dcid);
        header.GetSupportedVersion(0).ShouldBe(QuicVersion.Version1);
        endpoint.Connections.ShouldBeEmpty();
    }

    [TestMethod]
    public void S6_1_SmallDatagramWithUnknownVersion_IsNotAnswered()
    {
        using var endpoint = Endpoint();
        endpoint.Receive(LongHeader(0x1a2a3a4a, 1000, new byte[8], new byte[8]), new QuicReceiveInfo(Client), 0);
        SendOne(endpoint).ShouldBeNull();
    }

    [TestMethod]
    public void S14_1_InitialInDatagramUnder1200Bytes_IsDropped()
    {
        using var endpoint = Endpoint();
        var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, new IPEndPoint(IPAddress.Loopback, 4433), 0);
        var buffer = new byte[1500];
        int n = client.Send(buffer, 0, out _);
        n.ShouldBeGreaterThanOrEqualTo(1200);
        endpoint.Receive(buffer.AsSpan(0, 1100), new QuicReceiveInfo(Client), 0);
        endpoint.Connections.ShouldBeEmpty();
    }

    [TestMethod]
    public void S10_3_UnknownShortHeaderPacket_GetsASmallerStatelessResetWithTheDerivedToken()
    {
        using var endpoint = Endpoint();
        var packet = new byte[100];
        packet[0] = 0x41;
        new Random(1).NextBytes(packet.AsSpan(1));
        endpoint.Receive(packet, new QuicReceiveInfo(Client), 0);
        var reset = SendOne(endpoint).ShouldNotBeNull();
        reset.Length.ShouldBeLessThan(packet.Length);
        reset.Length.ShouldBeGreaterThanOrEqualTo(21);
        (reset[0] & 0xc0).ShouldBe(0x40);
        reset[^16..].ShouldBe(QuicConnection.DeriveResetToken(new byte[32], packet.AsSpan(1, 8)));
    }

    [TestMethod]
    public void S10_3_3_ShortPacketOf21BytesOrFewer_GetsNoReset()
    {
        using var endpoint = Endpoint();
        var packet = new byte[21];
        packet[0] = 0x41;
        endpoint.Receive(packet, new QuicReceiveInfo(Client), 0);
        SendOne(endpoint).ShouldBeNull();
    }

    [TestMethod]
    public void S10_3_3_StatelessResets_AreRateLimited()
    {
        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
            MaxStatelessResetsPerSecond = 3,
        });
        var packet = new byte[60];
        packet[0] = 0x41;
        for (int i = 0; i < 10; i++)
        {
            endpoint.Receive(packet, new QuicReceiveInfo(Client), 1000);
        }

        int answers = 0;
        while (SendOne(endpoint) is not null)
        {
            answers++;
        }

        answers.ShouldBe(3);
    }

    [TestMethod]
    public void S8_1_2_RequireRetry_AnswersFirstInitialWithValidRetry()
    {
        using var endpoint = Endpoint(requireRetry: true);
        var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, new IPEndPoint(IPAddress.Loopback, 4433), 0);
        var buffer = new byte[1500];
        int n = client.Send(buffer, 0, out _);
        QuicPacketParser.TryParse(buffer.AsSpan(0, n), 0, 8, out var initial).IsNone.ShouldBeTrue();
        var originalDcid = initial.DestinationConnectionId.ToArray();
        endpoint.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(Client), 0);
        endpoint.Connections.ShouldBeEmpty();
        var retry = SendOne(endpoint).ShouldNotBeNull();
        QuicPacketParser.TryParse(retry, 0, 8, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.Retry);
        header.Token.IsEmpty.ShouldBeFalse();
        RetryIntegrity.Verify(originalDcid, retry).ShouldBeTrue();
    }

    [TestMethod]
    public void MaxHandshakes_DropsInitialsBeyondTheLimit()
    {
        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions
        {
            Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
            MaxHandshakes = 1,
            Retry = QuicRetryMode.Never,
        });
        var buffer = new byte[1500];
        for (int i = 0; i < 3; i++)
        {
            var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, new IPEndPoint(IPAddress.Loopback, 4433), 0);
            int n = client.Send(buffer, 0, out _);
            endpoint.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000 + i)), 0);
        }

        endpoint.Connections.Count.ShouldBe(1);
        endpoint.HandshakeCount.ShouldBe(1);
        endpoint.InitialsRefused.ShouldBe(2);
        endpoint.TryReadEvent(out var accepted).ShouldBeTrue();
        accepted.Kind.ShouldBe(QuicServerEndpointEventKind.ConnectionAccepted);
        endpoint.TryReadEvent(out _).ShouldBeFalse();
    }
}
