using System.Net.Sockets;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// A client that leaves without the close handshake is noticed: the handler's close call gets 1006 (RFC 6455 §7.1.5:
/// "no Close control frame was received") and the context's Aborted token is cancelled.
/// </summary>
[TestClass]
public sealed class ClientDepartureTests
{
    private static async Task<(TestServer Server, RecordingHandler Handler)> StartAsync()
    {
        var handler = new RecordingHandler();
        var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler))]);
        return (server, handler);
    }

    [TestMethod]
    public async Task ClientWebSocketAbort_HandlerGets1006()
    {
        var (server, handler) = await StartAsync();
        await using var _ = server;
        var ws = await ClientSockets.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);

        ws.Abort();
        ws.Dispose();

        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
        handler.AbortedAtClose.ShouldBeTrue();
        context.IsOpen.ShouldBeFalse();
    }

    [TestMethod]
    public async Task TcpReset_HandlerGets1006()
    {
        var (server, handler) = await StartAsync();
        await using var _ = server;
        var ws = await RawWebSocket.ConnectAsync(server.Port);
        await handler.Opened.WaitAsync(ClientSockets.Timeout);

        ws.Client.Reset();

        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
    }

    /// <summary>The client half-closes TCP without a Close frame: the handler gets 1006 and the server closes its side too.</summary>
    [TestMethod]
    public async Task TcpFinWithoutClose_HandlerGets1006_AndTheServerCloses()
    {
        var (server, handler) = await StartAsync();
        await using var _ = server;
        using var ws = await RawWebSocket.ConnectAsync(server.Port);
        await handler.Opened.WaitAsync(ClientSockets.Timeout);

        ws.Client.Socket.Shutdown(SocketShutdown.Send);

        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
        (await ws.WaitForTcpCloseAsync()).ShouldBeTrue();
    }

    /// <summary>The Aborted token lets work started elsewhere stop when the client leaves.</summary>
    [TestMethod]
    public async Task Aborted_IsCancelled_WhenTheClientLeaves()
    {
        var (server, handler) = await StartAsync();
        await using var _ = server;
        var ws = await RawWebSocket.ConnectAsync(server.Port);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = context.Aborted.Register(stopped.SetResult);

        ws.Dispose();

        await stopped.Task.WaitAsync(ClientSockets.Timeout);
    }
}
