using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>HEAD over every response shape: the GET head, no body, and the connection stays in step.</summary>
[TestClass]
public sealed class HeadTests
{
    /// <summary>
    /// RFC 9110 §9.3.2: "The HEAD method is identical to GET except that the server MUST NOT send content in the
    /// response. ... The server SHOULD send the same header fields in response to a HEAD request as it would have
    /// sent if the request method had been GET." The pipelined request after it is read from the right byte.
    /// </summary>
    [TestMethod]
    public async Task Head_Buffered_SameFieldsAsGetIncludingContentLength_NoBody_NextRequestParsedRight()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /text HTTP/1.1\r\nHost: x\r\n\r\nHEAD /text HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var get = await client.ReadResponseAsync();
        var head = await client.ReadResponseAsync(head: true);
        var next = await client.ReadResponseAsync();
        head.StatusLine.ShouldBe(get.StatusLine);
        Fields(head).ShouldBe(Fields(get));
        head.Header("content-length").ShouldBe("11");
        next.BodyText.ShouldBe("next", "no body bytes were sent after the HEAD head, so the next response starts right after it");
    }

    /// <summary>HEAD of a stream response: the head says chunked, the writer does not run and no chunk is sent.</summary>
    [TestMethod]
    public async Task Head_Stream_HeadOnly_WriterNotRun_NextRequestParsedRight()
    {
        var writerRuns = 0;
        await using var server = await StartAsync(() => Interlocked.Increment(ref writerRuns));
        using var client = server.Connect();

        await client.SendAsync("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseAsync(head: true);
        head.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        head.Header("transfer-encoding").ShouldBe("chunked");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
        writerRuns.ShouldBe(0);
    }

    /// <summary>HEAD of a file: Content-Length is the file's size, and no byte of it is sent.</summary>
    [TestMethod]
    public async Task Head_File_ContentLengthOfTheFile_NoBody_NextRequestParsedRight()
    {
        using var file = TempFile.Create(70_000);
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/file", _ => Response.File(file.Path, "application/x-test")),
            Route.Get("/next", _ => Response.Text(200, "next")),
        ]);
        using var client = server.Connect();

        await client.SendAsync("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseAsync(head: true);
        head.Header("content-length").ShouldBe("70000");
        head.Header("content-type").ShouldBe("application/x-test");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>HEAD of a push response: the head, no body, no handler call, and the connection closes as for GET.</summary>
    [TestMethod]
    public async Task Head_Push_HeadOnly_HandlerNotOpened_Closes()
    {
        var push = new ResponseShapesTests.RecordingPush();
        await using var server = await TestServer.StartAsync([Route.Get("/push", _ => Response.Push(200, "text/event-stream", push))]);
        using var client = server.Connect();

        await client.SendAsync("HEAD /push HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK", head: true);
        head.Header("content-type").ShouldBe("text/event-stream");
        push.Opened.Task.IsCompleted.ShouldBeFalse();
    }

    /// <summary>RFC 9110 §9.3.2: a route for GET answers HEAD too.</summary>
    [TestMethod]
    public async Task Head_OnAGetRoute_IsAnswered()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("HEAD /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseAsync(head: true);
        head.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        head.Header("content-length").ShouldBe("4");
    }

    private static string Fields(RawResponse r) =>
        string.Join("\n", r.Headers.Where(h => !h.Key.Equals("date", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Key}: {h.Value}"));

    private static Task<TestServer> StartAsync(Action? onStreamWriter = null) => TestServer.StartAsync(
    [
        Route.Get("/text", _ => Response.Text(200, "hello there").WithHeader("x-extra", "1")),
        Route.Get("/stream", _ => Response.Stream(200, "text/plain", s =>
        {
            onStreamWriter?.Invoke();
            return s.WriteAsync("body"u8.ToArray());
        })),
        Route.Get("/next", _ => Response.Text(200, "next")),
    ]);
}
