using Roadrunner.Server.Forms;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Requests;

/// <summary><c>Request.Query</c> over real sockets: the query string decoded as a form, or empty with the reason.</summary>
[TestClass]
public sealed class QueryAccessorTests
{
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_server = await TestServer.StartAsync(
        [
            Route.Get("/q", req => Response.Text(200,
                string.Join("&", req.Query.Select(p => $"[{p.Key}]=[{p.Value}]")) + "|" + req.QueryError.Kind)),
        ]);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    private static async Task<string> Query(string target) => (await Exchange.GetAsync(s_server.Port, target)).BodyText;

    [TestMethod]
    [DataRow("/q", "|None")]
    [DataRow("/q?", "|None")]
    [DataRow("/q?a=1", "[a]=[1]|None")]
    [DataRow("/q?a=1&b=2&a=3", "[a]=[1]&[b]=[2]&[a]=[3]|None")]
    [DataRow("/q?name=caf%C3%A9+au+lait", "[name]=[café au lait]|None")]
    [DataRow("/q?flag&empty=&=v", "[flag]=[]&[empty]=[]&[]=[v]|None")]
    [DataRow("/q?a=1&&b=2&", "[a]=[1]&[b]=[2]|None")]
    [DataRow("/q?k=a%3Db%26c", "[k]=[a=b&c]|None")]
    [DataRow("/q?%E2%82%AC=euro", "[€]=[euro]|None")]
    public async Task Query_IsDecoded(string target, string expected)
        => (await Query(target)).ShouldBe(expected);

    /// <summary>Escapes of bytes that are not UTF-8 give an empty query and the reason; the request is still served.</summary>
    [TestMethod]
    [DataRow("/q?a=%ff")]
    [DataRow("/q?a=1&b=%c0%ae")]
    [DataRow("/q?a=%e2%82")]
    public async Task Query_NotUtf8_IsEmptyWithReason(string target)
        => (await Query(target)).ShouldBe("|InvalidUtf8");

    /// <summary>RFC 3986 §2.1: a '%' without two hex digits is refused by the HTTP/1.1 request-target parser before any handler.</summary>
    [TestMethod]
    [DataRow("/q?a=%zz")]
    [DataRow("/q?a=1&b=%4")]
    public async Task Query_MalformedEscape_Is400(string target)
        => (await Exchange.GetAsync(s_server.Port, target)).Status.ShouldBe(400);

    [TestMethod]
    public async Task Query_TooManyPairs_IsEmptyWithReason()
    {
        var target = "/q?" + string.Join("&", Enumerable.Range(0, FormOptions.Default.MaxPairCount + 1).Select(i => "a"));
        (await Query(target)).ShouldBe("|TooManyPairs");
    }

    /// <summary>A connection re-uses its request object: the next request's query is its own.</summary>
    [TestMethod]
    public async Task Query_IsFreshForEachPipelinedRequest()
    {
        using var client = s_server.Connect();
        await client.SendAsync("GET /q?a=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /q?a=%ff HTTP/1.1\r\nHost: x\r\n\r\nGET /q HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("[a]=[1]|None");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("|InvalidUtf8");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("|None");
    }
}
