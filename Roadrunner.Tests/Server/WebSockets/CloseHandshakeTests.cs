using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// The clean close over a real socket (RFC 6455 §5.5.1, §7.1.1): "After both sending and receiving a Close message,
/// an endpoint considers the WebSocket connection closed and MUST close the underlying TCP connection", the server
/// first; and when the server starts the close, the client's answer is awaited at most the close timeout.
/// </summary>
[TestClass]
public sealed class CloseHandshakeTests
{
    /// <summary>Far longer than <see cref="TcpCloseWait"/>: a server that waited for it would fail the test.</summary>
    private static readonly WebSocketOptions LongCloseTimeout = new() { CloseTimeout = TimeSpan.FromSeconds(30) };

    private static readonly TimeSpan TcpCloseWait = TimeSpan.FromSeconds(3);

    /// <summary>The client's Close is echoed with its status and reason, and the server closes TCP at once.</summary>
    [TestMethod]
    public async Task ClientClose_IsEchoed_ThenTcpClosesAtOnce()
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, LongCloseTimeout))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        await ws.SendAsync(Wire.CloseFrame(1000, "bye"));

        var echo = await ws.ReadCloseAsync();
        echo.CloseCode.ShouldBe(1000);
        echo.Text[2..].ShouldBe("bye");
        (await ws.WaitForTcpCloseAsync(TcpCloseWait)).ShouldBeTrue();
        (await handler.WaitClosedAsync()).ShouldBe((WebSocketCloseCode.NormalClosure, "bye"));
    }

    /// <summary>The handler closes; the client answers; the server closes TCP at once, without waiting for the close timeout.</summary>
    [TestMethod]
    public async Task ServerClose_ClientAnswers_ThenTcpClosesAtOnce()
    {
        var handler = new RecordingHandler { OnOpen = c => c.CloseAsync(WebSocketCloseCode.NormalClosure, "done") };
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, LongCloseTimeout))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        var close = await ws.ReadCloseAsync();
        close.CloseCode.ShouldBe(1000);
        await ws.SendAsync(Wire.CloseFrame(1000));

        (await ws.WaitForTcpCloseAsync(TcpCloseWait)).ShouldBeTrue();
        (await handler.WaitClosedAsync()).Code.ShouldBe(WebSocketCloseCode.NormalClosure);
    }

    /// <summary>
    /// RFC 6455 §7.1.1: the handler closes and the client never answers: the server waits the close timeout (1 s
    /// here), then closes TCP; the handler sees 1006 (§7.1.5: no Close frame was received).
    /// </summary>
    [TestMethod]
    public async Task ServerClose_ClientSilent_TcpClosedAfterTheCloseTimeout()
    {
        var handler = new RecordingHandler { OnOpen = c => c.CloseAsync(WebSocketCloseCode.NormalClosure, "done") };
        var options = new WebSocketOptions { CloseTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        (await ws.ReadCloseAsync()).CloseCode.ShouldBe(1000);

        (await ws.WaitForTcpCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (await handler.WaitClosedAsync()).Code.ShouldBe(WebSocketCloseCode.AbnormalClosure);
    }
}
