using System.Net;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;
using Shouldly;

namespace Roadrunner.Tests.Fuzz;

/// <summary>The rules behind inputs the afl campaigns caught, each as a named test (the inputs also sit in fuzz/regressions/).</summary>
[TestClass]
public sealed class FuzzFindingsTests
{
    /// <summary>
    /// RFC 9000 §6.1: a server drops Version Negotiation. RFC 8999 §5.1 lets its connection IDs run to 255 bytes, which
    /// once reached the version 1 routing table and threw (quic-endpoint campaign, fuzz/regressions/quic-endpoint/).
    /// </summary>
    [TestMethod]
    public void QuicServerEndpoint_VersionNegotiationWithLongConnectionId_IsDropped()
    {
        byte[] datagram = [0xc0, 0, 0, 0, 0, 21, .. new byte[21], 0, 0, 0, 0, 1];
        using var certificate = Roadrunner.Tests.Quic.Network.InMemoryNetwork.CreateCertificate();
        using var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions { Tls = new QuicTlsServerOptions { Certificate = certificate } });

        endpoint.Receive(datagram, new QuicReceiveInfo(new IPEndPoint(IPAddress.Loopback, 50000)), 1_000_000);

        endpoint.Connections.Count.ShouldBe(0);
        endpoint.TryReadEvent(out _).ShouldBeFalse();
        endpoint.Send(new byte[1500], 1_000_000, out _).ShouldBe(0);
    }
}
