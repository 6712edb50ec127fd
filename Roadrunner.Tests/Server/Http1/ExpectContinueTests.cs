using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary><c>Expect: 100-continue</c> (RFC 9110 §10.1.1) in auto and manual body modes.</summary>
[TestClass]
public sealed class ExpectContinueTests
{
    private const string Continue = "HTTP/1.1 100 Continue\r\n\r\n";

    /// <summary>
    /// RFC 9110 §10.1.1: "A server that receives a 100-continue expectation in an HTTP/1.1 request ... MUST either
    /// immediately respond with a final status code, if that status can be determined by examining just the method,
    /// target URI, and header fields, or immediately send a 100 (Continue) response". In auto mode the server reads
    /// the body before the handler, so it sends 100 first.
    /// </summary>
    [TestMethod]
    public async Task AutoMode_ExpectContinue_ServerSends100BeforeReadingTheBody()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        (await client.ReadUntilAsync("\r\n\r\n")).ShouldBe(Continue);
        await client.SendAsync("hello");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("hello");
    }

    /// <summary>RFC 9110 §10.1.1: "The expectation token "100-continue" is case-insensitive."</summary>
    [TestMethod]
    public async Task AutoMode_ExpectContinueInAnyCase_ServerSends100()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-CONTINUE\r\n\r\n");
        (await client.ReadUntilAsync("\r\n\r\n")).ShouldBe(Continue);
        await client.SendAsync("ok");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("ok");
    }

    /// <summary>After a 100-continue exchange the connection persists: the next request on it is served.</summary>
    [TestMethod]
    public async Task AutoMode_AfterAContinueExchange_ConnectionServesTheNextRequest()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
        (await client.ReadUntilAsync("\r\n\r\n")).ShouldBe(Continue);
        await client.SendAsync("one");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("one");

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo");
        var second = await client.ReadResponseAsync();
        second.BodyText.ShouldBe("two");
        second.Header("connection").ShouldBeNull();
    }

    /// <summary>
    /// RFC 9110 §10.1.1: the server may "immediately respond with a final status code, if that status can be
    /// determined by examining just the method, target URI, and header fields": a declared length over the limit
    /// is answered 413 with no 100 before it.
    /// </summary>
    [TestMethod]
    public async Task ExpectContinue_DeclaredLengthOverTheLimit_Answers413Without100()
    {
        await using var server = await StartAsync(o => o with { MaxContentLength = 10 });
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
    }

    /// <summary>
    /// In manual mode the 100 is sent only when the handler reads the body: the client's body is asked for exactly
    /// when it is wanted.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_HandlerReadsTheBody_100IsSentThenTheBodyIsRead()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /manual/read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        (await client.ReadUntilAsync("\r\n\r\n")).ShouldBe(Continue);
        await client.SendAsync("hello");

        var response = await client.ReadResponseAsync();
        response.BodyText.ShouldBe("hello");
        response.Header("connection").ShouldBeNull();
    }

    /// <summary>
    /// RFC 9110 §10.1.1: a server that answers with a final status instead of 100 need not read the content; the
    /// client never sends it, so the server cannot read on past it and closes: no 100, and the response says close.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_HandlerAnswersWithoutReading_No100_AndTheConnectionCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /manual/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 403 Forbidden");
        response.Header("connection").ShouldBe("close");
    }

    /// <summary>
    /// RFC 9110 §10.1.1: the server may "immediately respond with a final status code, if that status can be
    /// determined by examining just the method, target URI, and header fields". In manual mode a middleware that
    /// refuses the request from its fields alone answers before any 100, and the body is never asked for.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_MiddlewareRefusesFromTheFields_FinalStatusWithout100()
    {
        Middleware auth = (req, next) => req.Headers.Contains("authorization") ? next(req) : ValueTask.FromResult<Response>(Response.Text(401, "who?"));
        await using var server = await TestServer.StartAsync(
            [Route.Map("/upload", async req => (Response)Response.Bytes(200, await req.ReadBodyToEndAsync(), "text/plain")).WithBodyMode(BodyMode.Manual)],
            o => o with { Middlewares = [auth] });
        using var client = server.Connect();

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 401 Unauthorized");
        response.Header("connection").ShouldBe("close");
    }

    /// <summary>RFC 9110 §10.1.1: "A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation."</summary>
    [TestMethod]
    [DataRow("/auto")]
    [DataRow("/manual/read")]
    public async Task Http10_ExpectContinue_IsIgnored_No100(string path)
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync($"POST {path} HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("hello");
    }

    /// <summary>A request without content has nothing to wait for: the expectation changes nothing and no 100 is sent.</summary>
    [TestMethod]
    public async Task ExpectContinue_WithoutABody_No100()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\nGET /auto HTTP/1.1\r\nHost: x\r\n\r\n");

        var first = await client.ReadResponseAsync();
        first.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        first.BodyText.ShouldBeEmpty();
        (await client.ReadResponseAsync()).StatusLine.ShouldBe("HTTP/1.1 200 OK");
    }

    private static Task<TestServer> StartAsync(Func<Roadrunner.Server.Listening.ListenerOptions, Roadrunner.Server.Listening.ListenerOptions>? configure = null) => TestServer.StartAsync(
    [
        Route.Map("/auto", req => Response.Bytes(200, req.Body.ToArray(), "text/plain")),
        Route.Map("/manual/read", async req => (Response)Response.Bytes(200, await req.ReadBodyToEndAsync(), "text/plain")).WithBodyMode(BodyMode.Manual),
        Route.Map("/manual/ignore", _ => Response.Text(403, "no")).WithBodyMode(BodyMode.Manual),
    ], configure);
}
