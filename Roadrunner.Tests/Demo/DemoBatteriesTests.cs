using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Demo;

/// <summary>
/// The Demo run as its own process: compression for clients that ask, the benchmark endpoints unchanged for clients
/// that do not, static files with validators, and the SSE clock.
/// </summary>
[TestClass]
public sealed partial class DemoBatteriesTests
{
    private static Process s_demo = null!;
    private static int s_port;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        var dll = FindDemo();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var a in (string[])[dll, "--port", "0", "--tls-port", "0", "--no-h3"]) info.ArgumentList.Add(a);
        s_demo = Process.Start(info) ?? throw new InvalidOperationException("The Demo did not start.");
        var stderr = s_demo.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await s_demo.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } m)
            {
                s_port = int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                return;
            }
        }

        Assert.Fail($"The Demo exited before it listened: {await stderr}");
    }

    [ClassCleanup]
    public static void Stop()
    {
        if (!s_demo.HasExited) s_demo.Kill();
        s_demo.WaitForExit(5000);
        s_demo.Dispose();
    }

    private static string FindDemo()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.GetFullPath(Path.Combine(bin.FullName, "..", "..", "..", "..", "Roadrunner.Demo", "bin", bin.Parent!.Name, bin.Name, "Roadrunner.Demo.dll"));
        if (!File.Exists(dll)) Assert.Fail($"{dll} was not found; build Roadrunner.Demo in the configuration of the tests.");
        return dll;
    }

    [GeneratedRegex(@"^listening on http://[^:]+:(?<port>\d+) \(http1(, h2c)?\)$")]
    private static partial Regex ListeningLine();

    private static Task<RawResponse> Get(string target, params string[] headers) => Exchange.GetAsync(s_port, target, headers);

    /// <summary>The benchmark endpoints, asked for without Accept-Encoding: bodies exactly as before, no coding.</summary>
    [TestMethod]
    public async Task BenchmarkEndpoints_WithoutAcceptEncoding_AreIdentity()
    {
        var hello = await Get("/hello");
        hello.BodyText.ShouldBe("hello, world!");
        hello.Header("content-encoding").ShouldBeNull();
        var json = await Get("/json");
        json.BodyText.ShouldBe("{\"message\":\"hello, world!\"}");
        json.Header("content-encoding").ShouldBeNull();
        var large = await Get("/large");
        large.Body.Length.ShouldBe(65536);
        large.Header("content-encoding").ShouldBeNull();
        large.Header("content-length").ShouldBe("65536");

        var text = new string('e', 4000);
        using var client = RawClient.Connect(s_port);
        await client.SendAsync($"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {text.Length}\r\n\r\n{text}");
        var echo = await client.ReadResponseAsync();
        echo.BodyText.ShouldBe(text);
        echo.Header("content-encoding").ShouldBeNull();
    }

    /// <summary>Small or binary answers stay identity even for a client that accepts compression.</summary>
    [TestMethod]
    public async Task BenchmarkEndpoints_WithAcceptEncoding_SmallOrBinary_AreIdentity()
    {
        (await Get("/hello", "Accept-Encoding: gzip, br")).Header("content-encoding").ShouldBeNull();
        (await Get("/json", "Accept-Encoding: gzip, br")).Header("content-encoding").ShouldBeNull();
        (await Get("/large", "Accept-Encoding: gzip, br")).Header("content-encoding").ShouldBeNull();
    }

    [TestMethod]
    public async Task Page_IsCompressedForClientsThatAsk()
    {
        var plain = await Get("/");
        plain.Header("content-encoding").ShouldBeNull();
        var r = await Get("/", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBe("gzip");
        r.Header("vary").ShouldBe("Accept-Encoding");
        Exchange.Decode(r.Body, "gzip").ShouldBe(plain.Body);
    }

    [TestMethod]
    public async Task Stream_IsCompressed_TrailerKept()
    {
        var r = await Get("/stream", "Accept-Encoding: br");
        r.Header("content-encoding").ShouldBe("br");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "br")).ShouldStartWith("chunk 1 of 10\n");
        r.Trailer("x-checksum").ShouldNotBeNull();
    }

    [TestMethod]
    public async Task Static_HasValidators_Ranges_AndRevalidates()
    {
        var r = await Get("/static/hello.txt");
        r.Status.ShouldBe(200);
        r.Header("cache-control").ShouldBe("no-cache");
        r.Header("accept-ranges").ShouldBe("bytes");
        var etag = r.Header("etag")!;
        (await Get("/static/hello.txt", $"If-None-Match: {etag}")).Status.ShouldBe(304);
        (await Get("/static/hello.txt", $"If-Modified-Since: {r.Header("last-modified")}")).Status.ShouldBe(304);
        var range = await Get("/static/hello.txt", "Range: bytes=0-4");
        range.Status.ShouldBe(206);
        range.Body.ShouldBe(r.Body[..5]);
        (await Get("/static/..%2f..%2fDemoPage.cs")).Status.ShouldBe(404);
    }

    [TestMethod]
    public async Task Sse_SendsRetryThenTicks()
    {
        using var client = RawClient.Connect(s_port);
        await client.SendAsync("GET /sse HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        var head = await client.ReadResponseHeadAsync();
        head.ShouldContain("content-type: text/event-stream");
        head.ShouldContain("cache-control: no-cache");
        head.ShouldNotContain("content-encoding");
        var events = new ChunkedReader(client);
        Encoding.UTF8.GetString((await events.ReadChunkAsync())!).ShouldBe("retry: 2000\n\n");
        Encoding.UTF8.GetString((await events.ReadChunkAsync(TimeSpan.FromSeconds(5)))!).ShouldMatch(@"^event: tick\nid: \d+\ndata: \d{4}-\d\d-\d\dT[^\n]+\n\n$");
    }
}
