using System.Text;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>Request bodies in auto mode (read before the handler) and manual mode (read by the handler), and draining.</summary>
[TestClass]
public sealed class BodyModeTests
{
    /// <summary>RFC 9112 §6.2: a Content-Length body is exactly that many octets; auto mode hands all of them to the handler.</summary>
    [TestMethod]
    public async Task AutoMode_ContentLengthBody_IsInRequestBody()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello world");
    }

    /// <summary>RFC 9112 §7.1: the chunked coding is removed; the handler sees the decoded content.</summary>
    [TestMethod]
    public async Task AutoMode_ChunkedBody_IsDecodedIntoRequestBody()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /auto HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello world");
    }

    /// <summary>
    /// A chunked body with extensions and trailers sent one byte at a time, then a pipelined request, is decoded the same
    /// as when it arrives in one piece (the decoder resumes inside sizes, data, CRLFs and trailers), in both modes.
    /// </summary>
    [TestMethod]
    [DataRow("/auto")]
    [DataRow("/manual/all")]
    public async Task ChunkedBodyOneByteAtATime_ThenAPipelinedRequest_DecodedTheSame(string path)
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var request = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "5;a=b\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n" +
            "GET /auto/next HTTP/1.1\r\nHost: x\r\n\r\n");

        foreach (var b in request) await client.SendAsync([b]);

        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello 0123456789");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>A body larger than one read buffer arrives whole in auto mode.</summary>
    [TestMethod]
    public async Task AutoMode_LargeChunkedBody_ArrivesWhole()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var payload = new byte[200_000];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)('a' + (i % 26));
        var request = new MemoryStream();
        request.Write("POST /auto/length HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"u8);
        for (var offset = 0; offset < payload.Length; offset += 30_000)
        {
            var n = Math.Min(30_000, payload.Length - offset);
            request.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            request.Write(payload, offset, n);
            request.Write("\r\n"u8);
        }

        request.Write("0\r\n\r\n"u8);

        await client.SendAsync(request.ToArray());

        (await client.ReadResponseAsync()).BodyText.ShouldBe("200000");
    }

    /// <summary>A client that leaves in the middle of an auto-mode body: the handler never runs, nothing is answered, the slot is freed.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task AutoMode_ClientLeavesMidBody_HandlerNeverRuns_SlotFreed(bool reset)
    {
        var calls = 0;
        await using var server = await TestServer.StartAsync([Route.Post("/upload", _ =>
        {
            Interlocked.Increment(ref calls);
            return Response.Text(200, "unreachable");
        })]);
        var client = server.Connect();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 1)).ShouldBeTrue();

        if (reset) client.Reset();
        else client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
        if (!reset) await WireAssert.ClosedWithoutAnswerAsync(client);
        client.Dispose();
        calls.ShouldBe(0);
    }

    /// <summary>In manual mode the handler runs before the body has arrived and reads it as it comes.</summary>
    [TestMethod]
    public async Task ManualMode_HandlerReadsPiecesAsTheyArrive()
    {
        var firstPiece = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/pieces", async req =>
            {
                var buffer = new byte[64];
                var n = await req.ReadBodyAsync(buffer);
                firstPiece.TrySetResult(Encoding.ASCII.GetString(buffer, 0, n));
                var rest = await req.ReadBodyToEndAsync();
                return (Response)Response.Text(200, Encoding.ASCII.GetString(buffer, 0, n) + "|" + Encoding.ASCII.GetString(rest));
            }).WithBodyMode(BodyMode.Manual),
        ]);
        using var client = server.Connect();

        await client.SendAsync("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello");
        (await firstPiece.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe("hello");
        await client.SendAsync(" world");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello| world");
    }

    /// <summary>A single-handler listener takes its body mode from the options: in manual mode the handler reads the body itself.</summary>
    [TestMethod]
    public async Task SingleHandlerListener_ManualBodyMode_HandlerReadsTheBody()
    {
        await using var server = await TestServer.StartAsync([], o => o with
        {
            Handler = new ManualEcho(),
            BodyMode = BodyMode.Manual,
        });
        using var client = server.Connect();

        await client.SendAsync("POST /anything HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("Manual:body");
    }

    /// <summary>Manual reads with a small buffer see every byte in order, and 0 at the end.</summary>
    [TestMethod]
    public async Task ManualMode_SmallBufferReads_SeeTheWholeBodyThenZero()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var body = new string('x', 50) + new string('y', 50);

        await client.SendAsync($"POST /manual/small HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("True " + body);
    }

    /// <summary>
    /// RFC 9112 §7.1.2: "A recipient that removes the chunked coding from a message MAY selectively retain or
    /// discard the received trailer fields." Chunk extensions are ignored (§7.1.1); the handler reads only data, and
    /// the trailer section is consumed so the next pipelined request is read right.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_ChunkedBodyWithExtensionsAndTrailers_HandlerReadsOnlyData_NextRequestWorks()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync(
            "POST /manual/all HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "3;name=\"quoted value\"\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Checksum: 1234\r\nX-Other: y\r\n\r\n" +
            "GET /auto HTTP/1.1\r\nHost: x\r\n\r\n");

        var first = await client.ReadResponseAsync();
        first.BodyText.ShouldBe("abcdefg");
        first.Header("connection").ShouldBeNull();
        (await client.ReadResponseAsync()).StatusLine.ShouldBe("HTTP/1.1 200 OK");
    }

    /// <summary>
    /// RFC 9112 §9.3: a persistent connection carries the next request after this one's body; what the handler
    /// left unread is read and discarded so the pipelined request behind it is parsed from its first byte.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_UnreadBody_IsDrained_NextPipelinedRequestWorks()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        var body = new string('z', 5000);

        await client.SendAsync($"POST /manual/ignore HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n{body}GET /auto/next HTTP/1.1\r\nHost: x\r\n\r\n");

        var first = await client.ReadResponseAsync();
        first.BodyText.ShouldBe("ignored");
        first.Header("connection").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>An unread body partly read by the handler is drained from where the handler stopped.</summary>
    [TestMethod]
    public async Task ManualMode_PartlyReadBody_RestIsDrained_NextPipelinedRequestWorks()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /manual/first4 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789GET /auto/next HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("0123");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("next");
    }

    /// <summary>
    /// RFC 9112 §9.6: a server may close rather than read a large body it does not want. An unread remainder over
    /// MaxDrainBodyBytes is not drained: the response says close and the connection ends; the request behind it is
    /// never answered.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_UnreadBodyOverTheDrainLimit_ResponseSaysCloseAndConnectionCloses()
    {
        var nextCalls = 0;
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/ignore", _ => Response.Text(200, "ignored")).WithBodyMode(BodyMode.Manual),
            Route.Get("/next", _ =>
            {
                Interlocked.Increment(ref nextCalls);
                return Response.Text(200, "next");
            }),
        ], o => o with { MaxDrainBodyBytes = 100 });
        using var client = server.Connect();

        await client.SendAsync($"POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{new string('z', 1000)}GET /next HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.Header("connection").ShouldBe("close");
        nextCalls.ShouldBe(0);
    }

    /// <summary>
    /// RFC 9112 §7.1: chunk-size is 1*HEXDIG; when the handler reads a body whose framing is invalid it gets a
    /// <see cref="RequestBodyException"/> with status 400, and if it lets it escape the server answers 400 and closes.
    /// </summary>
    [TestMethod]
    public async Task ManualMode_InvalidChunkedFraming_HandlerSees400_ServerAnswers400AndCloses()
    {
        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/read", async req =>
            {
                try
                {
                    await req.ReadBodyToEndAsync();
                }
                catch (RequestBodyException ex)
                {
                    seen.TrySetResult(ex.StatusCode);
                    throw;
                }

                return (Response)Response.Text(200, "unreachable");
            }).WithBodyMode(BodyMode.Manual),
        ]);
        using var client = server.Connect();

        await client.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 400 Bad Request");
        (await seen.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(400);
    }

    /// <summary>RFC 9110 §15.5.14: a chunked body read in manual mode that grows past the limit is a 413 and the connection closes.</summary>
    [TestMethod]
    public async Task ManualMode_ChunkedBodyOverTheLimit_Answers413AndCloses()
    {
        await using var server = await StartAsync(o => o with { MaxContentLength = 10 });
        using var client = server.Connect();

        await client.SendAsync("POST /manual/all HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
    }

    /// <summary>A client that leaves in the middle of a manual body is reported to the handler as status 0 (nothing to answer).</summary>
    [TestMethod]
    public async Task ManualMode_ClientLeavesMidBody_HandlerSeesStatusZero()
    {
        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/read", async req =>
            {
                started.TrySetResult();
                try
                {
                    await req.ReadBodyToEndAsync();
                    seen.TrySetResult(-1);
                }
                catch (RequestBodyException ex)
                {
                    seen.TrySetResult(ex.StatusCode);
                    throw;
                }

                return (Response)Response.Text(200, "unreachable");
            }).WithBodyMode(BodyMode.Manual),
        ]);
        var client = server.Connect();

        await client.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        client.Reset();

        (await seen.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(0);
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
    }

    /// <summary>
    /// In auto mode <see cref="Request.ReadBodyAsync"/> and <see cref="Request.ReadBodyToEndAsync"/> read on through the
    /// already-read body like a stream (the rest, then 0), while <see cref="Request.Body"/> stays whole.
    /// </summary>
    [TestMethod]
    public async Task AutoMode_ReadBodyAsync_ReadsOnThroughTheBufferedBody_BodyStaysWhole()
    {
        await using var server = await TestServer.StartAsync(
        [
            Route.Post("/read", async req =>
            {
                var first = new byte[1];
                var n = await req.ReadBodyAsync(first);
                var rest = await req.ReadBodyToEndAsync();
                var more = await req.ReadBodyAsync(new byte[10]);
                return Response.Text(200, $"{req.BodyMode}:{n}:{Encoding.ASCII.GetString(first)}:{Encoding.ASCII.GetString(rest)}:{more}:{Encoding.ASCII.GetString(req.Body.Span)}");
            }),
        ]);
        using var client = server.Connect();

        await client.SendAsync("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("Auto:1:a:bc:0:abc");
    }

    private sealed class ManualEcho : Roadrunner.Server.Handlers.IHandler
    {
        public async ValueTask<Response> HandleAsync(Request request) =>
            Response.Text(200, $"{request.BodyMode}:{Encoding.ASCII.GetString(await request.ReadBodyToEndAsync())}");
    }

    private static Task<TestServer> StartAsync(Func<ListenerOptions, ListenerOptions>? configure = null) => TestServer.StartAsync(
    [
        Route.Map("/auto/length", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Route.Map("/auto/next", _ => Response.Text(200, "next")),
        Route.Map("/auto", req => Response.Bytes(200, req.Body.ToArray(), "text/plain")),
        Route.Map("/manual/all", async req => (Response)Response.Bytes(200, await req.ReadBodyToEndAsync(), "text/plain")).WithBodyMode(BodyMode.Manual),
        Route.Map("/manual/ignore", _ => Response.Text(200, "ignored")).WithBodyMode(BodyMode.Manual),
        Route.Map("/manual/first4", async req =>
        {
            var buffer = new byte[4];
            var read = 0;
            while (read < 4) read += await req.ReadBodyAsync(buffer.AsMemory(read));
            return (Response)Response.Bytes(200, buffer, "text/plain");
        }).WithBodyMode(BodyMode.Manual),
        Route.Map("/manual/small", async req =>
        {
            var buffer = new byte[7];
            var sizes = new List<int>();
            var all = new StringBuilder();
            int n;
            while ((n = await req.ReadBodyAsync(buffer)) > 0)
            {
                sizes.Add(n);
                all.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            var fits = sizes.TrueForAll(s => s is > 0 and <= 7);
            return (Response)Response.Text(200, $"{fits} {all}");
        }).WithBodyMode(BodyMode.Manual),
    ], configure);
}
