using System.Text;
using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>
/// The static file handler over real sockets: whatever the encoding, a path never leaves the root. Every refusal
/// is 404 (400 for a malformed escape), and the secret beside the root is never in a body.
/// </summary>
[TestClass]
public sealed class StaticFileSafetyTests
{
    private const string Secret = "TOP SECRET outside the root";
    private static TempTree s_tree = null!;
    private static string s_root = null!;
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-safety");
        s_tree.Write("secret.txt", Secret);
        s_tree.Write("www/a.txt", "file a");
        s_tree.Write("www/style.css", "body{}");
        s_tree.Write("www/data.unknownext", "?");
        s_tree.Write("www/sub/index.html", "<p>sub index</p>");
        s_tree.Folder("www/noindex");
        s_tree.Write("www/.env", "PASSWORD=" + Secret);
        s_tree.Write("www/.git/config", Secret);
        s_tree.Write("www/.well-known/security.txt", "Contact: me");
        s_root = Path.Combine(s_tree.Root, "www");
        File.CreateSymbolicLink(Path.Combine(s_root, "escape.txt"), Path.Combine(s_tree.Root, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(s_root, "inside.txt"), Path.Combine(s_root, "a.txt"));
        Directory.CreateSymbolicLink(Path.Combine(s_root, "outdir"), s_tree.Root);
        s_server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_root))]);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    private static Task<RawResponse> Get(string target, params string[] headers) => Exchange.GetAsync(s_server.Port, target, headers);

    [TestMethod]
    public async Task File_IsServed_WithTypeFromItsExtension()
    {
        var r = await Get("/static/a.txt");
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe("file a");
        r.Header("content-type").ShouldBe("text/plain; charset=utf-8");
        r.Header("content-length").ShouldBe("6");
        r.Header("accept-ranges").ShouldBe("bytes");
        (await Get("/static/style.css")).Header("content-type").ShouldBe("text/css; charset=utf-8");
        (await Get("/static/data.unknownext")).Header("content-type").ShouldBe("application/octet-stream");
    }

    /// <summary>Traversal in every encoding the decoder could be fooled by: all 404, never the secret.</summary>
    [TestMethod]
    [DataRow("/static/..%2f..%2fsecret.txt")]
    [DataRow("/static/..%2F..%2Fsecret.txt")]
    [DataRow("/static/%2e%2e/secret.txt")]
    [DataRow("/static/%2E%2E/secret.txt")]
    [DataRow("/static/.%2e/secret.txt")]
    [DataRow("/static/%2e./secret.txt")]
    [DataRow("/static/../secret.txt")]
    [DataRow("/static/sub/../../secret.txt")]
    [DataRow("/static/%252e%252e/secret.txt")]
    [DataRow("/static/..%252f..%252fsecret.txt")]
    [DataRow("/static/..%5csecret.txt")]
    [DataRow("/static/..%5C..%5Csecret.txt")]
    [DataRow("/static/a.txt%00.png")]
    [DataRow("/static/a.txt%00")]
    [DataRow("/static/%00../secret.txt")]
    [DataRow("/static//..//secret.txt")]
    [DataRow("/static/escape.txt")]
    [DataRow("/static/outdir/secret.txt")]
    [DataRow("/static/C:/Windows/win.ini")]
    public async Task Traversal_AnyEncoding_Is404(string target)
    {
        var r = await Get(target);
        r.Status.ShouldBe(404, target);
        r.BodyText.ShouldNotContain("SECRET");
    }

    /// <summary>A raw backslash never reaches the file system: the request line parser or the path rules refuse it.</summary>
    [TestMethod]
    [DataRow("/static/..\\secret.txt")]
    [DataRow("/static/sub\\..\\..\\secret.txt")]
    public async Task Traversal_RawBackslash_IsRefused(string target)
    {
        var r = await Get(target);
        r.Status.ShouldBeOneOf(400, 404);
        r.BodyText.ShouldNotContain("SECRET");
    }

    /// <summary>Overlong UTF-8 for '.' ("%c0%ae") is not UTF-8: 400 (SafePath), never a file.</summary>
    [TestMethod]
    [DataRow("/static/%c0%ae%c0%ae/secret.txt")]
    [DataRow("/static/%zz")]
    [DataRow("/static/%2")]
    public async Task MalformedEscapes_Are400(string target)
    {
        var r = await Get(target);
        r.Status.ShouldBe(400);
        r.BodyText.ShouldNotContain("SECRET");
    }

    [TestMethod]
    public async Task SymlinkInsideTheRoot_IsServed()
        => (await Get("/static/inside.txt")).BodyText.ShouldBe("file a");

    [TestMethod]
    public async Task SymlinkPolicyRefuse_RefusesEvenInsideLinks()
    {
        await using var server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_root, new StaticFileOptions { Symlinks = SymlinkPolicy.Refuse }))]);
        (await Exchange.GetAsync(server.Port, "/static/inside.txt")).Status.ShouldBe(404);
        (await Exchange.GetAsync(server.Port, "/static/a.txt")).Status.ShouldBe(200);
    }

    [TestMethod]
    [DataRow("/static/.env")]
    [DataRow("/static/.git/config")]
    [DataRow("/static/%2eenv")]
    [DataRow("/static/%2egit/config")]
    public async Task DotFiles_AreRefusedByDefault(string target)
    {
        var r = await Get(target);
        r.Status.ShouldBe(404);
        r.BodyText.ShouldNotContain("SECRET");
    }

    [TestMethod]
    public async Task WellKnown_IsServedDespiteItsDot()
        => (await Get("/static/.well-known/security.txt")).BodyText.ShouldBe("Contact: me");

    [TestMethod]
    public async Task DotFiles_AllowedByOption()
    {
        await using var server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_root, new StaticFileOptions { AllowDotFiles = true }))]);
        (await Exchange.GetAsync(server.Port, "/static/.env")).Status.ShouldBe(200);
    }

    [TestMethod]
    public async Task Folder_WithIndex_ServesIt()
    {
        var r = await Get("/static/sub/");
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe("<p>sub index</p>");
        r.Header("content-type").ShouldBe("text/html; charset=utf-8");
    }

    /// <summary>Without the slash, relative links in the index would resolve against the parent: 301 to the slash, relative.</summary>
    [TestMethod]
    public async Task Folder_WithoutTrailingSlash_RedirectsRelatively()
    {
        var r = await Get("/static/sub?x=1");
        r.Status.ShouldBe(301);
        r.Header("location").ShouldBe("./sub/?x=1");
    }

    [TestMethod]
    public async Task Folder_WithoutIndex_Is404()
    {
        (await Get("/static/noindex/")).Status.ShouldBe(404);
        (await Get("/static/noindex")).Status.ShouldBe(404);
    }

    [TestMethod]
    public async Task Folder_IndexTurnedOff_Is404()
    {
        await using var server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_root, new StaticFileOptions { IndexFile = null }))]);
        (await Exchange.GetAsync(server.Port, "/static/sub/")).Status.ShouldBe(404);
    }

    [TestMethod]
    public async Task Missing_Is404()
        => (await Get("/static/nope.txt")).Status.ShouldBe(404);

    /// <summary>RFC 9110 §15.5.6: a 405 carries Allow.</summary>
    [TestMethod]
    [DataRow("POST")]
    [DataRow("PUT")]
    [DataRow("DELETE")]
    [DataRow("OPTIONS")]
    public async Task OtherMethods_Are405WithAllow(string method)
    {
        var r = await Exchange.SendAsync(s_server.Port, method, "/static/a.txt", "Content-Length: 0");
        r.Status.ShouldBe(405);
        r.Header("allow").ShouldBe("GET, HEAD");
    }

    [TestMethod]
    public async Task Head_HasTheHeadersOfGet_AndNoBody()
    {
        using var client = s_server.Connect();
        await client.SendAsync("HEAD /static/a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /static/a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await client.ReadResponseAsync(head: true);
        head.Status.ShouldBe(200);
        head.Header("content-length").ShouldBe("6");
        head.Header("etag").ShouldNotBeNull();
        // The next response starts right after the head: nothing was sent for the HEAD body.
        (await client.ReadResponseAsync()).BodyText.ShouldBe("file a");
    }

    [TestMethod]
    public async Task LargeFile_GoesWhole()
    {
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        s_tree.Write("www/big.bin", data);
        var r = await Get("/static/big.bin");
        r.Status.ShouldBe(200);
        r.Body.ShouldBe(data);
    }

    [TestMethod]
    public void Options_Invalid_Throw()
    {
        Should.Throw<ArgumentException>(() => StaticFiles.From(s_root, new StaticFileOptions { CacheControl = "max-age=1\r\nx: y" }));
        Should.Throw<ArgumentException>(() => StaticFiles.From(s_root, new StaticFileOptions { IndexFile = "a/index.html" }));
        Should.Throw<ArgumentException>(() => StaticFiles.From(s_root, new StaticFileOptions { Binding = "" }));
        Should.Throw<ArgumentException>(() => StaticFiles.From(""));
    }

    [TestMethod]
    public async Task NonAsciiName_IsServed()
    {
        s_tree.Write("www/café.txt", "crème");
        var r = await Get("/static/caf%C3%A9.txt");
        r.Status.ShouldBe(200);
        Encoding.UTF8.GetString(r.Body).ShouldBe("crème");
    }
}
