using System.Net;
using System.Text;
using Roadrunner.Http3;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// HTTP/3 end to end with our own client (<see cref="OurH3Client"/>: our QUIC and HTTP/3 client roles) against a running
/// listener over UDP on 127.0.0.1: responses byte-exact, concurrency on one connection, bodies and trailers both ways,
/// failures, limits, and the exact codes bad requests get (RFC 9114).
/// </summary>
[TestClass]
public sealed class Http3EndToEndTests
{
    internal static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    internal static ValueTask<Listener> StartAsync(IReadOnlyList<Route> routes, Func<ListenerOptions, ListenerOptions>? configure = null)
    {
        var options = new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = routes,
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http2, Protocol.Http3],
        };
        return RoadrunnerServer.StartAsync("h3e2e", configure is null ? options : configure(options));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Get_Hello_BodyExact_RequestIsHttp3()
    {
        string? seen = null;
        await using var listener = await StartAsync([Route.Get("/hello", r =>
        {
            seen = $"{r.Protocol} {r.Version} {r.Scheme} {r.Method} {r.Path}";
            return Response.Text(200, "hello over h3");
        })]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("GET", "/hello");

        response.Status.ShouldBe(200);
        response.Body.ShouldBe(Encoding.UTF8.GetBytes("hello over h3"));
        response.Header("content-length").ShouldBe("13");
        response.Header("content-type").ShouldStartWith("text/plain");
        response.Trailers.ShouldBeNull();
        seen.ShouldBe("Http3 HTTP/3 https GET /hello");
    }
}
