using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>How a listener's options turn HTTP/3 on.</summary>
[TestClass]
public sealed class Http3ListenerOptionsTests
{
    private static readonly Route[] Routes = [Route.Get("/", _ => Response.Text(200, "x"))];

    [TestMethod]
    public void Http3Available_IsTrue() => ProtocolSupport.Http3Available.ShouldBeTrue();

    /// <summary>RFC 9114 §3.1: HTTP/3 runs over QUIC, whose handshake is TLS 1.3; a listener without TLS cannot offer it.</summary>
    [TestMethod]
    public async Task Http3WithoutTls_IsRefused()
    {
        var options = new ListenerOptions { Address = IPAddress.Loopback, Port = 0, Routes = Routes, Protocols = [Protocol.Http1, Protocol.Http3] };

        await Should.ThrowAsync<ArgumentException>(async () => await RoadrunnerServer.StartAsync("h3-no-tls", options));
    }

    /// <summary>A TLS listener without HTTP/3 binds no UDP port and sends no alt-svc.</summary>
    [TestMethod]
    public async Task TlsWithoutHttp3_NoUdpPort()
    {
        var options = new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = Routes,
            Tls = Roadrunner.Server.Tls.TlsOptions.SelfSigned(),
            Protocols = [Protocol.Http1, Protocol.Http2],
        };

        await using var listener = await RoadrunnerServer.StartAsync("h3-off", options);

        listener.Http3Port.ShouldBe(0);
        listener.AltSvc.ShouldBeNull();
    }
}
