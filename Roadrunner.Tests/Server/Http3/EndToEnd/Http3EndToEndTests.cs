using System.Net;
using System.Text;
using Roadrunner.Http3;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Http3.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// HTTP/3 end to end with our own client (<see cref="OurH3Client"/>: our QUIC and HTTP/3 client roles) against a running
/// listener over UDP on 127.0.0.1: responses byte-exact, concurrency on one connection, bodies and trailers both ways,
/// failures, limits, and the exact codes bad requests get (RFC 9114).
/// </summary>
[TestClass]
public sealed class Http3EndToEndTests
{
    internal static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    internal static ValueTask<Listener> StartAsync(IReadOnlyList<Route> routes, Func<ListenerOptions, ListenerOptions>? configure = null)
    {
        var options = new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = routes,
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http2, Protocol.Http3],
        };
        return RoadrunnerServer.StartAsync("h3e2e", configure is null ? options : configure(options));
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Get_Hello_BodyExact_RequestIsHttp3()
    {
        string? seen = null;
        await using var listener = await StartAsync([Route.Get("/hello", r =>
        {
            seen = $"{r.Protocol} {r.Version} {r.Scheme} {r.Method} {r.Path}";
            return Response.Text(200, "hello over h3");
        })]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("GET", "/hello");

        response.Status.ShouldBe(200);
        response.Body.ShouldBe(Encoding.UTF8.GetBytes("hello over h3"));
        response.Header("content-length").ShouldBe("13");
        response.Header("content-type").ShouldStartWith("text/plain");
        response.Trailers.ShouldBeNull();
        seen.ShouldBe("Http3 HTTP/3 https GET /hello");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task TwentyConcurrentRequests_OneConnection_AllAnswered()
    {
        const int Count = 20;
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartAsync([Route.Get("/n/:i", async r =>
        {
            // Every handler waits for all the others: the twenty run at once on the one connection.
            if (Interlocked.Increment(ref arrived) == Count) all.TrySetResult();
            await all.Task.WaitAsync(OurH3Client.Timeout);
            return Response.Text(200, "n" + r.Bindings["i"]);
        })]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var responses = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => client.SendRequestAsync("GET", $"/n/{i}")));

        for (var i = 0; i < Count; i++)
        {
            responses[i].Status.ShouldBe(200);
            responses[i].Text.ShouldBe($"n{i}");
        }

        listener.Info().RequestsServed.ShouldBe(Count);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Post_1MB_EchoedByteExact()
    {
        var content = new byte[1024 * 1024];
        new Random(11).NextBytes(content);
        await using var listener = await StartAsync([Route.Post("/echo", r => Response.Bytes(200, r.Body.ToArray()))]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var chunks = Enumerable.Range(0, 16).Select(i => (ReadOnlyMemory<byte>)content.AsMemory(i * 65536, 65536));

        var response = await client.SendRequestAsync("POST", "/echo", [("content-type", "application/octet-stream")], chunks);

        response.Status.ShouldBe(200);
        response.Header("content-length").ShouldBe("1048576");
        response.Body.AsSpan().SequenceEqual(content).ShouldBeTrue();
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task StreamedResponse_WithTrailers_TrailersArriveAfterContent()
    {
        await using var listener = await StartAsync([Route.Get("/stream", _ => Response.Stream(200, "text/plain", async body =>
        {
            await body.WriteAsync("part one, "u8.ToArray());
            await body.WriteAsync("part two"u8.ToArray());
            body.AddTrailer("x-checksum", "abc123");
            body.AddTrailer("x-count", "2");
        }))]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("GET", "/stream");

        response.Status.ShouldBe(200);
        response.Text.ShouldBe("part one, part two");
        response.Header("content-length").ShouldBeNull();
        response.Trailers.ShouldBe([("x-checksum", "abc123"), ("x-count", "2")]);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task ManualBodyHandler_RequestWithTrailers_ReadsWholeBody()
    {
        await using var listener = await StartAsync([Route.Post("/upload", async r =>
        {
            var body = await r.ReadBodyToEndAsync();
            return Response.Text(200, $"{body.Length} {Encoding.ASCII.GetString(body)}");
        }).WithBodyMode(BodyMode.Manual)]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("POST", "/upload", null,
            ["first "u8.ToArray(), "second "u8.ToArray(), "third"u8.ToArray()], trailers: [("x-digest", "d1")]);

        response.Status.ShouldBe(200);
        response.Text.ShouldBe("18 first second third");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task HandlerThrows_500_ConnectionSurvives()
    {
        await using var listener = await StartAsync([
            Route.Get("/boom", Response (_) => throw new InvalidOperationException("boom")),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var failed = await client.SendRequestAsync("GET", "/boom");
        var after = await client.SendRequestAsync("GET", "/ok");

        failed.Status.ShouldBe(500);
        failed.Text.ShouldBe("Internal Server Error");
        after.Status.ShouldBe(200);
        after.Text.ShouldBe("ok");
        client.Closed.ShouldBeNull();
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task MaxConcurrentRequests_OverTheLimit_RequestRejected()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartAsync([Route.Get("/hold", async _ =>
        {
            if (Interlocked.Increment(ref running) == 2) twoRunning.TrySetResult();
            await release.Task.WaitAsync(OurH3Client.Timeout);
            return Response.Text(200, "held");
        })], o => o with { MaxConcurrentRequests = 2, PeerRequestShare = 1 });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var first = client.SendRequestAsync("GET", "/hold");
        var second = client.SendRequestAsync("GET", "/hold");
        await twoRunning.Task.WaitAsync(OurH3Client.Timeout);
        var third = await client.OpenRequestAsync("GET", "/hold", endStream: true);
        await client.WaitForEndAsync(third);

        // RFC 9114 §4.1.1: refused before any processing, so the client may retry.
        third.ResetCode.ShouldBe((ulong)Http3ErrorCode.H3_REQUEST_REJECTED);
        third.Status.ShouldBe(0);
        release.SetResult();
        (await first).Text.ShouldBe("held");
        (await second).Text.ShouldBe("held");
        (await client.SendRequestAsync("GET", "/hold")).Status.ShouldBe(200);
        listener.Info().Throttled.ShouldBe(1);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task ClientResetsMidBody_HandlerReadFails_RequestAborted()
    {
        var firstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartAsync([
            Route.Post("/upload", async r =>
            {
                var buffer = new byte[1024];
                try
                {
                    while (true)
                    {
                        var n = await r.ReadBodyAsync(buffer);
                        if (n == 0) break;
                        firstChunk.TrySetResult();
                    }

                    outcome.TrySetResult("completed");
                }
                catch (Exception ex)
                {
                    outcome.TrySetResult($"{ex.GetType().Name} aborted={r.Aborted.IsCancellationRequested}");
                    throw;
                }

                return Response.Text(200, "done");
            }).WithBodyMode(BodyMode.Manual),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var stream = await client.OpenRequestAsync("POST", "/upload");
        await client.WriteAsync(stream, new byte[4096]);
        await firstChunk.Task.WaitAsync(OurH3Client.Timeout);
        client.Reset(stream, Http3ErrorCode.H3_REQUEST_CANCELLED);

        (await outcome.Task.WaitAsync(OurH3Client.Timeout)).ShouldBe("RequestBodyException aborted=True");
        (await client.SendRequestAsync("GET", "/ok")).Status.ShouldBe(200);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task BadRequests_StreamErrorH3MessageError_ConnectionSurvives()
    {
        var handled = 0;
        await using var listener = await StartAsync([Route.Map("/x", _ =>
        {
            Interlocked.Increment(ref handled);
            return Response.Text(200, "x");
        })]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        (string, string)[] noPath = [(":method", "GET"), (":scheme", "https"), (":authority", "localhost")];
        byte[][] bad =
        [
            // RFC 9114 §4.3.1: a request without :path is malformed.
            H3Bytes.Headers(noPath),
            // §4.2: "Characters in field names MUST be converted to lowercase"; an uppercase name is malformed.
            H3Bytes.Headers(H3Bytes.Get("/x", ("X-Upper", "1"))),
            // §4.1.2: content-length not equal to the DATA received is malformed.
            H3Bytes.Concat(H3Bytes.Headers(H3Bytes.Post("/x", ("content-length", "10"))), H3Bytes.Data("12345")),
            // §4.2: connection-specific fields are malformed.
            H3Bytes.Headers(H3Bytes.Get("/x", ("connection", "keep-alive"))),
        ];

        foreach (var bytes in bad)
        {
            var stream = await client.OpenRawAsync(bytes, fin: true);
            await client.WaitAsync(() => stream.ResetCode is not null);
            stream.ResetCode.ShouldBe((ulong)Http3ErrorCode.H3_MESSAGE_ERROR);
            stream.RawReceived.ShouldBeEmpty();
        }

        handled.ShouldBe(0);
        var good = await client.SendRequestAsync("GET", "/x");
        good.Status.ShouldBe(200);
        client.Closed.ShouldBeNull();
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Drain_GoAwayThenInFlightCompletes_ThenCloseH3NoError()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartAsync([Route.Get("/slow", async _ =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(OurH3Client.Timeout);
            return Response.Text(200, "finished");
        })]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var inFlight = client.SendRequestAsync("GET", "/slow");
        await started.Task.WaitAsync(OurH3Client.Timeout);

        var drain = listener.DrainAsync(TimeSpan.FromSeconds(10));
        await client.WaitForGoAwayAsync();

        // RFC 9114 §5.2: the GOAWAY names the first request stream not processed; stream 0 was.
        client.GoAwayId.ShouldBe(4);
        client.Closed.ShouldBeNull();
        release.SetResult();
        (await inFlight).Text.ShouldBe("finished");
        await client.WaitForCloseAsync();
        await drain;
        client.Closed!.Value.ErrorCode.ShouldBe((ulong)Http3ErrorCode.H3_NO_ERROR);
        client.Closed!.Value.IsApplication.ShouldBeTrue();
    }

    /// <summary>
    /// Static files: one that fits a DATA frame leaves with its header section, one bigger in chunks; both byte-exact
    /// with their content-length, a range is honoured, and HEAD gets the fields alone.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task StaticFiles_SmallAndLarge_ByteExact_RangeAndHead()
    {
        using var root = new TempDir();
        var small = Encoding.ASCII.GetBytes("Hello, world!");
        var large = new byte[100_000];
        new Random(7).NextBytes(large);
        File.WriteAllBytes(Path.Combine(root.Path, "small.txt"), small);
        File.WriteAllBytes(Path.Combine(root.Path, "large.bin"), large);
        await using var listener = await StartAsync([Route.Map("/static/*path", Roadrunner.Server.Files.StaticFiles.From(root.Path))]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var a = await client.SendRequestAsync("GET", "/static/small.txt");
        var b = await client.SendRequestAsync("GET", "/static/large.bin");
        var c = await client.SendRequestAsync("GET", "/static/small.txt", [("range", "bytes=7-11")]);
        var d = await client.SendRequestAsync("HEAD", "/static/small.txt");

        a.Status.ShouldBe(200);
        a.Body.ShouldBe(small);
        a.Header("content-length").ShouldBe("13");
        b.Status.ShouldBe(200);
        b.Body.ShouldBe(large);
        b.Header("content-length").ShouldBe("100000");
        c.Status.ShouldBe(206);
        Encoding.ASCII.GetString(c.Body).ShouldBe("world");
        c.Header("content-range").ShouldBe("bytes 7-11/13");
        d.Status.ShouldBe(200);
        d.Header("content-length").ShouldBe("13");
        d.Body.ShouldBeEmpty();
    }

    /// <summary>
    /// A push response over HTTP/3: each message leaves as DATA as it is posted, and a drain ends the stream with FIN
    /// after the GOAWAY, telling the handler why.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task PushResponse_MessagesAsTheyCome_DrainEndsTheStream()
    {
        var handler = new RecordingPushHandler();
        await using var listener = await StartAsync([Route.Get("/feed", _ => Response.Push(200, "text/plain", handler))]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var stream = await client.OpenRequestAsync("GET", "/feed", endStream: true);
        await client.WaitForHeadersAsync(stream);
        var context = await handler.Opened.Task.WaitAsync(OurH3Client.Timeout);

        context.Post("one").ShouldBeTrue();
        var first = new byte[4];
        var got = 0;
        while (got < first.Length) got += await client.ReadAsync(stream, first.AsMemory(got));
        context.Post("two").ShouldBeTrue();
        var drain = listener.DrainAsync(TimeSpan.FromSeconds(10));
        var rest = await client.ReadToEndAsync(stream);

        stream.Status.ShouldBe(200);
        Encoding.ASCII.GetString(first).ShouldBe("one\n");
        Encoding.ASCII.GetString(rest).ShouldBe("two\n");
        (await handler.Closed.Task.WaitAsync(OurH3Client.Timeout)).ShouldBe(PushCloseReason.Draining);
        await drain;
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task StreamsReused_NothingLeaksFromOneRequestToTheNext()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await StartAsync([
            Route.Map("/look", r => Response.Text(200,
                $"{r.Method} {r.Path} aborted={r.Aborted.IsCancellationRequested} body={r.Body.Length} hasBody={r.HasBody} x-old={r.Headers.Get("x-old") ?? "-"}")),
            Route.Post("/upload", async r =>
            {
                using var registration = r.Aborted.Register(() => aborted.TrySetResult());
                reading.TrySetResult();
                await r.ReadBodyToEndAsync();
                return Response.Empty();
            }).WithBodyMode(BodyMode.Manual),
        ]);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var first = await client.SendRequestAsync("POST", "/look", [("x-old", "1")], ["abc"u8.ToArray()]);
        var upload = await client.OpenRequestAsync("POST", "/upload");
        await client.WriteAsync(upload, new byte[100]);
        await reading.Task.WaitAsync(OurH3Client.Timeout);
        client.Reset(upload);
        await aborted.Task.WaitAsync(OurH3Client.Timeout);
        var later = new List<string>();
        for (var i = 0; i < 3; i++) later.Add((await client.SendRequestAsync("GET", "/look")).Text);

        first.Text.ShouldBe("POST /look aborted=False body=3 hasBody=True x-old=1");
        later.ShouldAllBe(t => t == "GET /look aborted=False body=0 hasBody=False x-old=-");
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task ContentOverTheLimit_413_HandlerNotRun_ConnectionSurvives()
    {
        var handled = 0;
        await using var listener = await StartAsync([Route.Post("/up", r =>
        {
            Interlocked.Increment(ref handled);
            return Response.Text(200, $"{r.Body.Length}");
        })], o => o with { MaxContentLength = 1000 });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        // Declared too large: answered before any content is read.
        var declared = await client.OpenRequestAsync("POST", "/up", [("content-length", "5000")]);
        var declaredResponse = await client.ReadResponseAsync(declared);
        // Not declared, and more arrives than the limit.
        var streamed = await client.SendRequestAsync("POST", "/up", null, [new byte[600], new byte[600]]);
        var within = await client.SendRequestAsync("POST", "/up", null, [new byte[1000]], trailers: [("x-sum", "0")]);

        declaredResponse.Status.ShouldBe(413);
        streamed.Status.ShouldBe(413);
        within.Status.ShouldBe(200);
        within.Text.ShouldBe("1000");
        handled.ShouldBe(1);
        client.Closed.ShouldBeNull();
    }
}
