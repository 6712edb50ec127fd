using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.Server.Http3.EndToEnd;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Listening;

/// <summary>
/// Fair shares of max_concurrent_requests: one connection holds at most its stream limit, one client address at most
/// its share, so a peer that stalls many requests over many connections cannot refuse everyone else's.
/// </summary>
[TestClass]
public sealed class FairShareTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Handlers that hold their request until the test releases them (and ignore the client's reset).</summary>
    private sealed class Holder
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entered;

        public int Entered => Volatile.Read(ref _entered);

        public Route[] Routes =>
        [
            Route.Get("/hold", async _ =>
            {
                Interlocked.Increment(ref _entered);
                await _release.Task.WaitAsync(Bound);
                return Response.Text(200, "held");
            }),
            Route.Get("/hello", _ => Response.Text(200, "hello")),
        ];

        public void Release() => _release.TrySetResult();
    }

    /// <summary>Opens <paramref name="count"/> stalled requests on <paramref name="wire"/>, odd stream ids from <paramref name="firstId"/>.</summary>
    private static Task OpenHeldAsync(H2Wire wire, int firstId, int count)
    {
        var frames = new FrameBuilder();
        for (var i = 0; i < count; i++) frames.Headers(firstId + 2 * i, HeaderBlock.Request("GET", "/hold"), endStream: true);
        return wire.SendAsync(frames);
    }

    /// <summary>
    /// An attacker from 127.0.0.2 opens 30 stalled streams over three HTTP/2 connections against max_concurrent_requests
    /// 20: it gets its share (half, 10), the rest is refused with REFUSED_STREAM and counted throttled, and a fresh
    /// request from 127.0.0.1 is served.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task OneAddress_HoldsAtMostHalf_AnotherAddressIsServedOverHttp2()
    {
        var holder = new Holder();
        using var telemetry = new TelemetryRecorder("fair-share-h2");
        await using var server = await TestServer.StartAsync(holder.Routes, o => o with { Protocols = [Protocol.Http2], MaxConcurrentRequests = 20 },
            telemetry.ListenerName);
        var attackers = new List<H2Wire>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var wire = await PeerSocket.ConnectH2Async(PeerSocket.Attacker, server.Port);
                attackers.Add(wire);
                await OpenHeldAsync(wire, 1, 10);
            }

            (await Eventually.TrueAsync(() => holder.Entered + server.Listener.Info().Throttled == 30, Bound)).ShouldBeTrue();
            holder.Entered.ShouldBe(10, "one address holds half of max_concurrent_requests");
            server.Listener.Info().Throttled.ShouldBe(20);
            telemetry.Of("roadrunner.requests.throttled").Count(m => (string?)m.Tag("reason") == "peer").ShouldBe(20);

            using var victim = await H2Wire.ConnectAsync(server.Port);
            await victim.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/hello"), endStream: true));
            (await victim.ReadResponseAsync(1)).BodyText.ShouldBe("hello");
        }
        finally
        {
            holder.Release();
            foreach (var wire in attackers) wire.Dispose();
        }
    }

    /// <summary>
    /// The same attack over HTTP/2 on the TLS port leaves room for an HTTP/3 request from 127.0.0.1: both protocols
    /// count against one budget with one rule.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task OneAddress_HoldsAtMostHalf_AnotherAddressIsServedOverHttp3()
    {
        var holder = new Holder();
        await using var listener = await Http3EndToEndTests.StartAsync(holder.Routes, o => o with { MaxConcurrentRequests = 20 });
        var attackers = new List<H2Wire>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var wire = await PeerSocket.ConnectH2Async(PeerSocket.Attacker, listener.Port, tls: true);
                attackers.Add(wire);
                await OpenHeldAsync(wire, 1, 10);
            }

            (await Eventually.TrueAsync(() => holder.Entered + listener.Info().Throttled == 30, Bound)).ShouldBeTrue();
            holder.Entered.ShouldBe(10);

            await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
            var response = await client.SendRequestAsync("GET", "/hello");
            response.Status.ShouldBe(200);
            response.Text.ShouldBe("hello");
        }
        finally
        {
            holder.Release();
            foreach (var wire in attackers) wire.Dispose();
        }
    }

    /// <summary>
    /// A connection holds at most its max_concurrent_streams of the listener's requests, counting handlers still running
    /// for streams the client reset: with 4 streams allowed, 4 reset-but-running requests and 4 new streams, the new
    /// ones are refused with REFUSED_STREAM (RFC 9113 §8.7: nothing was processed, the client may retry).
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task OneConnection_ResetStreamsWithRunningHandlers_CountAgainstItsStreamLimit()
    {
        var holder = new Holder();
        using var telemetry = new TelemetryRecorder("fair-share-connection");
        await using var server = await TestServer.StartAsync(holder.Routes, o => o with
        {
            Protocols = [Protocol.Http2],
            MaxConcurrentRequests = 20,
            Http2 = o.Http2 with { MaxConcurrentStreams = 4 },
        }, telemetry.ListenerName);
        using var wire = await H2Wire.ConnectAsync(server.Port);
        try
        {
            await OpenHeldAsync(wire, 1, 4);
            (await Eventually.TrueAsync(() => holder.Entered == 4, Bound)).ShouldBeTrue();
            var resets = new FrameBuilder();
            for (var id = 1; id <= 7; id += 2) resets.RstStream(id, (uint)Http2ErrorCode.CANCEL);
            await wire.SendAsync(resets);

            await OpenHeldAsync(wire, 9, 4);

            for (var id = 9; id <= 15; id += 2)
                (await wire.ExpectAsync(Http2FrameType.RST_STREAM, id)).ErrorCode.ShouldBe(Http2ErrorCode.REFUSED_STREAM);
            holder.Entered.ShouldBe(4);
            server.Listener.Info().Throttled.ShouldBe(4);
            telemetry.Of("roadrunner.requests.throttled").Count(m => (string?)m.Tag("reason") == "connection").ShouldBe(4);
        }
        finally
        {
            holder.Release();
        }
    }
}
