using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http2;

/// <summary>
/// How the server runs requests over HTTP/2, seen through raw frames on a real socket: handlers run concurrently per
/// stream, a failure touches its stream only, limits answer with the exact status or reset, request content is
/// flow-controlled by the handler's reading, and a drain speaks GOAWAY.
/// </summary>
[TestClass]
public sealed class Http2StreamHandlingTests
{
    private static Task<TestServer> StartAsync(Route[] routes, Func<Roadrunner.Server.Listening.ListenerOptions, Roadrunner.Server.Listening.ListenerOptions>? configure = null) =>
        TestServer.StartAsync(routes, o => (configure ?? (x => x))(o with { Protocols = [Protocol.Http2] }));

    /// <summary>The server's preface is a SETTINGS frame announcing max_concurrent_streams 100, max_header_list_size 16384 and a 1 MiB stream window (RFC 9113 §3.4), then a 2 MiB connection window.</summary>
    [TestMethod]
    public async Task Preface_AnnouncesTheDefaults()
    {
        await using var server = await StartAsync([Route.Get("/", _ => Response.Text(200, "x"))]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        var settings = await wire.ReadFrameAsync();

        settings!.Type.ShouldBe(Http2FrameType.SETTINGS);
        settings.Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_CONCURRENT_STREAMS, 100));
        settings.Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_HEADER_LIST_SIZE, 16384));
        settings.Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20));
        // The connection window grows from the RFC's 65535 to 2 MiB by WINDOW_UPDATE (RFC 9113 §6.9.2).
        (await wire.ExpectAsync(Http2FrameType.WINDOW_UPDATE, 0)).Increment.ShouldBe((2 << 20) - 65535);
    }

    /// <summary>An HTTP/1.1 request on an HTTP/2-only cleartext listener is not a preface: GOAWAY PROTOCOL_ERROR, then close (RFC 9113 §3.4).</summary>
    [TestMethod]
    public async Task Http11OnAnHttp2OnlyListener_GoAwayProtocolError()
    {
        await using var server = await StartAsync([Route.Get("/", _ => Response.Text(200, "x"))]);
        using var wire = await H2Wire.ConnectAsync(server.Port, preface: false);
        await wire.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        var frames = await wire.ReadUntilClosedAsync();

        var goAway = frames.Single(f => f.Type == Http2FrameType.GOAWAY);
        goAway.ErrorCode.ShouldBe(Http2ErrorCode.PROTOCOL_ERROR);
        goAway.LastStreamId.ShouldBe(0);
    }

    /// <summary>Stream 1's handler waits; stream 3 is answered meanwhile; then stream 1 completes. Handlers do not block each other.</summary>
    [TestMethod]
    public async Task Handlers_RunConcurrentlyPerStream()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(
        [
            Route.Get("/slow", async _ =>
            {
                await release.Task;
                return Response.Text(200, "slow");
            }),
            Route.Get("/fast", _ => Response.Text(200, "fast")),
        ]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/slow"), endStream: true));
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/fast"), endStream: true));
        (await wire.ReadResponseAsync(3)).BodyText.ShouldBe("fast");

        release.SetResult();
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("slow");
    }

    /// <summary>A handler that throws answers 500 on its own stream; the next stream on the same connection is served.</summary>
    [TestMethod]
    public async Task HandlerThrows_500OnThatStreamOnly()
    {
        await using var server = await StartAsync(
        [
            Route.Get("/boom", Response (_) => throw new InvalidOperationException("boom")),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/boom"), endStream: true));
        (await wire.ReadResponseAsync(1)).Status.ShouldBe(500);
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/ok"), endStream: true));
        (await wire.ReadResponseAsync(3)).BodyText.ShouldBe("ok");
    }

    /// <summary>A stream writer that throws after its HEADERS went out: RST_STREAM INTERNAL_ERROR on that stream, the connection lives on.</summary>
    [TestMethod]
    public async Task WriterThrowsAfterHeaders_ResetsThatStreamWithInternalError()
    {
        await using var server = await StartAsync(
        [
            Route.Get("/broken", _ => Response.Stream(200, "text/plain", async s =>
            {
                await s.WriteAsync("partial"u8.ToArray());
                throw new InvalidOperationException("broken writer");
            })),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/broken"), endStream: true));
        var reset = await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1);
        reset.ErrorCode.ShouldBe(Http2ErrorCode.INTERNAL_ERROR);

        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/ok"), endStream: true));
        (await wire.ReadResponseAsync(3)).BodyText.ShouldBe("ok");
    }

    /// <summary>
    /// max_concurrent_requests across the listener: with 1 request in flight, a second stream is refused with
    /// RST_STREAM REFUSED_STREAM and counted in Info().Throttled.
    /// </summary>
    [TestMethod]
    public async Task MaxConcurrentRequests_RefusesTheExtraStream_AndCountsIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(
        [
            Route.Get("/wait", async _ =>
            {
                entered.TrySetResult();
                await release.Task;
                return Response.Text(200, "done");
            }),
        ], o => o with { MaxConcurrentRequests = 1 });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/wait"), endStream: true));
        await entered.Task;
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/wait"), endStream: true));

        (await wire.ExpectAsync(Http2FrameType.RST_STREAM, 3)).ErrorCode.ShouldBe(Http2ErrorCode.REFUSED_STREAM);
        server.Listener.Info().Throttled.ShouldBe(1);
        release.SetResult();
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("done");
    }

    /// <summary>A field section over max_header_list_size is answered 431 (RFC 9113 §10.5.1), and the connection goes on.</summary>
    [TestMethod]
    public async Task HeaderListTooLarge_431()
    {
        await using var server = await StartAsync([Route.Get("/", _ => Response.Text(200, "x"))],
            o => o with { Http2 = Http2Options.Default with { MaxHeaderListSize = 1000 } });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        var big = new string('a', 600);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/", ("x-one", big), ("x-two", big)), endStream: true));

        (await wire.ReadResponseAsync(1)).Status.ShouldBe(431);
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/"), endStream: true));
        (await wire.ReadResponseAsync(3)).Status.ShouldBe(200);
    }

    /// <summary>A declared content-length over max_content_length is answered 413 before any content is read, without the handler.</summary>
    [TestMethod]
    public async Task ContentLengthOverTheLimit_413()
    {
        var called = false;
        await using var server = await StartAsync([Route.Post("/", _ =>
        {
            called = true;
            return Response.Text(200, "x");
        })], o => o with { MaxContentLength = 100 });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Post(101), endStream: false));

        (await wire.ReadResponseAsync(1)).Status.ShouldBe(413);
        called.ShouldBeFalse();
    }

    /// <summary>Content that grows past max_content_length without a declared length is answered 413 too.</summary>
    [TestMethod]
    public async Task ContentOverTheLimit_WithoutLength_413()
    {
        await using var server = await StartAsync([Route.Post("/", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            o => o with { MaxContentLength = 100 });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/"), endStream: false).Data(1, new byte[150], endStream: false));

        (await wire.ReadResponseAsync(1)).Status.ShouldBe(413);
    }

    /// <summary>
    /// Manual mode grants flow-control credit as the handler reads, not as bytes arrive: a full stream window sent
    /// before the handler reads brings no stream WINDOW_UPDATE (a PING sent after it is answered first); once the
    /// handler reads, the WINDOW_UPDATE for the stream follows.
    /// </summary>
    [TestMethod]
    public async Task ManualBody_CreditFollowsTheHandlersReading()
    {
        var startReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync([Route.Post("/", async req =>
        {
            await startReading.Task;
            var total = (await req.ReadBodyToEndAsync()).Length;
            return Response.Text(200, total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).WithBodyMode(BodyMode.Manual)], o => o with { Http2 = Http2Options.Default });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        var frames = new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/"), endStream: false);
        for (var i = 0; i < 4; i++) frames.Data(1, new byte[16383], endStream: false);
        frames.Data(1, new byte[3], endStream: false).Ping(42);
        await wire.SendAsync(frames);

        await wire.ExpectAsync(f => f.Type == Http2FrameType.PING && f.HasFlag(FrameBuilder.ACK), "the PING acknowledgment");
        wire.Received.ShouldNotContain(f => f.Type == Http2FrameType.WINDOW_UPDATE && f.StreamId == 1);

        startReading.SetResult();
        (await wire.ExpectAsync(Http2FrameType.WINDOW_UPDATE, 1)).Increment.ShouldBeGreaterThan(0);
        await wire.SendAsync(new FrameBuilder().Data(1, [], endStream: true));
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("65535");
    }

    /// <summary>
    /// Auto-mode bodies held on one connection are bounded: past the connection window only one stream keeps
    /// receiving credit (it can complete), the others wait; when that request is answered and its body freed, the
    /// waiting stream gets its credit.
    /// </summary>
    [TestMethod]
    public async Task AutoBodies_BeyondTheBudget_OneStreamAtATimeGetsCredit()
    {
        await using var server = await StartAsync([Route.Post("/", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            o => o with { Http2 = Http2Options.Default });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        var frames = new FrameBuilder();
        foreach (var id in new[] { 1, 3, 5 }) frames.Headers(id, HeaderBlock.Request("POST", "/"), endStream: false).Data(id, new byte[16000], endStream: false).Data(id, new byte[16000], endStream: false).Data(id, new byte[8000], endStream: false);
        await wire.SendAsync(frames.Ping(1));
        await wire.ExpectAsync(f => f.Type == Http2FrameType.PING && f.HasFlag(FrameBuilder.ACK), "the PING acknowledgment");

        // 1 fits the 65535-byte budget, 3 takes the credit past it, 5 waits.
        wire.Received.ShouldContain(f => f.Type == Http2FrameType.WINDOW_UPDATE && f.StreamId == 1);
        wire.Received.ShouldContain(f => f.Type == Http2FrameType.WINDOW_UPDATE && f.StreamId == 3);
        wire.Received.ShouldNotContain(f => f.Type == Http2FrameType.WINDOW_UPDATE && f.StreamId == 5);

        await wire.SendAsync(new FrameBuilder().Data(3, [], endStream: true));
        (await wire.ReadResponseAsync(3)).BodyText.ShouldBe("40000");
        (await wire.ExpectAsync(Http2FrameType.WINDOW_UPDATE, 5)).Increment.ShouldBeGreaterThan(0);
    }

    /// <summary>A request reset while its body arrives never reaches a handler and gives its place back: with max_concurrent_requests 1, the next request is served.</summary>
    [TestMethod]
    public async Task ResetBeforeTheHandler_GivesTheRequestPlaceBack()
    {
        await using var server = await StartAsync([Route.Map("/", new Roadrunner.Server.Handlers.DelegateHandler(_ => Response.Text(200, "ok")))],
            o => o with { MaxConcurrentRequests = 1 });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/"), endStream: false).Data(1, [1, 2, 3], endStream: false)
            .RstStream(1, (uint)Http2ErrorCode.CANCEL).Headers(3, HeaderBlock.Request("GET", "/"), endStream: true));

        (await wire.ReadResponseAsync(3)).BodyText.ShouldBe("ok");
        server.Listener.Info().Throttled.ShouldBe(0);
    }

    /// <summary>The client resets a stream mid-request: the handler's Request.Aborted fires.</summary>
    [TestMethod]
    public async Task ClientReset_CancelsTheRequest()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync([Route.Get("/", async req =>
        {
            req.Aborted.Register(() => aborted.TrySetResult());
            entered.TrySetResult();
            await aborted.Task;
            return Response.Text(200, "late");
        })]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/"), endStream: true));
        await entered.Task;
        await wire.SendAsync(new FrameBuilder().RstStream(1, (uint)Http2ErrorCode.CANCEL));

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Drain: GOAWAY(2^31-1) and a PING, then after the PING's acknowledgment the final GOAWAY naming stream 1; the open
    /// stream still completes, then the connection closes and the drain reports completion.
    /// </summary>
    [TestMethod]
    public async Task Drain_SendsGoAwayInTwoSteps_AndLetsTheOpenStreamFinish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync([Route.Get("/", async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            return Response.Text(200, "finished");
        })]);
        using var wire = await H2Wire.ConnectAsync(server.Port);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/"), endStream: true));
        await entered.Task;

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        var first = await wire.ExpectAsync(Http2FrameType.GOAWAY);
        first.LastStreamId.ShouldBe(int.MaxValue);
        first.ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        var ping = await wire.ExpectAsync(f => f.Type == Http2FrameType.PING && !f.HasFlag(FrameBuilder.ACK), "the shutdown PING");
        await wire.SendAsync(new FrameBuilder().Ping(ping.PingData, ack: true));
        (await wire.ExpectAsync(Http2FrameType.GOAWAY)).LastStreamId.ShouldBe(1);

        release.SetResult();
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("finished");
        await wire.ReadUntilClosedAsync();
        (await drain).Completed.ShouldBeTrue();
    }

    /// <summary>
    /// The keep-alive timeout on an HTTP/2 connection with no stream open is a GOAWAY(NO_ERROR) naming the last stream
    /// processed, then the close (RFC 9113 §6.8), not a silent close the client cannot tell from a failure.
    /// </summary>
    [TestMethod]
    public async Task KeepAliveTimeout_SendsGoAwayNoError_ThenCloses()
    {
        await using var server = await StartAsync([Route.Get("/", _ => Response.Text(200, "x"))], o => o with { KeepAliveTimeout = TimeSpan.FromMilliseconds(200) });
        using var wire = await H2Wire.ConnectAsync(server.Port);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/"), endStream: true));
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("x");

        var frames = await wire.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        var goAway = frames.Single(f => f.Type == Http2FrameType.GOAWAY);
        goAway.ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        goAway.LastStreamId.ShouldBe(1);
    }

    /// <summary>A push response over HTTP/2 sends each message as DATA, and a drain ends it with END_STREAM.</summary>
    [TestMethod]
    public async Task PushResponse_MessagesAsData_DrainEndsIt()
    {
        var handler = new RecordingPushHandler();
        await using var server = await StartAsync([Route.Get("/feed", _ => Response.Push(200, "text/plain", handler))]);
        using var wire = await H2Wire.ConnectAsync(server.Port);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/feed"), endStream: true));
        await wire.ExpectAsync(Http2FrameType.HEADERS, 1);
        var context = await handler.Opened.Task;

        context.Post("one").ShouldBeTrue();
        System.Text.Encoding.ASCII.GetString((await wire.ExpectAsync(Http2FrameType.DATA, 1)).Payload).ShouldBe("one\n");

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        var end = await wire.ExpectAsync(f => f.StreamId == 1 && f.HasFlag(FrameBuilder.END_STREAM), "the end of the push stream");
        end.Type.ShouldBe(Http2FrameType.DATA);
        (await handler.Closed.Task).ShouldBe(PushCloseReason.Draining);
        var ping = wire.Received.LastOrDefault(f => f.Type == Http2FrameType.PING && !f.HasFlag(FrameBuilder.ACK))
            ?? await wire.ExpectAsync(f => f.Type == Http2FrameType.PING && !f.HasFlag(FrameBuilder.ACK), "the shutdown PING");
        await wire.SendAsync(new FrameBuilder().Ping(ping.PingData, ack: true));
        await wire.ReadUntilClosedAsync();
        (await drain).Completed.ShouldBeTrue();
    }

    /// <summary>HEAD over HTTP/2: the fields (content-length included) with END_STREAM and no DATA.</summary>
    [TestMethod]
    public async Task Head_FieldsOnly()
    {
        await using var server = await StartAsync([Route.Map("/", new Roadrunner.Server.Handlers.DelegateHandler(_ => Response.Text(200, "twelve bytes")))]);
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("HEAD", "/"), endStream: true));
        var headers = await wire.ExpectAsync(Http2FrameType.HEADERS, 1);

        headers.HasFlag(FrameBuilder.END_STREAM).ShouldBeTrue();
        wire.FieldsOf(headers)["content-length"].ShouldBe("12");
    }

    /// <summary>A file response over HTTP/2: the file's bytes in DATA frames, content-length set.</summary>
    [TestMethod]
    public async Task FileResponse_SentAsData()
    {
        using var file = TempFile.Create(Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
        await using var server = await StartAsync([Route.Get("/file", _ => Response.File(file.Path))]);
        using var wire = await H2Wire.ConnectAsync(server.Port);
        // A large connection and stream window so the 100 kB fit without WINDOW_UPDATE from us.
        await wire.SendAsync(new FrameBuilder().Settings((0x4, 1 << 20)).WindowUpdate(0, 1 << 20));

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/file"), endStream: true));
        var response = await wire.ReadResponseAsync(1);

        response.Fields["content-length"].ShouldBe("100000");
        response.Body.ToArray().ShouldBe(File.ReadAllBytes(file.Path));
    }
}
