using System.Net.WebSockets;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;
using RoadrunnerOptions = Roadrunner.WebSockets.WebSocketOptions;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// A listener's drain reaches every open WebSocket: each is sent Close 1001 (RFC 6455 §7.4.1: "a server going down")
/// and finishes its close handshake, or is given up after the close timeout, before the drain deadline.
/// </summary>
[TestClass]
public sealed class DrainTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(ClientSockets.Timeout).Token;

    [TestMethod]
    public async Task Drain_Sends1001_ToEverySession_AndCompletesTheHandshakes()
    {
        var handlers = new List<RecordingHandler>();
        var server = await TestServer.StartAsync([Route.Get("/ws", _ =>
        {
            var handler = new RecordingHandler();
            lock (handlers) handlers.Add(handler);
            return Response.WebSocket(handler);
        })]);
        var clients = new List<ClientWebSocket>();
        for (var i = 0; i < 3; i++) clients.Add(await ClientSockets.ConnectAsync(server.Port));
        await Task.WhenAll(handlers.Select(h => h.Opened));

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        foreach (var ws in clients)
        {
            var (type, _) = await ws.ReceiveMessageAsync();
            type.ShouldBe(WebSocketMessageType.Close);
            ws.CloseStatus.ShouldBe(WebSocketCloseStatus.EndpointUnavailable);
            await ws.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, null, Timeout);
        }

        (await drain).Completed.ShouldBeTrue();
        foreach (var handler in handlers) (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.GoingAway);
        foreach (var ws in clients) ws.Dispose();
    }

    /// <summary>
    /// RFC 6455 §7.1.1: a client that never answers the server's Close is not waited for past the close timeout: the
    /// server closes the connection, the handler sees 1006 and the drain still completes in time.
    /// </summary>
    [TestMethod]
    public async Task Drain_ClientThatNeverAnswers_IsClosedAfterTheCloseTimeout()
    {
        var handler = new RecordingHandler();
        var response = Response.WebSocket(handler, new RoadrunnerOptions { CloseTimeout = TimeSpan.FromMilliseconds(200) });
        var server = await TestServer.StartAsync([Route.Get("/ws", _ => response)]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);
        await handler.Opened;

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        var close = await ws.ReadFrameAsync();

        close.CloseCode.ShouldBe(1001);
        (await ws.WaitForTcpCloseAsync()).ShouldBeTrue();
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
        (await drain).Completed.ShouldBeTrue();
    }

    /// <summary>A drain that comes while a callback is still running sends the 1001 at once; the handshake finishes after it.</summary>
    [TestMethod]
    public async Task Drain_WhileTheHandlerIsBusy_TheCloseStillGoesOut()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            OnMessage = async (_, _) =>
            {
                busy.TrySetResult();
                await release.Task;
            },
        };
        var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);
        await ws.SendAsync(Wire.TextFrame("work"));
        await busy.Task.WaitAsync(ClientSockets.Timeout);

        var drain = server.Listener.DrainAsync(TimeSpan.FromSeconds(10));
        var close = await ws.ReadFrameAsync();
        release.SetResult();
        await ws.SendAsync(Wire.CloseFrame(1001));

        close.CloseCode.ShouldBe(1001);
        (await ws.WaitForTcpCloseAsync()).ShouldBeTrue();
        (await drain).Completed.ShouldBeTrue();
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.GoingAway);
    }
}
