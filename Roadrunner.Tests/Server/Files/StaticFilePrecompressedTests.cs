using System.IO.Compression;
using System.Text;
using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>
/// Pre-compressed siblings (<c>file.br</c>, <c>file.gz</c>) chosen by Accept-Encoding, with q-value edge cases end to end.
/// </summary>
[TestClass]
public sealed class StaticFilePrecompressedTests
{
    private static readonly string Script = string.Concat(Enumerable.Repeat("console.log('hello, precompressed world');\n", 100));
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-pre");
        s_tree.Write("app.js", Script);
        s_tree.Write("app.js.br", Compress(Script, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        s_tree.Write("app.js.gz", Compress(Script, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        s_tree.Write("only-gz.css", Script);
        s_tree.Write("only-gz.css.gz", Compress(Script, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        s_tree.Write("plain.txt", Script);
        s_tree.Write("outside/evil.br", "not brotli: outside the folder");
        s_tree.Write("linked/x.txt", Script);
        File.CreateSymbolicLink(Path.Combine(s_tree.Root, "linked", "x.txt.br"), Path.Combine(s_tree.Root, "outside", "evil.br"));
        s_server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_tree.Root))]);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    private static byte[] Compress(string text, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var e = encoder(output))
        {
            e.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static Task<RawResponse> Get(string target, params string[] headers) => Exchange.GetAsync(s_server.Port, target, headers);

    [TestMethod]
    [DataRow("br", "br")]
    [DataRow("gzip, br", "br")]
    [DataRow("gzip", "gzip")]
    [DataRow("x-gzip", "gzip")]
    [DataRow("gzip;q=0.5, br;q=0.4", "gzip")]
    [DataRow("br;q=0, gzip", "gzip")]
    [DataRow("br;q=0.001, gzip;q=0.002", "gzip")]
    [DataRow("*", "br")]
    [DataRow("*;q=0.5, gzip;q=1", "gzip")]
    [DataRow("BR", "br")]
    [DataRow("br;q=1.000", "br")]
    public async Task AcceptedSibling_IsServedWithItsCoding(string acceptEncoding, string expected)
    {
        var r = await Get("/static/app.js", $"Accept-Encoding: {acceptEncoding}");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBe(expected);
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.Header("content-type").ShouldBe("text/javascript; charset=utf-8");
        r.Body.ShouldBe(File.ReadAllBytes(Path.Combine(s_tree.Root, expected == "br" ? "app.js.br" : "app.js.gz")));
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, expected)).ShouldBe(Script);
    }

    /// <summary>No Accept-Encoding, identity preferred, nothing acceptable, or invalid weights: the identity file, still with Vary.</summary>
    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("identity")]
    [DataRow("identity;q=1, *;q=0")]
    [DataRow("br;q=0, gzip;q=0")]
    [DataRow("*;q=0")]
    [DataRow("gzip;q=2, br;q=-1")]
    [DataRow("gzip;q=0.0001")]
    [DataRow("deflate")]
    [DataRow("compress, zstd")]
    public async Task NotAccepted_IdentityWithVary(string? acceptEncoding)
    {
        var r = acceptEncoding is null ? await Get("/static/app.js") : await Get("/static/app.js", $"Accept-Encoding: {acceptEncoding}");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.BodyText.ShouldBe(Script);
    }

    [TestMethod]
    public async Task OnlyTheSiblingsThatExist_AreOffered()
    {
        var r = await Get("/static/only-gz.css", "Accept-Encoding: br, gzip");
        r.Header("content-encoding").ShouldBe("gzip");
        (await Get("/static/only-gz.css", "Accept-Encoding: br")).Header("content-encoding").ShouldBeNull();
    }

    [TestMethod]
    public async Task NoSibling_NoVary()
    {
        var r = await Get("/static/plain.txt", "Accept-Encoding: br, gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBeNull();
    }

    /// <summary>RFC 9110 §8.8.3: each coded representation has its own entity tag, and it validates as such.</summary>
    [TestMethod]
    public async Task EachVariant_HasItsOwnETag_AndValidatesIt()
    {
        var identity = (await Get("/static/app.js")).Header("etag")!;
        var br = (await Get("/static/app.js", "Accept-Encoding: br")).Header("etag")!;
        var gzip = (await Get("/static/app.js", "Accept-Encoding: gzip")).Header("etag")!;
        new[] { identity, br, gzip }.Distinct().Count().ShouldBe(3);
        br.ShouldEndWith("-br\"");
        gzip.ShouldEndWith("-gzip\"");

        var notModified = await Get("/static/app.js", "Accept-Encoding: br", $"If-None-Match: {br}");
        notModified.Status.ShouldBe(304);
        notModified.Header("etag").ShouldBe(br);
        notModified.Header("vary").ShouldBe("Accept-Encoding");
        (await Get("/static/app.js", "Accept-Encoding: br", $"If-None-Match: {identity}")).Status.ShouldBe(200);
    }

    /// <summary>A range of a coded variant is a range of its coded bytes (RFC 9110 §14.1.2).</summary>
    [TestMethod]
    public async Task Range_AppliesToTheChosenVariant()
    {
        var r = await Get("/static/app.js", "Accept-Encoding: gzip", "Range: bytes=0-1");
        r.Status.ShouldBe(206);
        r.Header("content-encoding").ShouldBe("gzip");
        r.Body.ShouldBe(new byte[] { 0x1f, 0x8b });
    }

    [TestMethod]
    public async Task SiblingLinkOutOfTheFolder_IsIgnored()
    {
        var r = await Get("/static/linked/x.txt", "Accept-Encoding: br");
        r.Header("content-encoding").ShouldBeNull();
        r.BodyText.ShouldBe(Script);
    }

    [TestMethod]
    public async Task OptionOff_ServesIdentity_WithoutVary()
    {
        await using var server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_tree.Root, new StaticFileOptions { ServePrecompressed = false }))]);
        var r = await Exchange.GetAsync(server.Port, "/static/app.js", "Accept-Encoding: br, gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBeNull();
        r.BodyText.ShouldBe(Script);
    }

    [TestMethod]
    public async Task SiblingItself_CanBeAskedForByName()
    {
        var r = await Get("/static/app.js.gz");
        r.Status.ShouldBe(200);
        r.Header("content-type").ShouldBe("application/gzip");
        r.Header("content-encoding").ShouldBeNull();
    }
}
