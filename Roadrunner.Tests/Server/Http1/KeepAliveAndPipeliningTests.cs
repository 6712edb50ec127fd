using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>Persistent connections (RFC 9112 §9.3), HTTP/1.0 keep-alive, Connection: close and pipelining (RFC 9112 §9.3.2).</summary>
[TestClass]
public sealed class KeepAliveAndPipeliningTests
{
    /// <summary>RFC 9112 §9.3: "HTTP/1.1 defaults to the use of "persistent connections", allowing multiple requests and responses to be carried over a single connection."</summary>
    [TestMethod]
    public async Task KeepAlive_Http11_SeveralRequestsOnOneSocket_AllAnswered()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync($"GET /echo/{i} HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = await client.ReadResponseAsync();
            response.BodyText.ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Header("connection").ShouldBeNull("a persistent HTTP/1.1 connection needs no Connection field");
        }

        server.Listener.Info().ActiveClients.ShouldBe(1);
        server.Listener.Info().RequestsServed.ShouldBe(5);
    }

    /// <summary>
    /// RFC 9112 §9.3: "If the received protocol is HTTP/1.0, the "keep-alive" connection option is present ... the
    /// connection will persist after the current response; otherwise, the connection will close after the current
    /// response."
    /// </summary>
    [TestMethod]
    public async Task Http10_WithoutKeepAlive_ClosesAfterTheResponse()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /echo/a HTTP/1.0\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("a");
        response.Header("connection").ShouldBe("close");
    }

    /// <summary>RFC 9112 §9.3: an HTTP/1.0 request with the "keep-alive" option persists, and the response says so (RFC 9112 Appendix C.2.2).</summary>
    [TestMethod]
    public async Task Http10_WithKeepAlive_StaysOpen_AndTheResponseSaysKeepAlive()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync($"GET /echo/{i} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            var response = await client.ReadResponseAsync();
            response.BodyText.ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Header("connection").ShouldBe("keep-alive");
        }

        await client.SendAsync("GET /echo/last HTTP/1.0\r\n\r\n");
        (await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK")).BodyText.ShouldBe("last");
    }

    /// <summary>
    /// RFC 9112 §9.6: "A server that receives a "close" connection option MUST initiate closure of the connection
    /// after it sends the final response to the request that contained the "close" connection option. The server
    /// SHOULD send a "close" connection option in its final response on that connection. The server MUST NOT
    /// process any further requests received on that connection."
    /// </summary>
    [TestMethod]
    [DataRow("close")]
    [DataRow("Close")]
    [DataRow("keep-alive, CLOSE")]
    public async Task ConnectionClose_Http11_AnsweredWithCloseAndNoFurtherRequestIsProcessed(string option)
    {
        var calls = 0;
        await using var server = await StartAsync(() => Interlocked.Increment(ref calls));
        using var client = server.Connect();

        await client.SendAsync($"GET /echo/a HTTP/1.1\r\nHost: x\r\nConnection: {option}\r\n\r\nGET /count HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("a");
        response.Header("connection").ShouldBe("close");
        calls.ShouldBe(0);
    }

    /// <summary>
    /// RFC 9112 §9.3.2: "A server MAY process a sequence of pipelined requests in parallel if they all have safe
    /// methods, but it MUST send the corresponding responses in the same order that the requests were received."
    /// </summary>
    [TestMethod]
    public async Task Pipelining_SixteenRequestsInOneWrite_AnsweredInOrder()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var batch = new StringBuilder();
        for (var i = 0; i < 16; i++) batch.Append($"GET /echo/{i} HTTP/1.1\r\nHost: x\r\n\r\n");

        await client.SendAsync(batch.ToString());

        for (var i = 0; i < 16; i++)
            (await client.ReadResponseAsync()).BodyText.ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Listener.Info().ActiveClients.ShouldBe(1);
    }

    /// <summary>
    /// A batch longer than an idle connection's first read is still answered in one write: the rest of the batch is
    /// already waiting, so the answers to its first requests do not leave alone. The client's first receive holds
    /// all sixteen.
    /// </summary>
    [TestMethod]
    public async Task Pipelining_BatchLongerThanTheFirstRead_AnsweredInOneWrite()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var batch = new StringBuilder();
        for (var i = 0; i < 16; i++) batch.Append($"GET /echo/{i} HTTP/1.1\r\nHost: x\r\n\r\n");
        batch.Length.ShouldBeGreaterThan(128 * 4, "longer than the idle read, several times over");

        // A first request and its answer, so the connection is idle and keeps alive when the batch arrives.
        await client.SendAsync("GET /echo/first HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("first");
        await client.SendAsync(batch.ToString());

        client.Socket.ReceiveTimeout = 10_000;
        var buffer = new byte[64 * 1024];
        int n = client.Socket.Receive(buffer);
        var text = Encoding.Latin1.GetString(buffer, 0, n);
        text.Split("HTTP/1.1 200 OK").Length.ShouldBe(17, $"one receive: {text}");
    }

    /// <summary>A pipelined batch larger than the connection's input buffer is read in pieces and still answered in order.</summary>
    [TestMethod]
    public async Task Pipelining_TwoHundredRequestsLargerThanTheInputBuffer_AnsweredInOrder()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var padding = new string('p', 200);
        var batch = new StringBuilder();
        for (var i = 0; i < 200; i++) batch.Append($"GET /echo/{i} HTTP/1.1\r\nHost: x\r\nX-Padding: {padding}\r\n\r\n");

        await client.SendAsync(batch.ToString());

        for (var i = 0; i < 200; i++)
            (await client.ReadResponseAsync()).BodyText.ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Several connections pipelining at once are each answered in their own order.</summary>
    [TestMethod]
    public async Task Pipelining_ManyConnectionsAtOnce_EachAnsweredInOrder()
    {
        await using var server = await StartAsync();
        var clients = Enumerable.Range(0, 10).Select(_ => server.Connect()).ToArray();
        try
        {
            await Task.WhenAll(clients.Select((c, n) => c.SendAsync(string.Concat(Enumerable.Range(0, 20).Select(i => $"GET /echo/{n}-{i} HTTP/1.1\r\nHost: x\r\n\r\n")))));

            await Task.WhenAll(clients.Select(async (c, n) =>
            {
                for (var i = 0; i < 20; i++) (await c.ReadResponseAsync()).BodyText.ShouldBe($"{n}-{i}");
            }));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }

        server.Listener.Info().RequestsServed.ShouldBe(200);
    }

    /// <summary>
    /// RFC 9112 §9.6: a client may close its sending side once its request is out; that is not a reset, and the
    /// server still answers what it received before closing.
    /// </summary>
    [TestMethod]
    public async Task KeepAlive_ClientHalfClosesAfterItsRequests_StillGetsEveryResponse()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\n");
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        (await client.ReadResponseAsync()).BodyText.ShouldBe("1");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("2");
        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        client.Unread.ShouldBeEmpty();
    }

    /// <summary>RFC 9112 §9.3.2: responses keep the order of the requests even when the first handler is the slowest.</summary>
    [TestMethod]
    public async Task Pipelining_BehindASlowHandler_AnsweredInOrder()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/slow", async _ =>
            {
                lock (order) order.Add("slow");
                entered.TrySetResult();
                await release.Task;
                return Response.Text(200, "slow");
            }),
            Route.Get("/echo/:n", req =>
            {
                lock (order) order.Add(req.Bindings["n"]);
                return Response.Text(200, req.Bindings["n"]);
            }),
        ]);
        using var client = server.Connect();

        await client.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5));
        lock (order) string.Join(",", order).ShouldBe("slow", "later requests wait for the one before them");
        release.SetResult();

        (await client.ReadResponseAsync()).BodyText.ShouldBe("slow");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("1");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("2");
        lock (order) string.Join(",", order).ShouldBe("slow,1,2");
    }

    /// <summary>A handler that waits does not hold back the answer to an earlier pipelined request: it leaves first.</summary>
    [TestMethod]
    public async Task Pipelining_SlowSecondHandler_FirstResponseArrivesWhileItWaits()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/slow", async _ =>
            {
                await release.Task;
                return Response.Text(200, "slow");
            }),
            Route.Get("/echo/:n", req => Response.Text(200, req.Bindings["n"])),
        ]);
        using var client = server.Connect();

        await client.SendAsync("GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync(timeout: TimeSpan.FromSeconds(5))).BodyText.ShouldBe("1");
        release.SetResult();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("slow");
    }

    /// <summary>
    /// RFC 9112 §9.3.2: responses to pipelined requests are sent in order; a malformed request behind a good one
    /// does not cost the good one its answer. The 400 follows it and the connection closes.
    /// </summary>
    [TestMethod]
    public async Task Pipelining_GoodRequestThenMalformedOne_GoodOneAnsweredThen400()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost : x\r\n\r\n");

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        var bytes = Encoding.Latin1.GetBytes(text);
        RawResponse.TryParse(bytes, false, out var first, out var consumed).ShouldBeTrue($"got: {text}");
        first!.BodyText.ShouldBe("1");
        RawResponse.TryParse(bytes[consumed..], false, out var second, out var rest).ShouldBeTrue($"got: {text}");
        second!.StatusLine.ShouldBe("HTTP/1.1 400 Bad Request");
        (consumed + rest).ShouldBe(bytes.Length);
    }

    /// <summary>The same for a body refused by its declared length: the good request before it is answered, then 413.</summary>
    [TestMethod]
    public async Task Pipelining_GoodRequestThenOversizedBody_GoodOneAnsweredThen413()
    {
        await using var server = await StartAsync(configure: o => o with { MaxContentLength = 10 });
        using var client = server.Connect();

        await client.SendAsync("GET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("1");
        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
    }

    /// <summary>RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD ignore at least one empty line (CRLF) received prior to the request-line."</summary>
    [TestMethod]
    public async Task Pipelining_EmptyLinesBetweenRequests_AreIgnored()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("\r\nGET /echo/1 HTTP/1.1\r\nHost: x\r\n\r\n\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("1");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("2");
    }

    /// <summary>Requests split at every byte are read the same as whole ones (the parser resumes where it stopped).</summary>
    [TestMethod]
    public async Task KeepAlive_RequestSentOneByteAtATime_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var request = Encoding.ASCII.GetBytes("POST /echo/slowly HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");

        foreach (var b in request) await client.SendAsync([b]);

        (await client.ReadResponseAsync()).BodyText.ShouldBe("slowly");
    }

    private static Task<TestServer> StartAsync(Action? onCount = null, Func<Roadrunner.Server.Listening.ListenerOptions, Roadrunner.Server.Listening.ListenerOptions>? configure = null) => TestServer.StartAsync(
    [
        Route.Map("/echo/:n", req => Response.Text(200, req.Bindings["n"])),
        Route.Get("/count", _ =>
        {
            onCount?.Invoke();
            return Response.Text(200, "counted");
        }),
    ], configure);
}
