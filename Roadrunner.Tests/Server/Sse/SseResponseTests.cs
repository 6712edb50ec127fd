using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Sse;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Sse;

/// <summary>Server-Sent Events on the push shape over real sockets: head, events, retry, keep-alives, Last-Event-ID, injection.</summary>
[TestClass]
public sealed class SseResponseTests
{
    private static async Task<(RawClient Client, ChunkedReader Events, string Head)> OpenAsync(TestServer server, string target = "/events", params string[] headers)
    {
        var client = server.Connect();
        var extra = string.Concat(headers.Select(h => h + "\r\n"));
        await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n{extra}\r\n");
        var head = await client.ReadResponseHeadAsync();
        return (client, new ChunkedReader(client), head);
    }

    private static async Task<string> NextAsync(ChunkedReader events) => Encoding.UTF8.GetString((await events.ReadChunkAsync())!);

    [TestMethod]
    public async Task Head_IsAnUncachedEventStream()
    {
        var feed = new Feed();
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(feed))]);
        var (client, _, head) = await OpenAsync(server);
        using (client)
        {
            head.ShouldStartWith("HTTP/1.1 200 OK\r\n");
            head.ShouldContain("content-type: text/event-stream\r\n");
            head.ShouldContain("cache-control: no-cache\r\n");
            head.ShouldContain("transfer-encoding: chunked\r\n");
        }
    }

    [TestMethod]
    public async Task Retry_IsSentFirst_ThenEachPostedEvent()
    {
        var feed = new Feed();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/events", _ => SseResponse.Create(feed, new SseResponseOptions { Retry = TimeSpan.FromSeconds(2), KeepAliveInterval = null }))]);
        var (client, events, _) = await OpenAsync(server);
        using (client)
        {
            (await NextAsync(events)).ShouldBe("retry: 2000\n\n");
            var context = await feed.Opened.Task.WaitAsync(TimeSpan.FromSeconds(10));
            context.Post(new SseEvent { Event = "tick", Id = "1", Data = "12:00:00" });
            (await NextAsync(events)).ShouldBe("event: tick\nid: 1\ndata: 12:00:00\n\n");
            context.Post(new SseEvent { Data = "line one\nline two\r\nline three" });
            (await NextAsync(events)).ShouldBe("data: line one\ndata: line two\ndata: line three\n\n");
            context.Stop();
            (await events.ReadChunkAsync()).ShouldBeNull("the body ends after Stop");
        }
    }

    /// <summary>An idle stream gets a keep-alive comment after each interval.</summary>
    [TestMethod]
    public async Task IdleStream_GetsKeepAliveComments()
    {
        var feed = new Feed();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/events", _ => SseResponse.Create(feed, new SseResponseOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(50) }))]);
        var (client, events, _) = await OpenAsync(server);
        using (client)
        {
            (await NextAsync(events)).ShouldBe(": keep-alive\n");
            (await NextAsync(events)).ShouldBe(": keep-alive\n");
            var context = await feed.Opened.Task;
            context.Post(new SseEvent { Data = "real" });
            // Keep-alives and events never interleave inside a write: every chunk is one or the other.
            string chunk;
            while ((chunk = await NextAsync(events)) == ": keep-alive\n")
            {
            }

            chunk.ShouldBe("data: real\n\n");
        }
    }

    [TestMethod]
    [DataRow(null, "none")]
    [DataRow("Last-Event-ID: 42", "42")]
    [DataRow("Last-Event-ID:   abc  ", "abc")]
    [DataRow("Last-Event-ID: ", "none")]
    public async Task LastEventId_ReachesTheHandler(string? header, string expected)
    {
        var feed = new Feed { Greeting = ctx => new SseEvent { Data = ctx.Request.LastEventId ?? "none" } };
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(feed))]);
        var (client, events, _) = header is null ? await OpenAsync(server) : await OpenAsync(server, "/events", header);
        using (client)
        {
            (await NextAsync(events)).ShouldBe($"data: {expected}\n\n");
        }
    }

    [TestMethod]
    public async Task LastEventId_Utf8_IsDecoded_TooLong_IsNone()
    {
        var feed = new Feed { Greeting = ctx => new SseEvent { Data = ctx.Request.LastEventId ?? "none" } };
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(feed))]);
        using var client = server.Connect();
        await client.SendAsync([.. "GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: caf"u8.ToArray(), 0xC3, 0xA9, .. "\r\n\r\n"u8.ToArray()]);
        await client.ReadResponseHeadAsync();
        (await NextAsync(new ChunkedReader(client))).ShouldBe("data: café\n\n");

        var (tooLong, events, _) = await OpenAsync(server, "/events", $"Last-Event-ID: {new string('7', SseOptions.Default.MaxLastEventIdLength + 1)}");
        using (tooLong)
        {
            (await NextAsync(events)).ShouldBe("data: none\n\n");
        }
    }

    /// <summary>CR or LF in event or id throws before anything is written; in data it becomes more data lines, never a field.</summary>
    [TestMethod]
    public async Task Injection_IsRefusedOrNeutralised()
    {
        var feed = new Feed
        {
            OnOpen = async ctx =>
            {
                var refused = 0;
                foreach (var bad in (SseEvent[])[
                    new SseEvent { Event = "tick\nevent: admin", Data = "x" },
                    new SseEvent { Event = "tick\r", Data = "x" },
                    new SseEvent { Id = "1\n\ndata: forged", Data = "x" },
                    new SseEvent { Id = "1\0", Data = "x" },
                    new SseEvent { Retry = TimeSpan.FromSeconds(-1) }])
                {
                    try
                    {
                        await ctx.SendEventAsync(bad);
                    }
                    catch (ArgumentException)
                    {
                        refused++;
                    }
                }

                await ctx.SendEventAsync(new SseEvent { Data = $"refused {refused}" });
                await ctx.SendEventAsync(new SseEvent { Data = "a\n\nevent: evil\ndata: forged" });
                await ctx.SendCommentAsync("note\ndata: forged");
            },
        };
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(feed, new SseResponseOptions { KeepAliveInterval = null }))]);
        var (client, events, _) = await OpenAsync(server);
        using (client)
        {
            (await NextAsync(events)).ShouldBe("data: refused 5\n\n");
            (await NextAsync(events)).ShouldBe("data: a\ndata:\ndata: event: evil\ndata: data: forged\n\n");
            (await NextAsync(events)).ShouldBe(": note\n: data: forged\n");
        }
    }

    [TestMethod]
    public async Task Drain_ReachesTheHandler_WhichMaySayGoodbye()
    {
        var feed = new Feed { Farewell = new SseEvent { Event = "bye", Data = "draining" } };
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(feed, new SseResponseOptions { KeepAliveInterval = null }))]);
        var (client, events, _) = await OpenAsync(server);
        using (client)
        {
            await feed.Opened.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
            (await NextAsync(events)).ShouldBe("event: bye\ndata: draining\n\n");
            (await events.ReadChunkAsync()).ShouldBeNull();
            (await drain).Completed.ShouldBeTrue();
            (await feed.Closed.Task).ShouldBe(PushCloseReason.Draining);
        }
    }

    [TestMethod]
    public async Task ClientGone_ClosesTheHandler()
    {
        var feed = new Feed();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/events", _ => SseResponse.Create(feed, new SseResponseOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(20) }))]);
        var (client, _, _) = await OpenAsync(server);
        await feed.Opened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        client.Reset();
        (await feed.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(PushCloseReason.ClientGone);
    }

    /// <summary>A cached event-stream response serves many clients, each with its own stream.</summary>
    [TestMethod]
    public async Task CachedResponse_ServesSeveralClients()
    {
        var feed = new Feed { Greeting = ctx => new SseEvent { Data = ctx.Request.Path } };
        var shared = SseResponse.Create(feed, new SseResponseOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(50) });
        await using var server = await TestServer.StartAsync([Route.Get("/events/:n", _ => shared)]);
        var (a, aEvents, _) = await OpenAsync(server, "/events/1");
        var (b, bEvents, _) = await OpenAsync(server, "/events/2");
        using (a)
        using (b)
        {
            (await NextAsync(aEvents)).ShouldBe("data: /events/1\n\n");
            (await NextAsync(bEvents)).ShouldBe("data: /events/2\n\n");
            (await NextAsync(aEvents)).ShouldBe(": keep-alive\n");
            (await NextAsync(bEvents)).ShouldBe(": keep-alive\n");
        }
    }

    [TestMethod]
    public async Task Head_HasTheHeadOnly()
    {
        await using var server = await TestServer.StartAsync([Route.Get("/events", _ => SseResponse.Create(new Feed()))]);
        var r = await Exchange.SendAsync(server.Port, "HEAD", "/events");
        r.Status.ShouldBe(200);
        r.Header("content-type").ShouldBe("text/event-stream");
    }

    [TestMethod]
    public void Options_OutOfRange_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SseResponse.Create(new Feed(), new SseResponseOptions { KeepAliveInterval = TimeSpan.Zero }));
        Should.Throw<ArgumentOutOfRangeException>(() => SseResponse.Create(new Feed(), new SseResponseOptions { Retry = TimeSpan.FromSeconds(-1) }));
        Should.Throw<ArgumentNullException>(() => SseResponse.Create(null!));
    }

    /// <summary>A push handler whose posted messages are events, for the tests.</summary>
    private sealed class Feed : IPushHandler
    {
        public TaskCompletionSource<PushContext> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<PushCloseReason> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<PushContext, SseEvent>? Greeting { get; init; }

        public Func<PushContext, Task>? OnOpen { get; init; }

        public SseEvent? Farewell { get; init; }

        public async ValueTask OnOpenAsync(PushContext context)
        {
            if (Greeting is not null) await context.SendEventAsync(Greeting(context));
            if (OnOpen is not null) await OnOpen(context);
            Opened.TrySetResult(context);
        }

        public ValueTask OnMessageAsync(PushContext context, object message) => context.SendEventAsync((SseEvent)message);

        public async ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
        {
            if (reason == PushCloseReason.Draining && Farewell is { } bye) await context.SendEventAsync(bye);
            Closed.TrySetResult(reason);
        }
    }
}
