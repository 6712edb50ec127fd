using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §13.2.2 over real sockets: the 304 / 412 matrix of the static file handler.</summary>
[TestClass]
public sealed class StaticFileConditionalTests
{
    private const string Body = "conditional body";
    private const string ModifiedText = "Wed, 01 May 2024 12:00:00 GMT";
    private const string Before = "Wed, 01 May 2024 11:59:59 GMT";
    private const string After = "Wed, 01 May 2024 12:00:01 GMT";
    private static readonly DateTime Modified = new(2024, 5, 1, 12, 0, 0, 250, DateTimeKind.Utc);
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;
    private static string s_etag = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-cond");
        var path = s_tree.Write("c.txt", Body);
        File.SetLastWriteTimeUtc(path, Modified);
        s_server = await TestServer.StartAsync(
            [Route.Map("/static/*path", StaticFiles.From(s_tree.Root, new StaticFileOptions { CacheControl = "public, max-age=60" }))]);
        s_etag = (await Exchange.GetAsync(s_server.Port, "/static/c.txt")).Header("etag")!;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    private static Task<RawResponse> Get(params string[] headers) => Exchange.GetAsync(s_server.Port, "/static/c.txt", headers);

    [TestMethod]
    public async Task Plain_Carries_StrongETag_LastModified_CacheControl()
    {
        var r = await Get();
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe(Body);
        r.Header("etag").ShouldBe($"\"{Body.Length:x}-{Modified.Ticks:x}\"");
        r.Header("last-modified").ShouldBe(ModifiedText);
        r.Header("cache-control").ShouldBe("public, max-age=60");
    }

    [TestMethod]
    public async Task ETag_ChangesWithTheFile()
    {
        var path = s_tree.Write("changing.txt", "one");
        var first = (await Exchange.GetAsync(s_server.Port, "/static/changing.txt")).Header("etag");
        File.WriteAllText(path, "three");
        var second = (await Exchange.GetAsync(s_server.Port, "/static/changing.txt")).Header("etag");
        second.ShouldNotBe(first);
    }

    /// <summary>RFC 9110 §15.4.5: a 304 has no body and carries ETag, Cache-Control (and here Last-Modified).</summary>
    [TestMethod]
    public async Task IfNoneMatch_Current_Is304WithValidatorsAndNoBody()
    {
        using var client = s_server.Connect();
        await client.SendAsync($"GET /static/c.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: {s_etag}\r\n\r\nGET /static/c.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = await client.ReadResponseAsync();
        r.Status.ShouldBe(304);
        r.Header("etag").ShouldBe(s_etag);
        r.Header("last-modified").ShouldBe(ModifiedText);
        r.Header("cache-control").ShouldBe("public, max-age=60");
        r.Header("content-length").ShouldBeNull();
        r.Header("content-type").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe(Body, "the next response follows the 304 head directly");
    }

    /// <summary>§13.1.2: If-None-Match uses the weak comparison.</summary>
    [TestMethod]
    public async Task IfNoneMatch_WeakFormOfCurrent_Is304()
        => (await Get($"If-None-Match: W/{s_etag}")).Status.ShouldBe(304);

    [TestMethod]
    public async Task IfNoneMatch_InAList_Is304()
        => (await Get($"If-None-Match: \"other\", {s_etag}")).Status.ShouldBe(304);

    [TestMethod]
    public async Task IfNoneMatch_Star_Is304()
        => (await Get("If-None-Match: *")).Status.ShouldBe(304);

    [TestMethod]
    [DataRow("\"other\"")]
    [DataRow("garbage")]
    [DataRow("\"unterminated")]
    public async Task IfNoneMatch_OtherOrInvalid_Is200(string value)
        => (await Get($"If-None-Match: {value}")).Status.ShouldBe(200);

    [TestMethod]
    public async Task IfModifiedSince_AtOrAfter_Is304()
    {
        (await Get($"If-Modified-Since: {ModifiedText}")).Status.ShouldBe(304);
        (await Get($"If-Modified-Since: {After}")).Status.ShouldBe(304);
    }

    [TestMethod]
    [DataRow(Before)]
    [DataRow("not a date")]
    public async Task IfModifiedSince_BeforeOrInvalid_Is200(string value)
        => (await Get($"If-Modified-Since: {value}")).Status.ShouldBe(200);

    /// <summary>§13.2.2 step 3: If-None-Match is evaluated instead of If-Modified-Since.</summary>
    [TestMethod]
    public async Task IfNoneMatch_Mismatch_WinsOverIfModifiedSince()
        => (await Get("If-None-Match: \"other\"", $"If-Modified-Since: {After}")).Status.ShouldBe(200);

    [TestMethod]
    public async Task IfMatch_CurrentOrStar_Is200()
    {
        (await Get($"If-Match: {s_etag}")).Status.ShouldBe(200);
        (await Get("If-Match: *")).Status.ShouldBe(200);
    }

    /// <summary>§13.1.1: If-Match uses the strong comparison; a weak tag never matches.</summary>
    [TestMethod]
    [DataRow("\"other\"")]
    [DataRow("W/CURRENT")]
    [DataRow("garbage")]
    public async Task IfMatch_OtherWeakOrInvalid_Is412(string value)
    {
        var r = await Get($"If-Match: {value.Replace("CURRENT", s_etag, StringComparison.Ordinal)}");
        r.Status.ShouldBe(412);
        r.Body.ShouldBeEmpty();
    }

    [TestMethod]
    public async Task IfUnmodifiedSince_Before_Is412_AtOrAfter_Is200()
    {
        (await Get($"If-Unmodified-Since: {Before}")).Status.ShouldBe(412);
        (await Get($"If-Unmodified-Since: {ModifiedText}")).Status.ShouldBe(200);
        (await Get("If-Unmodified-Since: nonsense")).Status.ShouldBe(200);
    }

    /// <summary>§13.2.2 step 2: If-Unmodified-Since is ignored when If-Match is present.</summary>
    [TestMethod]
    public async Task IfMatch_Present_IfUnmodifiedSinceIgnored()
        => (await Get($"If-Match: {s_etag}", $"If-Unmodified-Since: {Before}")).Status.ShouldBe(200);

    /// <summary>§13.2.2: If-Match failing wins over If-None-Match.</summary>
    [TestMethod]
    public async Task IfMatch_Failing_WinsOverIfNoneMatch()
        => (await Get("If-Match: \"other\"", $"If-None-Match: {s_etag}")).Status.ShouldBe(412);

    [TestMethod]
    public async Task Head_WithIfNoneMatch_Is304()
    {
        var r = await Exchange.SendAsync(s_server.Port, "HEAD", "/static/c.txt", $"If-None-Match: {s_etag}");
        r.Status.ShouldBe(304);
    }

    [TestMethod]
    public async Task FutureModificationTime_IsCappedAtNow()
    {
        var path = s_tree.Write("future.txt", "x");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddYears(5));
        var r = await Exchange.GetAsync(s_server.Port, "/static/future.txt");
        HttpDate.TryParse(r.Header("last-modified")!, out var sent).ShouldBeTrue();
        sent.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddSeconds(1));
    }
}
