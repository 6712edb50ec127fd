using System.Text;
using System.Text.Json.Serialization;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>Every response shape on the wire: buffered helpers, cached instances, headers, stream, push and file.</summary>
[TestClass]
public sealed class ResponseShapesTests
{
    private static readonly BufferedResponse Cached = Response.Text(200, "cached body");
    private static readonly Response CachedWithHeader = Response.Json(201, "{\"a\":1}").WithHeader("x-cached", "yes");

    /// <summary><see cref="Response.Text"/>: the status, <c>text/plain; charset=utf-8</c>, the UTF-8 body and its exact length.</summary>
    [TestMethod]
    public async Task Text_ExactStatusContentTypeLengthAndBody()
    {
        var response = await GetAsync(Route.Get("/r", _ => Response.Text(200, "héllo")));

        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.Header("content-type").ShouldBe("text/plain; charset=utf-8");
        response.Header("content-length").ShouldBe("6");
        response.Body.ShouldBe(Encoding.UTF8.GetBytes("héllo"));
        response.Header("date").ShouldNotBeNull();
    }

    /// <summary><see cref="Response.Html"/>: <c>text/html; charset=utf-8</c>.</summary>
    [TestMethod]
    public async Task Html_ExactStatusContentTypeAndBody()
    {
        var response = await GetAsync(Route.Get("/r", _ => Response.Html(404, "<p>gone</p>")));

        response.StatusLine.ShouldBe("HTTP/1.1 404 Not Found");
        response.Header("content-type").ShouldBe("text/html; charset=utf-8");
        response.BodyText.ShouldBe("<p>gone</p>");
    }

    /// <summary><see cref="Response.Json(int, string)"/> and the source-generated overload: <c>application/json</c>.</summary>
    [TestMethod]
    public async Task Json_TextAndTyped_ExactContentTypeAndBody()
    {
        var text = await GetAsync(Route.Get("/r", _ => Response.Json(200, "{\"ok\":true}")));
        var typed = await GetAsync(Route.Get("/r", _ => Response.Json(200, new Greeting("hi"), ShapesJson.Default.Greeting)));

        text.Header("content-type").ShouldBe("application/json");
        text.BodyText.ShouldBe("{\"ok\":true}");
        typed.Header("content-type").ShouldBe("application/json");
        typed.BodyText.ShouldBe("{\"message\":\"hi\"}");
    }

    /// <summary>RFC 9110 §15.4: a redirect carries Location; the default is 302 Found and the body is empty.</summary>
    [TestMethod]
    [DataRow(302, "HTTP/1.1 302 Found")]
    [DataRow(301, "HTTP/1.1 301 Moved Permanently")]
    [DataRow(307, "HTTP/1.1 307 Temporary Redirect")]
    [DataRow(308, "HTTP/1.1 308 Permanent Redirect")]
    public async Task Redirect_StatusAndLocation_EmptyBody(int status, string statusLine)
    {
        var response = await GetAsync(Route.Get("/r", _ => status == 302 ? Response.Redirect("/elsewhere?x=1") : Response.Redirect("/elsewhere?x=1", status)));

        response.StatusLine.ShouldBe(statusLine);
        response.Header("location").ShouldBe("/elsewhere?x=1");
        response.Header("content-length").ShouldBe("0");
        response.Header("content-type").ShouldBeNull();
        response.Body.ShouldBeEmpty();
    }

