using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http2;

/// <summary>
/// Stalled HTTP/2 streams cannot hold the server: a head within request_timeout, request content and the response's
/// progress at least at the minimum rates after their grace, and a connection whose every stream is stalled counts as
/// idle. Raw frames on a real socket, with one-second limits.
/// </summary>
[TestClass]
public sealed class Http2StreamDeadlineTests
{
    private const ushort InitialWindowSize = 0x4;

    /// <summary>Long enough for a one-second deadline and a few heartbeats; the old code waited forever.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello")),
        Route.Get("/large", _ => Response.Bytes(200, new byte[65536])),
        Route.Post("/echo", r => Response.Bytes(200, r.Body)),
        Route.Post("/started", r => Response.Stream(200, "text/plain", async s =>
        {
            await s.WriteAsync("x"u8.ToArray());
            await r.ReadBodyToEndAsync();
        })).WithBodyMode(BodyMode.Manual),
    ];

    private static Task<TestServer> StartAsync(Func<ListenerOptions, ListenerOptions> configure) =>
        TestServer.StartAsync(Routes, o => configure(o with { Protocols = [Protocol.Http2] }));

    /// <summary>A HEADERS frame without END_HEADERS whose CONTINUATION never comes: GOAWAY PROTOCOL_ERROR after request_timeout (RFC 9113 §6.10), and the listener serves the next connection.</summary>
    [TestMethod]
    public async Task HeadersWithoutContinuation_GoAwayProtocolErrorAfterRequestTimeout()
    {
        await using var server = await StartAsync(o => o with { RequestTimeout = TimeSpan.FromSeconds(1) });
        using var wire = await H2Wire.ConnectAsync(server.Port);
        // The server's SETTINGS are acknowledged first: once the field block is open, an acknowledgment would be a
        // frame other than CONTINUATION, itself a PROTOCOL_ERROR (RFC 9113 §6.10).
        await wire.ExpectAsync(f => f.Type == Http2FrameType.SETTINGS && !f.HasFlag(FrameBuilder.ACK), "the server's SETTINGS", Bound);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true, endHeaders: false));
        var goAway = await wire.ExpectAsync(Http2FrameType.GOAWAY, 0, Bound);

        goAway.ErrorCode.ShouldBe(Http2ErrorCode.PROTOCOL_ERROR);
        goAway.LastStreamId.ShouldBe(0);
        (await wire.ReadUntilClosedAsync(Bound)).ShouldNotContain(f => f.Type == Http2FrameType.HEADERS);
        await ShouldServeAsync(server);
    }

    /// <summary>A POST whose content stops: 408 on its stream once the grace has passed, then RST_STREAM NO_ERROR for the unfinished request (RFC 9113 §8.1); the connection serves the next stream.</summary>
    [TestMethod]
    public async Task StalledRequestContent_Answers408ThenResetsNoError()
    {
        await using var server = await StartAsync(o => o with { MinBytesPerSecond = 100, MinBytesGracePeriod = TimeSpan.FromSeconds(1) });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder()
            .Headers(1, HeaderBlock.Request("POST", "/echo", ("content-length", "1000")), endStream: false)
            .Data(1, "abcde"u8.ToArray(), endStream: false));
        var response = await wire.ReadResponseAsync(1, Bound);

        response.Status.ShouldBe(408);
        (await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1, Bound)).ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await wire.ReadResponseAsync(3, Bound)).BodyText.ShouldBe("hello");
    }

    /// <summary>Content that stops after the response began (a manual-mode handler answering as it reads): only a reset is left, RST_STREAM CANCEL.</summary>
    [TestMethod]
    public async Task StalledRequestContentAfterTheResponseBegan_ResetsCancel()
    {
        await using var server = await StartAsync(o => o with { MinBytesPerSecond = 100, MinBytesGracePeriod = TimeSpan.FromSeconds(1) });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/started"), endStream: false));
        (await wire.ExpectAsync(Http2FrameType.HEADERS, 1, Bound)).HasFlag(FrameBuilder.END_STREAM).ShouldBeFalse();
        var reset = await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1, Bound);

        reset.ErrorCode.ShouldBe(Http2ErrorCode.CANCEL);
        await wire.SendAsync(new FrameBuilder().Headers(3, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await wire.ReadResponseAsync(3, Bound)).BodyText.ShouldBe("hello");
    }

    /// <summary>
    /// A client that announces SETTINGS_INITIAL_WINDOW_SIZE 0 and never grants credit for GET /large: the response
    /// moves slower than min_response_bytes_per_second after its grace, RST_STREAM CANCEL; once the client opens its
    /// windows the same connection is served.
    /// </summary>
    [TestMethod]
    public async Task ResponseWithoutCredit_ResetsCancelAfterGrace()
    {
        await using var server = await StartAsync(o => o with { MinResponseBytesPerSecond = 240, MinResponseGracePeriod = TimeSpan.FromSeconds(1) });
        using var wire = await H2Wire.ConnectAsync(server.Port, preface: false);
        await wire.SendAsync(new FrameBuilder().Preface().Settings((InitialWindowSize, 0)));

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/large"), endStream: true));
        wire.FieldsOf(await wire.ExpectAsync(Http2FrameType.HEADERS, 1, Bound))[":status"].ShouldBe("200");
        var reset = await wire.ExpectAsync(Http2FrameType.RST_STREAM, 1, Bound);

        reset.ErrorCode.ShouldBe(Http2ErrorCode.CANCEL);
        wire.Received.ShouldNotContain(f => f.Type == Http2FrameType.DATA && f.StreamId == 1 && f.Payload.Length > 0);
        await wire.SendAsync(new FrameBuilder().Settings((InitialWindowSize, 65535)).Headers(3, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await wire.ReadResponseAsync(3, Bound)).BodyText.ShouldBe("hello");
    }

    /// <summary>
    /// With the rate guards off, a connection whose only stream waits for content that never comes is idle: the
    /// keep-alive timeout ends it with GOAWAY NO_ERROR naming the stream it processed.
    /// </summary>
    [TestMethod]
    public async Task EveryStreamStalled_ConnectionIsIdle_KeepAliveTimeoutSendsGoAway()
    {
        await using var server = await StartAsync(o => o with
        {
            MinBytesPerSecond = 0,
            MinResponseBytesPerSecond = 0,
            KeepAliveTimeout = TimeSpan.FromSeconds(1),
        });
        using var wire = await H2Wire.ConnectAsync(server.Port);

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/echo"), endStream: false));
        var goAway = await wire.ExpectAsync(Http2FrameType.GOAWAY, 0, Bound);

        goAway.ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        goAway.LastStreamId.ShouldBe(1);
        await ShouldServeAsync(server);
    }

    /// <summary>
    /// A slow but steady upload at five times the minimum rate, for three seconds (three times the grace, longer than
    /// the keep-alive timeout): never cut, the connection never idle, and the whole content echoed.
    /// </summary>
    [TestMethod]
    public async Task SteadySlowUploadAboveTheRate_IsServedWhole()
    {
        await using var server = await StartAsync(o => o with
        {
            MinBytesPerSecond = 100,
            MinBytesGracePeriod = TimeSpan.FromSeconds(1),
            KeepAliveTimeout = TimeSpan.FromSeconds(2),
        });
        using var wire = await H2Wire.ConnectAsync(server.Port);
        var chunk = new byte[100];
        Array.Fill(chunk, (byte)'a');

        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("POST", "/echo"), endStream: false));
        for (var i = 0; i < 15; i++)
        {
            // The pace of the upload is what is tested: 100 bytes every 200 ms.
            await Task.Delay(200);
            await wire.SendAsync(new FrameBuilder().Data(1, chunk, endStream: i == 14));
        }

        var response = await wire.ReadResponseAsync(1, Bound);

        response.Status.ShouldBe(200);
        response.Body.Count.ShouldBe(1500);
        wire.Received.ShouldNotContain(f => f.Type == Http2FrameType.GOAWAY || f.Type == Http2FrameType.RST_STREAM);
    }

    /// <summary>
    /// A slow but steady download: the client grants 100 bytes of credit every 200 ms, twice the minimum response
    /// rate, for three seconds (three times the grace); never reset, and once it opens its window the whole content
    /// arrives.
    /// </summary>
    [TestMethod]
    public async Task SteadySlowDownloadAboveTheRate_IsNotCut()
    {
        await using var server = await StartAsync(o => o with { MinResponseBytesPerSecond = 240, MinResponseGracePeriod = TimeSpan.FromSeconds(1) });
        using var wire = await H2Wire.ConnectAsync(server.Port, preface: false);
        await wire.SendAsync(new FrameBuilder().Preface().Settings((InitialWindowSize, 0)));
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/large"), endStream: true));
        await wire.ExpectAsync(Http2FrameType.HEADERS, 1, Bound);

        for (var i = 0; i < 15; i++)
        {
            // The pace of the credit is what is tested: 100 bytes every 200 ms.
            await Task.Delay(200);
            await wire.SendAsync(new FrameBuilder().WindowUpdate(1, 100));
        }

        // The connection window (65535) is one byte short of the content too.
        await wire.SendAsync(new FrameBuilder().WindowUpdate(0, 65536).WindowUpdate(1, 65536));
        var received = 0;
        while (received < 65536)
        {
            var frame = await wire.ExpectAsync(f => f.StreamId == 1 && f.Type is Http2FrameType.DATA or Http2FrameType.RST_STREAM, "DATA on stream 1", Bound);
            frame.Type.ShouldBe(Http2FrameType.DATA, string.Join(", ", wire.Received));
            received += frame.Payload.Length;
        }

        received.ShouldBe(65536);
    }

    private static async Task ShouldServeAsync(TestServer server)
    {
        using var fresh = await H2Wire.ConnectAsync(server.Port);
        await fresh.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true));
        (await fresh.ReadResponseAsync(1, Bound)).BodyText.ShouldBe("hello");
    }
}
