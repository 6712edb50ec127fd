using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Roadrunner.Server;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>
/// HTTP/3 end to end (RFC 9114): the listener's UDP side, our QUIC and HTTP/3 stacks, and ngtcp2's gtlsclient over
/// real sockets on 127.0.0.1. Skipped when gtlsclient is not installed.
/// </summary>
[TestClass]
public sealed class Http3GtlsclientTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static ValueTask<Listener> StartAsync(IReadOnlyList<Route> routes, string name = "h3test") =>
        RoadrunnerServer.StartAsync(name, new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = routes,
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http1, Protocol.Http2, Protocol.Http3],
        });

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_Hello_BodyExact_RequestIsHttp3()
    {
        Gtlsclient.SkipIfMissing();
        var seen = new ConcurrentBag<string>();
        await using var listener = await StartAsync([Route.Get("/hello", r =>
        {
            seen.Add($"{r.Protocol} {r.Version} {r.Scheme} {r.Headers["host"]}");
            return Response.Text(200, "hello over h3");
        })]);
        listener.Http3Port.ShouldBe(listener.Port);
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/hello"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        output.ShouldContain("[:status: 200]");
        File.ReadAllText(Path.Combine(dir.Path, "hello")).ShouldBe("hello over h3", output);
        seen.ShouldBe([$"Http3 HTTP/3 https 127.0.0.1:{listener.Port}"]);
        listener.Info().RequestsServed.ShouldBe(1);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_Json_ContentTypeAndBody()
    {
        Gtlsclient.SkipIfMissing();
        await using var listener = await StartAsync([Route.Get("/json", _ => Response.Json(200, "{\"ok\":true}"))]);
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/json"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        output.ShouldContain("[content-type: application/json");
        File.ReadAllText(Path.Combine(dir.Path, "json")).ShouldBe("{\"ok\":true}");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_Missing_Is404()
    {
        Gtlsclient.SkipIfMissing();
        await using var listener = await StartAsync([Route.Get("/hello", _ => Response.Text(200, "hello"))]);

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/missing"]);

        exit.ShouldBe(0, output);
        output.ShouldContain("http: stream 0x0 [:status: 404]");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Get_StaticFile10MB_Sha256Matches()
    {
        Gtlsclient.SkipIfMissing();
        using var root = new TempDir();
        var content = new byte[10 * 1024 * 1024];
        new Random(42).NextBytes(content);
        File.WriteAllBytes(Path.Combine(root.Path, "big.bin"), content);
        await using var listener = await StartAsync([Route.Map("/static/*path", StaticFiles.From(root.Path))]);
        using var dir = new TempDir();

        var clock = Stopwatch.StartNew();
        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/static/big.bin"], $"--download={dir.Path}", "--no-http-dump", "-q");
        clock.Stop();

        exit.ShouldBe(0, output.Length > 4000 ? output[^4000..] : output);
        var received = File.ReadAllBytes(Path.Combine(dir.Path, "big.bin"));
        received.Length.ShouldBe(content.Length);
        Convert.ToHexString(SHA256.HashData(received)).ShouldBe(Convert.ToHexString(SHA256.HashData(content)));
        Console.WriteLine($"10 MB over HTTP/3 in {clock.Elapsed.TotalSeconds:F2} s");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Post_1MBBody_EchoedExactly()
    {
        Gtlsclient.SkipIfMissing();
        using var dir = new TempDir();
        var content = new byte[1024 * 1024];
        new Random(7).NextBytes(content);
        var upload = Path.Combine(dir.Path, "upload.bin");
        File.WriteAllBytes(upload, content);
        await using var listener = await StartAsync([Route.Post("/echo", r => Response.Bytes(200, r.Body.ToArray()))]);

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/echo"], $"--download={dir.Path}", $"--data={upload}", "-m", "POST", "--no-http-dump", "-q");

        exit.ShouldBe(0, output.Length > 4000 ? output[^4000..] : output);
        var received = File.ReadAllBytes(Path.Combine(dir.Path, "echo"));
        Convert.ToHexString(SHA256.HashData(received)).ShouldBe(Convert.ToHexString(SHA256.HashData(content)));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task TwentyConcurrentStreams_OneConnection_AllAnswered()
    {
        Gtlsclient.SkipIfMissing();
        var peers = new ConcurrentBag<string>();
        await using var listener = await StartAsync([Route.Get("/n/:i", r =>
        {
            peers.Add(r.Peer?.ToString() ?? "none");
            return Response.Text(200, "number " + r.Bindings["i"]);
        })]);
        using var dir = new TempDir();
        var paths = Enumerable.Range(0, 20).Select(i => "/n/" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, paths, $"--download={dir.Path}", "--no-http-dump");

        exit.ShouldBe(0, output.Length > 4000 ? output[^4000..] : output);
        for (var i = 0; i < 20; i++)
        {
            File.ReadAllText(Path.Combine(dir.Path, i.ToString(CultureInfo.InvariantCulture))).ShouldBe("number " + i.ToString(CultureInfo.InvariantCulture));
        }

        peers.Count.ShouldBe(20);
        peers.Distinct().Count().ShouldBe(1);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Telemetry_RequestDurationTaggedProtocol3()
    {
        Gtlsclient.SkipIfMissing();
        var name = "h3telemetry-" + Guid.NewGuid().ToString("N");
        using var telemetry = new TelemetryRecorder(name);
        await using var listener = await StartAsync([Route.Get("/hello", _ => Response.Text(200, "hello"))], name);

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/hello"]);

        exit.ShouldBe(0, output);
        (await Eventually.TrueAsync(() => telemetry.Of("http.server.request.duration").Count == 1)).ShouldBeTrue();
        var duration = telemetry.Of("http.server.request.duration")[0];
        duration.Tag("network.protocol.version").ShouldBe("3");
        duration.Tag("http.response.status_code").ShouldBe(200);
    }

    /// <summary>RFC 7838 §3 and RFC 9114 §3.1.1: HTTP/1.1 and HTTP/2 responses on the TLS port advertise HTTP/3 on the same port.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task Https_Http1AndHttp2Responses_CarryAltSvc()
    {
        await using var listener = await StartAsync([Route.Get("/hello", _ => Response.Text(200, "hello"))]);
        using (var raw = await RawClient.ConnectTlsAsync(listener.Port))
        {
            await raw.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
            (await raw.ReadResponseAsync()).Header("alt-svc").ShouldBe($"h3=\":{listener.Port}\"; ma=86400");
        }

        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{listener.Port}/hello") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        response.Version.ShouldBe(HttpVersion.Version20);
        // HttpClient parses alt-svc and keeps the authority only.
        response.Headers.NonValidated["alt-svc"].ToString().ShouldStartWith($"h3=\":{listener.Port}\"");
    }
}
