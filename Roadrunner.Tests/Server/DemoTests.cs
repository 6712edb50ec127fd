using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>
/// The built Demo end to end, as benchmarks and external checks drive it: run with <c>--port 0 --tls-port 0 --no-h3</c>,
/// read the port it prints, hit every endpoint of the contract, then stop it with SIGTERM.
/// </summary>
[TestClass]
public sealed class DemoTests
{
    private static DemoProcess? s_demo;
    private static int s_port;
    private static HttpClient? s_http;

    private static HttpClient Http => s_http ?? throw new InvalidOperationException("The Demo is not running.");

    [ClassInitialize]
    public static async Task StartDemoAsync(TestContext context)
    {
        s_demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--no-h3");
        s_port = await s_demo.WaitForHttpPortAsync();
        s_http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{s_port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    [ClassCleanup]
    public static void StopDemo()
    {
        s_http?.Dispose();
        s_demo?.Dispose();
    }

    /// <summary>With <c>--port 0</c> the Demo binds an ephemeral port and prints the real one, not 0.</summary>
    [TestMethod]
    public async Task PortZero_PrintsTheRealBoundPort()
    {
        s_port.ShouldBeInRange(1, 65535);
        using var client = RawClient.Connect(s_port);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).Status.ShouldBe(200);
    }

    /// <summary><c>GET /hello</c>: <c>200 text/plain</c>, exactly <c>hello, world!</c>.</summary>
    [TestMethod]
    public async Task Hello_ExactBody()
    {
        using var response = await Http.GetAsync(new Uri("/hello", UriKind.Relative));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello, world!");
    }

    /// <summary><c>GET /json</c>: <c>200 application/json</c>, exactly <c>{"message":"hello, world!"}</c>.</summary>
    [TestMethod]
    public async Task Json_ExactBody()
    {
        using var response = await Http.GetAsync(new Uri("/json", UriKind.Relative));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await response.Content.ReadAsStringAsync()).ShouldBe("{\"message\":\"hello, world!\"}");
    }

    /// <summary><c>POST /echo</c> and <c>POST /</c>: the body back with the same content type.</summary>
    [TestMethod]
    [DataRow("/echo")]
    [DataRow("/")]
    public async Task Echo_BodyAndContentTypeBack(string path)
    {
        var body = Encoding.UTF8.GetBytes("{\"echo\":\"ünïcode\"}");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-roadrunner-test");

        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/x-roadrunner-test");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(body);
    }

    /// <summary><c>GET /large</c>: 65536 bytes.</summary>
    [TestMethod]
    public async Task Large_65536Bytes()
    {
        using var response = await Http.GetAsync(new Uri("/large", UriKind.Relative));

        response.Content.Headers.ContentLength.ShouldBe(65536);
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBe(65536);
    }

    /// <summary><c>GET /stream</c>: ten chunks, then the trailer <c>x-checksum</c>, the SHA-256 (hex) of the body.</summary>
    [TestMethod]
    public async Task Stream_TenChunks_ChecksumTrailerIsSha256OfTheBody()
    {
        using var client = RawClient.Connect(s_port);
        await client.SendAsync("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseHeadAsync();
        var chunks = new List<string>();
        while (true)
        {
            var sizeLine = await client.ReadUntilAsync("\r\n");
            var size = Convert.ToInt32(sizeLine.TrimEnd(), 16);
            if (size == 0) break;
            chunks.Add(Encoding.UTF8.GetString(await client.ReadExactlyAsync(size)));
            (await client.ReadUntilAsync("\r\n")).ShouldBe("\r\n");
        }

        var trailers = await client.ReadUntilAsync("\r\n\r\n");
        head.ShouldContain("transfer-encoding: chunked\r\n");
        chunks.Count.ShouldBe(10);
        var body = Encoding.UTF8.GetBytes(string.Concat(chunks));
        trailers.ShouldBe($"x-checksum: {Convert.ToHexStringLower(SHA256.HashData(body))}\r\n\r\n");
    }

    /// <summary><c>GET /sse</c>: <c>text/event-stream</c>, and the first event arrives within about two seconds.</summary>
    [TestMethod]
    public async Task Sse_EventStream_FirstEventWithinTwoSeconds()
    {
        using var client = RawClient.Connect(s_port);
        await client.SendAsync("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseHeadAsync();
        var events = await client.ReadUntilAsync("\n\n\r\n", TimeSpan.FromSeconds(3));
        var first = await client.ReadUntilAsync("\n\n\r\n", TimeSpan.FromSeconds(3));

        head.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        head.ShouldContain("content-type: text/event-stream\r\n");
        head.ShouldContain("cache-control: no-cache\r\n");
        events.ShouldContain("retry: 2000\n\n");
        first.ShouldContain("event: tick\n");
        first.ShouldContain("\ndata: ");
    }

    /// <summary><c>GET /static/hello.txt</c>: the bundled file.</summary>
    [TestMethod]
    public async Task Static_HelloTxt()
    {
        using var response = await Http.GetAsync(new Uri("/static/hello.txt", UriKind.Relative));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var expected = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(DemoProcess.FindDemoAssembly())!, "wwwroot", "hello.txt"));
        (await response.Content.ReadAsStringAsync()).ShouldBe(expected);
    }

    /// <summary><c>GET /</c>: the HTML page.</summary>
    [TestMethod]
    public async Task Root_HtmlPage()
    {
        using var response = await Http.GetAsync(new Uri("/", UriKind.Relative));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldStartWith("<!doctype html>");
        html.ShouldContain("<title>Roadrunner</title>");
    }

    /// <summary>
    /// <c>--h2c-port</c> starts a second cleartext listener that speaks HTTP/2 with prior knowledge, announced by its
    /// own line; HttpClient gets the same bodies there over HTTP/2, and nothing is printed on stderr.
    /// </summary>
    [TestMethod]
    public async Task H2cPort_ServesHttp2WithPriorKnowledge()
    {
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--no-h3", "--h2c-port", "0");
        await demo.WaitForHttpPortAsync();
        var line = await demo.WaitForLineAsync(l => l.EndsWith(" (http2)", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        var port = int.Parse(line[(line.LastIndexOf(':') + 1)..line.IndexOf(' ', line.LastIndexOf(':'))], System.Globalization.CultureInfo.InvariantCulture);
        using var client = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/hello"));
        response.Version.ShouldBe(System.Net.HttpVersion.Version20);
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello, world!");

        demo.Terminate();
        (await demo.WaitForExitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue("the Demo exits after SIGTERM");
        demo.StderrLines.ShouldBeEmpty();
    }

    /// <summary>
    /// SIGTERM drains (an open event stream included) and the process exits 0 within 15 s, saying what it did.
    /// </summary>
    [TestMethod]
    public async Task Sigterm_DrainsAndExitsZero()
    {
        using var demo = DemoProcess.Start("--port", "0", "--tls-port", "0", "--no-h3");
        var port = await demo.WaitForHttpPortAsync();
        using var sse = RawClient.Connect(port);
        await sse.SendAsync("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
        await sse.ReadResponseHeadAsync();

        demo.Terminate();

        (await demo.WaitForExitAsync(TimeSpan.FromSeconds(15))).ShouldBeTrue("the Demo exits within 15 s of SIGTERM");
        demo.ExitCode.ShouldBe(0);
        demo.StdoutLines.ShouldContain("draining");
        demo.StdoutLines.ShouldContain("http: drained");
        var rest = await sse.ReadToEndAsync(TimeSpan.FromSeconds(5));
        rest.ShouldContain("event: bye\n");
        rest.ShouldEndWith("0\r\n\r\n");
    }
}
