using System.Text;
using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>The static file handler as curl sees it: ranges (-r), If-Modified-Since (-z), If-None-Match, HEAD (-I).</summary>
[TestClass]
public sealed class StaticFileCurlTests
{
    private static readonly string Content = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", 10));
    private static readonly DateTime Modified = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;
    private static string s_url = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-curl");
        s_tree.Write("secret.txt", "SECRET");
        File.SetLastWriteTimeUtc(s_tree.Write("www/f.txt", Content), Modified);
        s_server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(Path.Combine(s_tree.Root, "www")))]);
        s_url = $"http://127.0.0.1:{s_server.Port}/static/f.txt";
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    [TestMethod]
    public async Task Get_WholeFile()
    {
        var r = await CurlResponse.GetAsync(s_url);
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe(Content);
        r.Header("etag").ShouldNotBeNull();
        r.Header("last-modified").ShouldBe("Wed, 01 May 2024 12:00:00 GMT");
        r.Header("accept-ranges").ShouldBe("bytes");
    }

    [TestMethod]
    public async Task RangeOption_GetsTheFirstTenBytes()
    {
        var r = await CurlResponse.GetAsync("-r", "0-9", s_url);
        r.Status.ShouldBe(206);
        r.Header("content-range").ShouldBe($"bytes 0-9/{Content.Length}");
        r.BodyText.ShouldBe("0123456789");
    }

    [TestMethod]
    public async Task RangeOption_SeveralRanges_Multipart()
    {
        var r = await CurlResponse.GetAsync("-r", "0-1,330-331", s_url);
        r.Status.ShouldBe(206);
        var type = r.Header("content-type")!;
        type.ShouldStartWith("multipart/byteranges; boundary=");
        var parts = StaticFileRangeTests.ParseByteranges(r.Body, type["multipart/byteranges; boundary=".Length..]);
        parts.Select(p => p.Data).ShouldBe(["01", Content[330..332]]);
    }

    [TestMethod]
    public async Task RangeOption_Unsatisfiable_416()
    {
        var r = await CurlResponse.GetAsync("-r", "1000-2000", s_url);
        r.Status.ShouldBe(416);
        r.Header("content-range").ShouldBe($"bytes */{Content.Length}");
    }

    /// <summary>curl -z sends If-Modified-Since; at or after the modification time the answer is 304.</summary>
    [TestMethod]
    public async Task TimeCondition_NotModifiedSince_Is304()
    {
        (await CurlResponse.GetAsync("-z", "Wed, 01 May 2024 12:00:00 GMT", s_url)).Status.ShouldBe(304);
        var modified = await CurlResponse.GetAsync("-z", "Wed, 01 May 2024 11:00:00 GMT", s_url);
        modified.Status.ShouldBe(200);
        modified.BodyText.ShouldBe(Content);
    }

    [TestMethod]
    public async Task IfNoneMatch_Header_Is304()
    {
        var etag = (await CurlResponse.GetAsync(s_url)).Header("etag")!;
        var r = await CurlResponse.GetAsync("-H", $"If-None-Match: {etag}", s_url);
        r.Status.ShouldBe(304);
        r.Header("etag").ShouldBe(etag);
        r.Body.ShouldBeEmpty();
        (await CurlResponse.GetAsync("-H", "If-None-Match: \"other\"", s_url)).Status.ShouldBe(200);
    }

    [TestMethod]
    public async Task Head_HasLengthAndNoBody()
    {
        var r = await CurlResponse.GetAsync("-I", s_url);
        r.Status.ShouldBe(200);
        r.Header("content-length").ShouldBe(Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        r.Body.ShouldBeEmpty();
    }

    /// <summary>--path-as-is keeps the dot-segments curl would otherwise remove.</summary>
    [TestMethod]
    [DataRow("/static/../secret.txt")]
    [DataRow("/static/%2e%2e/secret.txt")]
    [DataRow("/static/..%2fsecret.txt")]
    public async Task Traversal_Is404(string path)
    {
        var r = await CurlResponse.GetAsync("--path-as-is", $"http://127.0.0.1:{s_server.Port}{path}");
        r.Status.ShouldBe(404);
        Encoding.UTF8.GetString(r.Body).ShouldNotContain("SECRET");
    }
}
