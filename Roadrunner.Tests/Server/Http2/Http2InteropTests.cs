using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Roadrunner.Server;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http2;

/// <summary>
/// The HTTP/2 server against real clients: HttpClient (TLS by ALPN and h2c with prior knowledge), curl
/// (<c>--http2</c> by Upgrade and over TLS, <c>--http2-prior-knowledge</c>), <c>nghttp</c> and a bounded <c>h2load</c> run.
/// </summary>
[TestClass]
public sealed class Http2InteropTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello")),
        Route.Get("/version", req => Response.Text(200, $"{req.Version} {req.Protocol} {req.Headers.Get("host")}")),
        Route.Post("/echo", req => Response.Bytes(200, req.Body.ToArray(), req.Headers.Get("content-type") ?? "application/octet-stream")),
        Route.Post("/sum", async req =>
        {
            // Manual mode: the body is read as it arrives, in small pieces.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1000];
            long total = 0;
            int n;
            while ((n = await req.ReadBodyAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                total += n;
            }

            return Response.Text(200, $"{total} {Convert.ToHexStringLower(sha.GetHashAndReset())}");
        }).WithBodyMode(BodyMode.Manual),
        Route.Get("/large", _ => Response.Bytes(200, Large)),
        Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
        {
            for (var i = 0; i < 5; i++) await s.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"chunk {i}\n"));
            s.AddTrailer("x-checksum", "abc123");
        })),
    ];

    private static readonly byte[] Large = MakeLarge();

    private static byte[] MakeLarge()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static Task<TestServer> StartTlsAsync() =>
        TestServer.StartAsync(Routes, o => o with { Tls = Tls, Protocols = [Protocol.Http1, Protocol.Http2] });

    private static Task<TestServer> StartH2cAsync() =>
        TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http2] });

    private static HttpClient Http2Client(bool tls)
    {
        var handler = new SocketsHttpHandler();
        if (tls) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    /// <summary>HttpClient over TLS negotiates h2 by ALPN; the request says HTTP/2 and :authority stands in for Host.</summary>
    [TestMethod]
    public async Task HttpClient_Tls_NegotiatesH2()
    {
        await using var server = await StartTlsAsync();
        using var client = Http2Client(tls: true);

        using var response = await client.GetAsync(new Uri($"https://localhost:{server.Port}/version"));

        response.Version.ShouldBe(HttpVersion.Version20);
        (await response.Content.ReadAsStringAsync()).ShouldBe($"HTTP/2 Http2 localhost:{server.Port}");
    }

    /// <summary>HttpClient with prior knowledge on a cleartext HTTP/2 listener.</summary>
    [TestMethod]
    public async Task HttpClient_H2cPriorKnowledge_Hello()
    {
        await using var server = await StartH2cAsync();
        using var client = Http2Client(tls: false);

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/hello"));

        response.Version.ShouldBe(HttpVersion.Version20);
        response.Content.Headers.ContentLength.ShouldBe(5);
        response.Headers.Date.ShouldNotBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello");
    }

    /// <summary>
    /// Bodies larger than every default window go both ways: a 1 MB upload echoed back, and a 300 kB download,
    /// byte for byte (flow control waits for WINDOW_UPDATE instead of overrunning the peer).
    /// </summary>
    [TestMethod]
    public async Task HttpClient_LargeBodies_BothWays_WithinFlowControl()
    {
        await using var server = await StartH2cAsync();
        using var client = Http2Client(tls: false);
        var upload = new byte[1_000_000];
        new Random(3).NextBytes(upload);

        using var echoed = await client.PostAsync(new Uri($"http://127.0.0.1:{server.Port}/echo"), new ByteArrayContent(upload));
        (await echoed.Content.ReadAsByteArrayAsync()).ShouldBe(upload);

        using var large = await client.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/large"));
        (await large.Content.ReadAsByteArrayAsync()).ShouldBe(Large);
    }

    /// <summary>A manual-mode handler reads a 2 MB upload in 1000-byte pieces; the sum proves every byte arrived in order.</summary>
    [TestMethod]
    public async Task HttpClient_ManualBody_ReadAsItArrives()
    {
        await using var server = await StartTlsAsync();
        using var client = Http2Client(tls: true);
        var upload = new byte[2_000_000];
        new Random(5).NextBytes(upload);

        using var response = await client.PostAsync(new Uri($"https://localhost:{server.Port}/sum"), new ByteArrayContent(upload));

        (await response.Content.ReadAsStringAsync()).ShouldBe($"2000000 {Convert.ToHexStringLower(SHA256.HashData(upload))}");
    }

    /// <summary>A stream response arrives whole and its trailer follows in a trailing HEADERS frame.</summary>
    [TestMethod]
    public async Task HttpClient_StreamResponse_WithTrailers()
    {
        await using var server = await StartTlsAsync();
        using var client = Http2Client(tls: true);

        using var response = await client.GetAsync(new Uri($"https://localhost:{server.Port}/stream"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
        response.TrailingHeaders.GetValues("x-checksum").ShouldBe(["abc123"]);
    }

    /// <summary>Many requests at once on one connection are answered concurrently and each gets its own body.</summary>
    [TestMethod]
    public async Task HttpClient_ManyConcurrentStreams_OneConnection()
    {
        await using var server = await StartH2cAsync();
        using var client = Http2Client(tls: false);

        var tasks = Enumerable.Range(0, 50).Select(async i =>
        {
            using var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"body {i}"));
            using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{server.Port}/echo"), content);
            return await response.Content.ReadAsStringAsync();
        }).ToArray();

        var bodies = await Task.WhenAll(tasks);
        bodies.ShouldBe(Enumerable.Range(0, 50).Select(i => $"body {i}").ToArray());
        server.Listener.Info().ActiveClients.ShouldBe(1);
    }

    /// <summary><c>curl --http2-prior-knowledge</c> on a cleartext HTTP/2 listener.</summary>
    [TestMethod]
    public async Task Curl_PriorKnowledge()
    {
        await using var server = await StartH2cAsync();

        var result = await Curl.RunAsync("-s", "-i", "--http2-prior-knowledge", $"http://127.0.0.1:{server.Port}/hello");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldStartWith("HTTP/2 200");
        result.Text.ShouldEndWith("\r\n\r\nhello");
    }

    /// <summary>
    /// <c>curl --http2</c> on a listener that speaks both: HTTP/1.1 with <c>Upgrade: h2c</c>, answered 101 and then
    /// on stream 1 (RFC 7540 §3.2).
    /// </summary>
    [TestMethod]
    public async Task Curl_Http2_UpgradesFromHttp11()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http1, Protocol.Http2] });

        var result = await Curl.RunAsync("-s", "-i", "--http2", $"http://127.0.0.1:{server.Port}/version");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldStartWith("HTTP/1.1 101 Switching Protocols");
        result.Text.ShouldContain("HTTP/2 200");
        result.Text.ShouldEndWith($"HTTP/2 Http2 127.0.0.1:{server.Port}");
    }

    /// <summary><c>curl --http2</c> over TLS negotiates h2 by ALPN; a POST body is echoed.</summary>
    [TestMethod]
    public async Task Curl_Http2_OverTls()
    {
        await using var server = await StartTlsAsync();

        var result = await Curl.RunAsync("-s", "-k", "--http2", "-w", " %{http_version}", "--data-binary", "ping", "-H", "content-type: text/plain",
            $"https://localhost:{server.Port}/echo");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("ping 2");
    }

    /// <summary><c>nghttp -v</c> sees our SETTINGS, the response HEADERS with :status 200, and the body.</summary>
    [TestMethod]
    public async Task Nghttp_Verbose()
    {
        await using var server = await StartH2cAsync();

        var (exit, output) = await RunAsync("nghttp", "-v", $"http://127.0.0.1:{server.Port}/hello");

        exit.ShouldBe(0, output);
        output.ShouldContain("recv SETTINGS frame");
        output.ShouldContain("(niv=2)");
        output.ShouldContain("[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]");
        // nghttp opens its request after a few priority-anchor streams, so the id varies by version.
        output.ShouldMatch(@"recv \(stream_id=\d+\) :status: 200");
        output.ShouldContain("hello");
    }

    /// <summary>A short bounded <c>h2load</c> run: every request succeeds, none errors.</summary>
    [TestMethod]
    public async Task H2load_BoundedRun_NoErrors()
    {
        await using var server = await StartH2cAsync();

        var (exit, output) = await RunAsync("h2load", "-n", "2000", "-c", "4", "-m", "10", $"http://127.0.0.1:{server.Port}/hello");

        exit.ShouldBe(0, output);
        output.ShouldContain("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored, 0 timeout");
        output.ShouldContain("status codes: 2000 2xx");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string tool, params string[] args)
    {
        if (!File.Exists($"/usr/bin/{tool}")) Assert.Inconclusive($"{tool} is not installed (apt-get install nghttp2-client).");
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
