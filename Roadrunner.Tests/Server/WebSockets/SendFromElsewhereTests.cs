using System.Net.WebSockets;
using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using RoadrunnerMessageType = Roadrunner.WebSockets.WebSocketMessageType;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// Sending from outside the handler's callbacks: <c>SendAsync</c> and the non-blocking <c>Post</c> from other tasks,
/// in order, bounded for a client that does not read, and dropped once the WebSocket is closed.
/// </summary>
[TestClass]
public sealed class SendFromElsewhereTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(ClientSockets.Timeout).Token;

    private static Task<TestServer> StartAsync(RecordingHandler handler, int sendQueueLimit = WebSocketResponse.DefaultSendQueueLimit) =>
        TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, sendQueueLimit: sendQueueLimit))]);

    /// <summary>Posts from another thread reach the client whole and in the order they were made.</summary>
    [TestMethod]
    public async Task Post_FromAnotherThread_ArrivesInOrder()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);

        var posted = await Task.Run(() => Enumerable.Range(0, 100).All(i => context.Post($"tick {i}")));

        posted.ShouldBeTrue();
        for (var i = 0; i < 100; i++) Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe($"tick {i}");
    }

    /// <summary>Binary posts keep their type; text and binary posts interleave in order.</summary>
    [TestMethod]
    public async Task Post_BinaryAndText_KeepTheirTypes()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);

        context.Post(new byte[] { 1, 2, 3 }).ShouldBeTrue();
        context.Post("text").ShouldBeTrue();
        context.Post("raw"u8.ToArray(), RoadrunnerMessageType.Text).ShouldBeTrue();

        var first = await ws.ReceiveMessageAsync();
        first.Type.ShouldBe(WebSocketMessageType.Binary);
        first.Payload.ShouldBe(new byte[] { 1, 2, 3 });
        (await ws.ReceiveMessageAsync()).Type.ShouldBe(WebSocketMessageType.Text);
        Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe("raw");
    }

    /// <summary>Awaited sends from several tasks at once all arrive, each whole.</summary>
    [TestMethod]
    public async Task SendAsync_FromManyTasksAtOnce_EachMessageArrivesWhole()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await context.SendTextAsync($"{t}:{i}:" + new string('x', 1000));
        })));

        var seen = new Dictionary<int, int>();
        for (var n = 0; n < 200; n++)
        {
            var parts = Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).Split(':');
            var (task, index) = (int.Parse(parts[0]), int.Parse(parts[1]));
            // Each task's own messages stay in its order.
            index.ShouldBe(seen.GetValueOrDefault(task));
            seen[task] = index + 1;
            parts[2].Length.ShouldBe(1000);
        }
    }

    /// <summary>
    /// A client that does not read cannot make the server buffer without end: once the send queue is over its limit,
    /// posts are refused; what was accepted still arrives, in order, when the client reads again.
    /// </summary>
    [TestMethod]
    public async Task Post_ToAClientThatDoesNotRead_IsRefusedPastTheQueueLimit()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, sendQueueLimit: 256 * 1024);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);
        var chunk = new byte[64 * 1024];

        var accepted = 0;
        while (accepted < 4000)
        {
            chunk[0] = (byte)accepted;
            if (!context.Post(chunk)) break;
            accepted++;
        }

        accepted.ShouldBeLessThan(4000);
        for (var i = 0; i < accepted; i++)
        {
            var frame = await ws.ReadFrameAsync();
            frame.Payload.Length.ShouldBe(chunk.Length);
            frame.Payload[0].ShouldBe((byte)i);
        }
    }

    /// <summary>Once the WebSocket has closed, posts are refused and sends are dropped without throwing.</summary>
    [TestMethod]
    public async Task AfterClose_PostIsRefused_AndSendDoesNotThrow()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);
        context.IsOpen.ShouldBeTrue();

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout);
        await handler.WaitClosedAsync();

        context.IsOpen.ShouldBeFalse();
        context.Aborted.IsCancellationRequested.ShouldBeTrue();
        context.Post("late").ShouldBeFalse();
        await context.SendTextAsync("late");
        await context.CloseAsync();
    }
}