    /// <summary>A redirect status outside 3xx, or a Location with CR/LF, is a programmer error.</summary>
    [TestMethod]
    public void Redirect_InvalidStatusOrLocation_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Response.Redirect("/x", 200));
        Should.Throw<ArgumentException>(() => Response.Redirect("/x\r\nSet-Cookie: a=b"));
    }

    /// <summary>RFC 9110 §8.6: "A server MUST NOT send a Content-Length header field in any response with a status code of ... 204 (No Content)".</summary>
    [TestMethod]
    public async Task Empty_Default204_HasNoContentLengthAndNoBody_ConnectionPersists()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/r", _ => Response.Empty()), Route.Get("/next", _ => Response.Text(200, "next"))]);
        using var client = server.Connect();

        await client.SendAsync("GET /r HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 204 No Content");
        response.Header("content-length").ShouldBeNull();
        response.Header("content-type").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary><see cref="Response.Empty"/> with another status has an explicit zero length.</summary>
    [TestMethod]
    public async Task Empty_OtherStatus_HasContentLengthZero()
    {
        var response = await GetAsync(Route.Get("/r", _ => Response.Empty(202)));

        response.StatusLine.ShouldBe("HTTP/1.1 202 Accepted");
        response.Header("content-length").ShouldBe("0");
    }

    /// <summary>A response body is refused for 204 and 304, and interim statuses are the server's own.</summary>
    [TestMethod]
    public void Buffered_BodyOn204Or304_OrInterimStatus_Throws()
    {
        Should.Throw<ArgumentException>(() => Response.Bytes(204, new byte[1]));
        Should.Throw<ArgumentException>(() => Response.Bytes(304, new byte[1]));
        Should.Throw<ArgumentOutOfRangeException>(() => Response.Text(100, "x"));
        Should.Throw<ArgumentOutOfRangeException>(() => Response.Text(1000, "x"));
    }

    /// <summary>
    /// Responses are immutable: one cached instance returned to many requests on several connections at once gives
    /// every one of them the same head (but for Date) and the same body.
    /// </summary>
    [TestMethod]
    public async Task CachedResponse_ReturnedToManyRequestsOnManyConnections_SameBytesEveryTime()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/c", _ => Cached), Route.Get("/h", _ => CachedWithHeader)]);
        var clients = Enumerable.Range(0, 4).Select(_ => server.Connect()).ToArray();
        try
        {
            var batch = string.Concat(Enumerable.Repeat("GET /c HTTP/1.1\r\nHost: x\r\n\r\nGET /h HTTP/1.1\r\nHost: x\r\n\r\n", 5));
            await Task.WhenAll(clients.Select(c => c.SendAsync(batch)));

            var seen = new HashSet<string>();
            foreach (var client in clients)
            {
                for (var i = 0; i < 5; i++)
                {
                    var c = await client.ReadResponseAsync();
                    var h = await client.ReadResponseAsync();
                    seen.Add(Describe(c));
                    seen.Add(Describe(h));
                    c.BodyText.ShouldBe("cached body");
                    h.StatusLine.ShouldBe("HTTP/1.1 201 Created");
                    h.Header("x-cached").ShouldBe("yes");
                    h.BodyText.ShouldBe("{\"a\":1}");
                }
            }

            seen.Count.ShouldBe(2, string.Join("\n---\n", seen));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }

        static string Describe(RawResponse r) =>
            r.StatusLine + "|" + string.Join("|", r.Headers.Where(h => !h.Key.Equals("date", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Key}: {h.Value}")) + "|" + r.BodyText;
    }

    /// <summary>A buffered body too large to coalesce with its head still leaves in order between pipelined responses.</summary>
    [TestMethod]
    public async Task Buffered_LargeBodyBetweenPipelinedRequests_AnsweredInOrder()
    {
        var big = new byte[1_000_000];
        Random.Shared.NextBytes(big);
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/big", _ => Response.Bytes(200, big)),
            Route.Get("/small/:n", req => Response.Text(200, req.Bindings["n"])),
        ]);
        using var client = server.Connect();

        await client.SendAsync("GET /small/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /small/2 HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("1");
        var large = await client.ReadResponseAsync();
        large.Header("content-length").ShouldBe("1000000");
        large.Body.ShouldBe(big);
        (await client.ReadResponseAsync()).BodyText.ShouldBe("2");
    }

    /// <summary><see cref="Response.WithHeader"/> adds fields in order and leaves the original instance unchanged.</summary>
    [TestMethod]
    public async Task WithHeader_AddsFieldsInOrder_OriginalUnchanged()
    {
        var original = Response.Text(200, "x");
        var withHeaders = original.WithHeader("x-one", "1").WithHeader("Set-Cookie", "a=b").WithHeader("x-one", "2");

        var response = await GetAsync(Route.Get("/r", _ => withHeaders));

        original.Headers.ShouldBeEmpty();
        string.Join(",", response.Headers.Where(h => h.Key is "x-one" or "Set-Cookie").Select(h => $"{h.Key}={h.Value}")).ShouldBe("x-one=1,Set-Cookie=a=b,x-one=2");
    }

    /// <summary>
    /// RFC 9110 §5.1 and §5.5: a field name is a token and a value holds no CR, LF or NUL; framing fields belong to the
    /// server. Each is refused with <see cref="ArgumentException"/> where the handler makes the response.
    /// </summary>
    [TestMethod]
    [DataRow("bad name", "v")]
    [DataRow("", "v")]
    [DataRow("x:y", "v")]
    [DataRow("x-ok", "a\r\nInjected: 1")]
    [DataRow("x-ok", "a\nb")]
    [DataRow("x-ok", "nul\0")]
    [DataRow("x-ok", "bell\u0007")]
    [DataRow("x-ok", "euro €")]
    [DataRow("Content-Length", "5")]
    [DataRow("transfer-encoding", "chunked")]
    [DataRow("Connection", "close")]
    [DataRow("keep-alive", "timeout=5")]
    [DataRow("Upgrade", "h2c")]
    [DataRow("TE", "trailers")]
    [DataRow("Trailer", "x")]
    public void WithHeader_InvalidOrFramingField_ThrowsArgumentException(string name, string value)
    {
        Should.Throw<ArgumentException>(() => Response.Text(200, "x").WithHeader(name, value));
    }

    /// <summary>A trailer is validated the same way: an invalid one throws where it is added.</summary>
    [TestMethod]
    public async Task Stream_InvalidTrailer_ThrowsArgumentExceptionInTheWriter()
    {
        var thrown = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync([Route.Get("/s", _ => Response.Stream(200, "text/plain", s =>
        {
            try
            {
                s.AddTrailer("content-length", "1");
                thrown.TrySetResult(null);
            }
            catch (ArgumentException ex)
            {
                thrown.TrySetResult(ex);
            }

            return s.WriteAsync("ok"u8.ToArray());
        }))]);
        using var client = server.Connect();

        await client.SendAsync("GET /s HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("ok");
        (await thrown.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeOfType<ArgumentException>();
    }

    /// <summary>
    /// RFC 9112 §7.1: <c>chunked-body = *chunk last-chunk trailer-section CRLF</c>. Each write is one chunk (empty
    /// writes send nothing, since an empty chunk would end the body), and trailers follow the last chunk.
    /// </summary>
    [TestMethod]
    public async Task Stream_Http11_ExactChunkedFramingWithTrailers()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/s", _ => Response.Stream(200, "text/plain", async s =>
        {
            await s.WriteAsync("hello"u8.ToArray());
            await s.WriteAsync(ReadOnlyMemory<byte>.Empty);
            await s.WriteAsync("world!"u8.ToArray());
            s.AddTrailer("x-sum", "11");
        }).WithHeader("x-kind", "stream"))]);
        using var client = server.Connect();

        await client.SendAsync("GET /s HTTP/1.1\r\nHost: x\r\n\r\n");

        var head = await client.ReadResponseHeadAsync();
        head.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        head.ShouldContain("\r\ntransfer-encoding: chunked\r\n");
        head.ShouldContain("\r\nx-kind: stream\r\n");
        head.ShouldNotContain("content-length", Case.Insensitive);
        (await client.ReadUntilAsync("0\r\nx-sum: 11\r\n\r\n")).ShouldBe("5\r\nhello\r\n6\r\nworld!\r\n0\r\nx-sum: 11\r\n\r\n");
    }

    /// <summary>A write larger than the coalescing limit goes out as one chunk of its exact size; the connection persists.</summary>
    [TestMethod]
    public async Task Stream_LargeWrite_IsOneChunkOfItsSize_ConnectionPersists()
    {
        var payload = new byte[40_000];
        Random.Shared.NextBytes(payload);
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/s", _ => Response.Stream(200, null, s => s.WriteAsync(payload))),
            Route.Get("/next", _ => Response.Text(200, "next")),
        ]);
        using var client = server.Connect();

        await client.SendAsync("GET /s HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        await client.ReadResponseHeadAsync();
        (await client.ReadUntilAsync("\r\n")).ShouldBe("9c40\r\n");
        (await client.ReadExactlyAsync(payload.Length)).ShouldBe(payload);
        (await client.ReadUntilAsync("0\r\n\r\n")).ShouldBe("\r\n0\r\n\r\n");
        var response = await client.ReadResponseAsync();
        response.BodyText.ShouldBe("next");
    }

    /// <summary>
    /// RFC 9112 §6.3 (8): without chunked (HTTP/1.0 has none), "the message body length is determined by the number
    /// of octets received prior to the server closing the connection." The body is sent as is and the connection
    /// closes, even when the client asked to keep it.
    /// </summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("Connection: keep-alive\r\n")]
    public async Task Stream_Http10_CloseDelimitedBody_NoChunkedFraming(string fields)
    {
        await using var server = await TestServer.StartAsync([Route.Get("/s", _ => Response.Stream(200, "text/plain", async s =>
        {
            await s.WriteAsync("hello"u8.ToArray());
            await s.WriteAsync("world!"u8.ToArray());
            s.AddTrailer("x-sum", "11");
        }))]);
        using var client = server.Connect();

        await client.SendAsync($"GET /s HTTP/1.0\r\n{fields}\r\n");

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split];
        head.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        head.ShouldNotContain("transfer-encoding", Case.Insensitive);
        head.ShouldNotContain("content-length", Case.Insensitive);
        head.ShouldContain("\r\nconnection: close");
        text[(split + 4)..].ShouldBe("helloworld!");
    }

    /// <summary>A push response: messages posted from outside become body writes, in order; Stop ends the body with the last chunk and closes.</summary>
    [TestMethod]
    public async Task Push_PostedMessagesBecomeChunks_StopEndsWithTheLastChunk()
    {
        var push = new RecordingPush();
        await using var server = await TestServer.StartAsync([Route.Get("/p", _ => Response.Push(200, "text/event-stream", push))]);
        using var client = server.Connect();

        await client.SendAsync("GET /p HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await client.ReadResponseHeadAsync();
        var ctx = await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));
        ctx.Post("one").ShouldBeTrue();
        ctx.Post("two").ShouldBeTrue();
        (await client.ReadUntilAsync("data: two\n\n\r\n")).ShouldBe("6\r\nopen\n\n\r\nb\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n");
        ctx.Stop();

        var (rest, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        head.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        head.ShouldContain("content-type: text/event-stream\r\n");
        head.ShouldContain("transfer-encoding: chunked\r\n");
        head.ShouldContain("connection: close\r\n");
        rest.ShouldBe("0\r\n\r\n");
        closed.ShouldBeTrue();
        (await push.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(PushCloseReason.Stopped);
        ctx.Post("late").ShouldBeFalse("a stopped push takes no more messages");
    }

    /// <summary>A client that goes away ends the push: the handler hears <see cref="PushCloseReason.ClientGone"/> and the slot is freed.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Push_ClientDisconnects_OnCloseAsyncHearsClientGone(bool reset)
    {
        var push = new RecordingPush();
        await using var server = await TestServer.StartAsync([Route.Get("/p", _ => Response.Push(200, "text/event-stream", push))]);
        var client = server.Connect();
        await client.SendAsync("GET /p HTTP/1.1\r\nHost: x\r\n\r\n");
        await client.ReadResponseHeadAsync();
        await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));

        if (reset) client.Reset();
        else client.Dispose();

        (await push.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(PushCloseReason.ClientGone);
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
    }

    /// <summary>
    /// A slow push handler does not grow memory: once its mailbox holds PushMailboxCapacity messages, Post returns
    /// false and the message is dropped; the queued ones are still delivered in order.
    /// </summary>
    [TestMethod]
    public async Task Push_MailboxFull_PostReturnsFalse_QueuedMessagesStillDelivered()
    {
        var push = new GatedPush();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/p", _ => Response.Push(200, "text/plain", push))],
            o => o with { PushMailboxCapacity = 2 });
        using var client = server.Connect();
        await client.SendAsync("GET /p HTTP/1.1\r\nHost: x\r\n\r\n");
        var ctx = await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));

        ctx.Post("1").ShouldBeTrue();
        await push.FirstMessage.Task.WaitAsync(TimeSpan.FromSeconds(5));
        ctx.Post("2").ShouldBeTrue();
        ctx.Post("3").ShouldBeTrue();
        ctx.Post("4").ShouldBeFalse("the mailbox holds two messages while the handler is busy");
        push.Gate.SetResult();
        ctx.Stop();

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("123");
    }

    /// <summary>Over HTTP/1.0 a push body is close-delimited: the raw messages, then the close.</summary>
    [TestMethod]
    public async Task Push_Http10_CloseDelimitedBody()
    {
        var push = new RecordingPush();
        await using var server = await TestServer.StartAsync([Route.Get("/p", _ => Response.Push(200, "text/event-stream", push))]);
        using var client = server.Connect();

        await client.SendAsync("GET /p HTTP/1.0\r\n\r\n");
        var ctx = await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));
        ctx.Post("one");
        ctx.Stop();

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        text.ShouldNotContain("transfer-encoding", Case.Insensitive);
        text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].ShouldBe("open\n\ndata: one\n\n");
    }

    /// <summary>A whole file: its exact bytes with Content-Length and the given content type (sendfile on plain TCP).</summary>
    [TestMethod]
    public async Task File_Whole_ExactBytesAndLength()
    {
        using var file = TempFile.Create(300_000);
        var response = await GetAsync(Route.Get("/f", _ => Response.File(file.Path, "application/x-test")));

        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.Header("content-type").ShouldBe("application/x-test");
        response.Header("content-length").ShouldBe("300000");
        response.Body.ShouldBe(file.Content);
    }

    /// <summary>A range of a file: offset and length select exactly those bytes; a length past the end is cut at the end.</summary>
    [TestMethod]
    [DataRow(1000, 5000)]
    [DataRow(0, 1)]
    [DataRow(299_990, 100)]
    [DataRow(123_456, -1)]
    [DataRow(400_000, 10)]
    public async Task File_OffsetAndLength_ExactlyThoseBytes(int offset, int length)
    {
        using var file = TempFile.Create(300_000);
        var response = await GetAsync(Route.Get("/f", _ => Response.File(file.Path, offset: offset, length: length)));

        var start = Math.Min(offset, file.Content.Length);
        var count = length < 0 ? file.Content.Length - start : Math.Min(length, file.Content.Length - start);
        response.Header("content-length").ShouldBe(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Body.ShouldBe(file.Content.AsSpan(start, count).ToArray());
    }

    /// <summary>The same file and range over plain TCP (sendfile) and over TLS (copied through a buffer) give identical bytes.</summary>
    [TestMethod]
    public async Task File_PlainAndTls_IdenticalBytes()
    {
        using var file = TempFile.Create(250_000);
        Route[] routes = [Route.Get("/f", _ => Response.File(file.Path, offset: 777, length: 200_000)), Route.Get("/next", _ => Response.Text(200, "next"))];
        await using var plain = await TestServer.StartAsync(routes);
        await using var tls = await TestServer.StartAsync(routes, o => o with { Tls = TlsOptions.SelfSigned() });
        using var plainClient = plain.Connect();
        using var tlsClient = await RawClient.ConnectTlsAsync(tls.Port);
        const string requests = "GET /f HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n";

        await plainClient.SendAsync(requests);
        await tlsClient.SendAsync(requests);

        var overPlain = await plainClient.ReadResponseAsync();
        var overTls = await tlsClient.ReadResponseAsync();
        overPlain.Body.ShouldBe(file.Content.AsSpan(777, 200_000).ToArray());
        overTls.Body.ShouldBe(overPlain.Body);
        (await plainClient.ReadResponseAsync()).BodyText.ShouldBe("next");
        (await tlsClient.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>A file that does not exist is a 404, and the connection persists.</summary>
    [TestMethod]
    public async Task File_Missing_Answers404_ConnectionPersists()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"roadrunner-missing-{Guid.NewGuid():N}");
        await using var server = await TestServer.StartAsync([Route.Get("/f", _ => Response.File(missing)), Route.Get("/next", _ => Response.Text(200, "next"))]);
        using var client = server.Connect();

        await client.SendAsync("GET /f HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 404 Not Found");
        response.Header("connection").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>An empty file is a 200 with Content-Length 0.</summary>
    [TestMethod]
    public async Task File_Empty_Answers200WithLengthZero()
    {
        using var file = TempFile.Create([]);
        var response = await GetAsync(Route.Get("/f", _ => Response.File(file.Path)));

        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.Header("content-length").ShouldBe("0");
    }

    private static async Task<RawResponse> GetAsync(Route route)
    {
        await using var server = await TestServer.StartAsync([route]);
        using var client = server.Connect();
        await client.SendAsync("GET /r HTTP/1.1\r\nHost: x\r\n\r\n".Replace("/r", route.Pattern, StringComparison.Ordinal));
        return await client.ReadResponseAsync();
    }

    private sealed class GatedPush : IPushHandler
    {
        public TaskCompletionSource<PushContext> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstMessage { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask OnOpenAsync(PushContext context)
        {
            Opened.TrySetResult(context);
            return default;
        }

        public async ValueTask OnMessageAsync(PushContext context, object message)
        {
            FirstMessage.TrySetResult();
            await Gate.Task;
            await context.WriteAsync(Encoding.UTF8.GetBytes((string)message));
        }
    }

    internal sealed class RecordingPush : IPushHandler
    {
        public TaskCompletionSource<PushContext> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<PushCloseReason> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask OnOpenAsync(PushContext context)
        {
            await context.WriteAsync("open\n\n"u8.ToArray());
            Opened.TrySetResult(context);
        }

        public ValueTask OnMessageAsync(PushContext context, object message) =>
            context.WriteAsync(Encoding.UTF8.GetBytes($"data: {message}\n\n"));

        public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
        {
            Closed.TrySetResult(reason);
            return default;
        }
    }
}

/// <summary>A typed JSON body.</summary>
internal sealed record Greeting([property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(Greeting))]
internal sealed partial class ShapesJson : JsonSerializerContext;
