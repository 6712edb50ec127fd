using System.Net;
using Roadrunner.Quic;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;
using Roadrunner.Tests.Quic.Network;
using Shouldly;

namespace Roadrunner.Tests.Quic.Endpoints;

/// <summary>
/// Datagrams a hostile peer sends to the server endpoint: connection IDs longer than version 1 allows, Version
/// Negotiation packets sent to a server, truncated headers and garbage. Each is dropped or answered as RFC 8999 /
/// RFC 9000 say, and none throws.
/// </summary>
[TestClass]
public sealed class HostileDatagramTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("127.0.0.2"), 40000);

    private static QuicServerEndpoint Endpoint() => new(new QuicServerEndpointOptions
    {
        Tls = new QuicTlsServerOptions { Certificate = InMemoryNetwork.Certificate },
        StaticKey = new byte[32],
    });

    /// <summary>A long header: first byte, version, DCID, SCID, then zeros up to <paramref name="length"/>.</summary>
    private static byte[] LongHeader(uint version, int dcidLength, int scidLength = 0, int length = 0)
    {
        var datagram = new byte[Math.Max(length, 7 + dcidLength + scidLength)];
        datagram[0] = 0xc0;
        datagram[1] = (byte)(version >> 24);
        datagram[2] = (byte)(version >> 16);
        datagram[3] = (byte)(version >> 8);
        datagram[4] = (byte)version;
        datagram[5] = (byte)dcidLength;
        for (int i = 0; i < dcidLength; i++) datagram[6 + i] = (byte)(0xa0 + i);
        datagram[6 + dcidLength] = (byte)scidLength;
        for (int i = 0; i < scidLength; i++) datagram[7 + dcidLength + i] = (byte)(0x10 + i);
        return datagram;
    }

    private static byte[]? SendOne(QuicServerEndpoint endpoint)
    {
        var buffer = new byte[1500];
        int n = endpoint.Send(buffer, 0, out _);
        return n == 0 ? null : buffer[..n];
    }

    private static void ShouldBeDroppedSilently(QuicServerEndpoint endpoint, byte[] datagram)
    {
        endpoint.Receive(datagram, new QuicReceiveInfo(Client), 0);
        endpoint.Connections.ShouldBeEmpty();
        endpoint.TryReadEvent(out _).ShouldBeFalse();
        SendOne(endpoint).ShouldBeNull();
    }

    /// <summary>
    /// The 28-byte datagram that made the endpoint throw: a long header of version 0 (a Version Negotiation packet,
    /// RFC 8999 §6) whose Destination Connection ID is 21 bytes. RFC 9000 §6.1: a server never answers a Version
    /// Negotiation packet ("An endpoint MUST NOT send a Version Negotiation packet in response to receiving a Version
    /// Negotiation packet"), and it opens no connection for one.
    /// </summary>
    [TestMethod]
    public void S6_1_Version0WithA21ByteDcid_28Bytes_IsDroppedSilently()
    {
        using var endpoint = Endpoint();
        var datagram = LongHeader(QuicVersion.Negotiation, 21);
        datagram.Length.ShouldBe(28);

        ShouldBeDroppedSilently(endpoint, datagram);
    }

    /// <summary>RFC 8999 §5.1: a connection ID length is an 8-bit field; version 0 with the longest, 255 bytes.</summary>
    [TestMethod]
    public void S6_1_Version0WithA255ByteDcid_IsDroppedSilently()
    {
        using var endpoint = Endpoint();
        ShouldBeDroppedSilently(endpoint, LongHeader(QuicVersion.Negotiation, 255, 255));
        ShouldBeDroppedSilently(endpoint, LongHeader(QuicVersion.Negotiation, 255, 0, 1200));
    }

    /// <summary>
    /// RFC 9000 §17.2: "In QUIC version 1, this value MUST NOT exceed 20 bytes. Endpoints that receive a version 1 long
    /// header with a value larger than 20 MUST drop the packet."
    /// </summary>
    [TestMethod]
    [DataRow(21)]
    [DataRow(255)]
    public void S17_2_Version1WithADcidOver20Bytes_IsDropped(int dcidLength)
    {
        using var endpoint = Endpoint();
        ShouldBeDroppedSilently(endpoint, LongHeader(QuicVersion.Version1, dcidLength));
        ShouldBeDroppedSilently(endpoint, LongHeader(QuicVersion.Version1, dcidLength, 0, 1200));
    }

    /// <summary>RFC 9000 §17.2: a version 1 Source Connection ID over 20 bytes is dropped as well.</summary>
    [TestMethod]
    public void S17_2_Version1WithAScidOver20Bytes_IsDropped()
    {
        using var endpoint = Endpoint();
        ShouldBeDroppedSilently(endpoint, LongHeader(QuicVersion.Version1, 8, 21, 1200));
    }

    /// <summary>
    /// RFC 9000 §17.2: "servers SHOULD be able to read longer connection IDs from other QUIC versions in order to
    /// properly form a Version Negotiation packet"; RFC 8999 §6: the answer echoes both IDs, whatever their length.
    /// </summary>
    [TestMethod]
    [DataRow(21)]
    [DataRow(255)]
    public void S6_1_UnknownVersionWithALongDcid_VersionNegotiationEchoesIt(int dcidLength)
    {
        using var endpoint = Endpoint();
        var datagram = LongHeader(0x1a2a3a4a, dcidLength, 3, 1200);

        endpoint.Receive(datagram, new QuicReceiveInfo(Client), 0);

        var answer = SendOne(endpoint).ShouldNotBeNull();
        QuicPacketParser.TryParse(answer, 0, 8, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.VersionNegotiation);
        header.DestinationConnectionId.ToArray().ShouldBe(datagram.AsSpan(7 + dcidLength, 3).ToArray());
        header.SourceConnectionId.ToArray().ShouldBe(datagram.AsSpan(6, dcidLength).ToArray());
        header.GetSupportedVersion(0).ShouldBe(QuicVersion.Version1);
        endpoint.Connections.ShouldBeEmpty();
    }

    /// <summary>Every prefix of a valid client Initial, and of the long headers above, is dropped without an answer.</summary>
    [TestMethod]
    public void TruncatedHeaders_AreDroppedSilently()
    {
        using var endpoint = Endpoint();
        var initial = SpoofedInitials.Make(1, seed: 3)[0];
        byte[][] sources = [initial, LongHeader(QuicVersion.Negotiation, 255, 255), LongHeader(QuicVersion.Version1, 21, 0, 64), LongHeader(0x1a2a3a4a, 40, 40)];
        foreach (var source in sources)
        {
            for (int length = 0; length < Math.Min(source.Length, 300); length++)
            {
                ShouldBeDroppedSilently(endpoint, source[..length]);
            }
        }
    }

    /// <summary>Random bytes with each first-byte form: nothing opens a connection, nothing throws.</summary>
    [TestMethod]
    public void Garbage_IsDroppedSilently()
    {
        using var endpoint = Endpoint();
        var random = new Random(17);
        foreach (byte first in new byte[] { 0x00, 0x40, 0x80, 0xc0, 0xf0, 0xff })
        {
            foreach (int length in new[] { 1, 2, 5, 6, 7, 21, 22, 28, 100, 1200, 1500 })
            {
                var datagram = new byte[length];
                random.NextBytes(datagram);
                datagram[0] = first;
                endpoint.Receive(datagram, new QuicReceiveInfo(Client), 0);
                endpoint.Connections.ShouldBeEmpty();
                while (SendOne(endpoint) is { } answer) answer.Length.ShouldBeLessThan(datagram.Length);
            }
        }
    }
}
