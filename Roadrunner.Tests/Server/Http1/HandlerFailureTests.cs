using Microsoft.Extensions.Logging;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>What the server does when application code fails: 500 and close, or a cut connection once the head is out; always logged.</summary>
[TestClass]
public sealed class HandlerFailureTests
{
    /// <summary>
    /// RFC 9110 §15.6.1: "The 500 (Internal Server Error) status code indicates that the server encountered an
    /// unexpected condition that prevented it from fulfilling the request." The connection closes after it, and the
    /// failure is logged at Error with the exception, inside a scope that carries the request id.
    /// </summary>
    [TestMethod]
    [DataRow("/sync")]
    [DataRow("/async")]
    [DataRow("/middleware")]
    public async Task HandlerThrows_Answers500AndCloses_LoggedWithExceptionAndRequestId(string path)
    {
        var log = new RecordingLoggerProvider();
        var ids = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await StartAsync(log, ids);
        using var client = server.Connect();

        await client.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 500 Internal Server Error");
        response.Header("connection").ShouldBe("close");
        response.BodyText.ShouldBe("Internal Server Error");
        response.BodyText.ShouldNotContain("boom", customMessage: "exception details never reach the client");
        var entry = log.Entries.Single(e => e.Level == LogLevel.Error);
        entry.Exception.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("boom " + path);
        ids.TryDequeue(out var id).ShouldBeTrue();
        entry.ScopeValue("RequestId").ShouldBe(id);
        entry.Message.ShouldContain(path);
    }

    /// <summary>A failed request does not disturb the listener: the next connection is served.</summary>
    [TestMethod]
    public async Task HandlerThrows_OtherConnectionsAreStillServed()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await StartAsync(log, new());
        using (var failing = server.Connect())
        {
            await failing.SendAsync("GET /sync HTTP/1.1\r\nHost: x\r\n\r\n");
            await WireAssert.OneResponseThenCloseAsync(failing, "HTTP/1.1 500 Internal Server Error");
        }

        using var client = server.Connect();
        await client.SendAsync("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("ok");
    }

    /// <summary>
    /// Once the head and some chunks are out, a failing stream writer cannot change the status: the server cuts the
    /// connection without the last chunk, so the client sees an incomplete body rather than a truncated success.
    /// </summary>
    [TestMethod]
    public async Task StreamWriterThrowsAfterTheHead_ConnectionCutWithoutTheLastChunk_Logged()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await StartAsync(log, new());
        using var client = server.Connect();

        await client.SendAsync("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        text.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        text.ShouldEndWith("\r\n\r\n5\r\nfirst\r\n");
        text.ShouldNotContain("\r\n0\r\n");
        (await Eventually.TrueAsync(() => log.Entries.Any(e => e.Level == LogLevel.Error))).ShouldBeTrue();
        log.Entries.First(e => e.Level == LogLevel.Error).Exception!.Message.ShouldBe("boom in writer");
    }

    /// <summary>A push handler that fails while writing cuts the connection the same way, without the last chunk.</summary>
    [TestMethod]
    public async Task PushHandlerThrows_ConnectionCutWithoutTheLastChunk()
    {
        var push = new FailingPush();
        await using var server = await TestServer.StartAsync([Route.Get("/push", _ => Response.Push(200, "text/plain", push))]);
        using var client = server.Connect();
        await client.SendAsync("GET /push HTTP/1.1\r\nHost: x\r\n\r\n");
        var ctx = await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));

        ctx.Post("fail");

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        text.ShouldNotContain("\r\n0\r\n");
    }

    /// <summary>A handler that returns no response is a failure like a throw: 500, close, logged.</summary>
    [TestMethod]
    public async Task HandlerReturnsNull_Answers500AndCloses_Logged()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await TestServer.StartAsync([Route.Get("/null", _ => null!)], o => o with { LoggerFactory = log.Factory });
        using var client = server.Connect();

        await client.SendAsync("GET /null HTTP/1.1\r\nHost: x\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 500 Internal Server Error");
        log.Entries.ShouldContain(e => e.Level == LogLevel.Error);
    }

    /// <summary>A handler may refuse a body itself by letting a <see cref="RequestBodyException"/> escape: its status (413) is the answer.</summary>
    [TestMethod]
    public async Task HandlerThrowsRequestBodyException413_Answers413AndCloses()
    {
        await using var server = await TestServer.StartAsync([Route.Post("/limit", Response (_) => throw new RequestBodyException(413, "too big for this route"))]);
        using var client = server.Connect();

        await client.SendAsync("POST /limit HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
    }

    private static Task<TestServer> StartAsync(RecordingLoggerProvider log, System.Collections.Concurrent.ConcurrentQueue<string> ids)
    {
        Middleware failing = (req, next) =>
        {
            ids.Enqueue(req.Id);
            throw new InvalidOperationException("boom " + req.Path);
        };
        return TestServer.StartAsync(
        [
            Route.Get("/sync", Response (req) =>
            {
                ids.Enqueue(req.Id);
                throw new InvalidOperationException("boom /sync");
            }),
            Route.Get("/async", async ValueTask<Response> (req) =>
            {
                ids.Enqueue(req.Id);
                await Task.Yield();
                throw new InvalidOperationException("boom /async");
            }),
            Route.Map("/middleware", _ => Response.Text(200, "unreachable")).WithMiddlewares(failing),
            Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
            {
                await s.WriteAsync("first"u8.ToArray());
                throw new InvalidOperationException("boom in writer");
            })),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ], o => o with { LoggerFactory = log.Factory });
    }

    private sealed class FailingPush : IPushHandler
    {
        public TaskCompletionSource<PushContext> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask OnOpenAsync(PushContext context)
        {
            await context.WriteAsync("open"u8.ToArray());
            Opened.TrySetResult(context);
        }

        public ValueTask OnMessageAsync(PushContext context, object message) => throw new InvalidOperationException("push failed");
    }
}
