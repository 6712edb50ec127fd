using System.Net.Sockets;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>Connection slots, max_clients and drain.</summary>
[TestClass]
public sealed class ListenerLifecycleTests
{
    private static readonly Route Hello = Route.Get("/hello", _ => Response.Text(200, "hello"));

    [TestMethod]
    public async Task MaxClients_OneOverTheCap_IsClosedAtOnceAndCountedRejected()
    {
        await using var server = await TestServer.StartAsync([Hello], o => o with { MaxClients = 2 });
        using var a = server.Connect();
        using var b = server.Connect();
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 2)).ShouldBeTrue();

        using var c = server.Connect();
        (await c.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue("the connection over max_clients is closed at once");
        (await Eventually.TrueAsync(() => server.Listener.Info().Rejected == 1)).ShouldBeTrue();
        server.Listener.Info().MaxClients.ShouldBe(2);

        // The two admitted connections still work.
        await a.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await a.ReadResponseAsync()).BodyText.ShouldBe("hello");
    }

    [TestMethod]
    public async Task Info_CountsRequestsServed()
    {
        await using var server = await TestServer.StartAsync([Hello]);
        using var client = server.Connect();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            (await client.ReadResponseAsync()).Status.ShouldBe(200);
        }

        server.Listener.Info().RequestsServed.ShouldBe(3);
    }

    [TestMethod]
    public async Task Drain_InFlightRequestFinishes_NewConnectionsRefused_IdleOnesClosed()
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(
        [
            Hello,
            Route.Get("/slow", async _ =>
            {
                entered.TrySetResult();
                await release.Task;
                return Response.Text(200, "finished");
            }),
        ]);

        using var idle = server.Connect();
        await idle.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await idle.ReadResponseAsync()).Status.ShouldBe(200);

        using var busy = server.Connect();
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        server.Listener.Status.ShouldBe(ListenerStatus.Draining);
        (await idle.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue("an idle keep-alive connection closes at once");
        Should.Throw<SocketException>(() => RawClient.Connect(server.Port));

        release.SetResult();
        var response = await busy.ReadResponseAsync();
        response.BodyText.ShouldBe("finished");
        response.Header("connection").ShouldBe("close");
        var result = await drain;
        result.ShouldBe(new DrainResult(true, 0));
        server.Listener.Status.ShouldBe(ListenerStatus.Stopped);
        server.Listener.Info().ActiveClients.ShouldBe(0);
    }

    [TestMethod]
    public async Task Drain_DeadlinePassed_ForceClosesAndSaysSo()
    {
        var entered = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/never", async req =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, req.Aborted);
                return Response.Text(200, "unreachable");
            }),
        ]);
        using var client = server.Connect();
        await client.SendAsync("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var result = await server.Listener.DrainAsync(TimeSpan.FromMilliseconds(200));

        result.Completed.ShouldBeFalse();
        result.ForceClosed.ShouldBe(1);
        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        server.Listener.Info().ActiveClients.ShouldBe(0);
    }

    [TestMethod]
    public async Task Drain_ReachesPushHandler_WhichWritesItsLastMessage()
    {
        var opened = new TaskCompletionSource<PushContext>();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/events", _ => Response.Push(200, "text/event-stream", new RecordingPush(opened)))]);
        using var client = server.Connect();
        await client.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        var ctx = await opened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        ctx.Post("one").ShouldBeTrue();

        var result = await server.Listener.DrainAsync(TimeSpan.FromSeconds(10));

        result.Completed.ShouldBeTrue();
        var text = await client.ReadToEndAsync();
        text.ShouldContain("data: one\n");
        text.ShouldContain("data: bye Draining\n");
        text.ShouldEndWith("0\r\n\r\n");
    }

    [TestMethod]
    [DataRow("head")]
    [DataRow("body")]
    [DataRow("handler")]
    [DataRow("response")]
    public async Task Slots_AbruptResetInAnyPhase_GivesTheSlotBack(string phase)
    {
        var inHandler = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(
        [
            Route.Post("/upload", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Route.Get("/wait", async _ =>
            {
                inHandler.TrySetResult();
                await release.Task;
                return Response.Text(200, "late");
            }),
            Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
            {
                var chunk = new byte[16 * 1024];
                while (!s.Aborted.IsCancellationRequested) await s.WriteAsync(chunk);
            })),
        ]);

        var client = server.Connect();
        switch (phase)
        {
            case "head":
                await client.SendAsync("GET /hello HTTP/1.1\r\nHo");
                break;
            case "body":
                await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
                break;
            case "handler":
                await client.SendAsync("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
                await inHandler.Task.WaitAsync(TimeSpan.FromSeconds(10));
                break;
            case "response":
                await client.SendAsync("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
                await client.ReadResponseHeadAsync();
                break;
        }

        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 1)).ShouldBeTrue();
        client.Reset();
        release.TrySetResult();
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue($"the slot was not given back after a reset in phase {phase}");
    }

    [TestMethod]
    public async Task ReloadRoutes_SwapsTheTable_RequestInFlightKeepsItsRoute()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/v", _ => Response.Text(200, "old")),
            Route.Get("/wait", async _ =>
            {
                entered.TrySetResult();
                await release.Task;
                return Response.Text(200, "old-wait");
            }),
        ]);
        using var waiting = server.Connect();
        await waiting.SendAsync("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        server.Listener.ReloadRoutes([Route.Get("/v", _ => Response.Text(200, "new"))]);

        using var client = server.Connect();
        await client.SendAsync("GET /v HTTP/1.1\r\nHost: x\r\n\r\nGET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("new");
        (await client.ReadResponseAsync()).Status.ShouldBe(404);
        release.SetResult();
        (await waiting.ReadResponseAsync()).BodyText.ShouldBe("old-wait");
    }

    private sealed class RecordingPush(TaskCompletionSource<PushContext> opened) : IPushHandler
    {
        public ValueTask OnOpenAsync(PushContext context)
        {
            opened.TrySetResult(context);
            return default;
        }

        public ValueTask OnMessageAsync(PushContext context, object message) =>
            context.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"data: {message}\n\n"));

        public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason) =>
            context.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"data: bye {reason}\n\n"));
    }
}
