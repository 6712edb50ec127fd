using System.Text;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Files;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Compression;

/// <summary>The compression middleware as curl sees it: --compressed decodes what the server chose.</summary>
[TestClass]
public sealed class ResponseCompressionCurlTests
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 300).Select(i => $"{i}: lorem ipsum dolor sit amet\n"));
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;
    private static string s_base = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-compression-curl");
        s_tree.Write("page.html", Text);
        s_server = await TestServer.StartAsync(
        [
            Route.Get("/text", _ => Response.Text(200, Text)),
            Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
            {
                for (var i = 0; i < 3; i++) await s.WriteAsync(Encoding.ASCII.GetBytes($"part {i}\n"));
            })),
            Route.Map("/static/*path", StaticFiles.From(s_tree.Root)),
        ], o => o with { Middlewares = [ResponseCompression.Middleware] });
        s_base = $"http://127.0.0.1:{s_server.Port}";
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    /// <summary>curl --compressed offers deflate, gzip, br (and zstd when built with it): brotli is chosen.</summary>
    [TestMethod]
    public async Task Compressed_GetsBrotli_DecodedByCurl()
    {
        var r = await CurlResponse.GetAsync("--compressed", $"{s_base}/text");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBe("br");
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.BodyText.ShouldBe(Text);
    }

    [TestMethod]
    [DataRow("gzip")]
    [DataRow("deflate")]
    public async Task Compressed_OneCoding_DecodedByCurl(string coding)
    {
        var r = await CurlResponse.GetAsync("--compressed", "-H", $"Accept-Encoding: {coding}", $"{s_base}/text");
        r.Header("content-encoding").ShouldBe(coding);
        r.BodyText.ShouldBe(Text);
    }

    [TestMethod]
    public async Task WithoutCompressed_Identity()
    {
        var r = await CurlResponse.GetAsync($"{s_base}/text");
        r.Header("content-encoding").ShouldBeNull();
        r.BodyText.ShouldBe(Text);
    }

    [TestMethod]
    public async Task Stream_Compressed_DecodedByCurl()
    {
        var r = await CurlResponse.GetAsync("--compressed", $"{s_base}/stream");
        r.Header("content-encoding").ShouldBe("br");
        r.BodyText.ShouldBe("part 0\npart 1\npart 2\n");
    }

    [TestMethod]
    public async Task StaticFile_Compressed_ThenRangeIsIdentity()
    {
        var r = await CurlResponse.GetAsync("--compressed", $"{s_base}/static/page.html");
        r.Header("content-encoding").ShouldBe("br");
        r.BodyText.ShouldBe(Text);
        var range = await CurlResponse.GetAsync("--compressed", "-r", "0-9", $"{s_base}/static/page.html");
        range.Status.ShouldBe(206);
        range.Header("content-encoding").ShouldBeNull();
        range.BodyText.ShouldBe(Text[..10]);
    }

    [TestMethod]
    public async Task StaticFile_CompressedVariant_Revalidates()
    {
        var etag = (await CurlResponse.GetAsync("--compressed", $"{s_base}/static/page.html")).Header("etag")!;
        etag.ShouldEndWith("-br\"");
        (await CurlResponse.GetAsync("--compressed", "-H", $"If-None-Match: {etag}", $"{s_base}/static/page.html")).Status.ShouldBe(304);
    }
}
