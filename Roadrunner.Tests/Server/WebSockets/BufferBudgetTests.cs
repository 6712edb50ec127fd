using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// The listener-wide budget for buffered inbound WebSocket bytes (<c>ListenerOptions.MaxWebSocketBufferedBytes</c>):
/// unfinished messages on many connections cannot add up past it. Over it, the connection holding the most is failed
/// with 1009 (RFC 6455 §7.4.1: "a message that is too big for it to process"; §10.4: implementations "SHOULD impose
/// an implementation-specific limit on frame size and the total message size"), its TCP connection closes, and the
/// others go on. Bytes go back to the budget when a message completes or a connection ends.
/// </summary>
[TestClass]
public sealed class BufferBudgetTests
{
    private const int KiB = 1024;

    private static Task<TestServer> StartAsync(long budget) =>
        TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(new RecordingHandler()))], o => o with { MaxWebSocketBufferedBytes = budget });

    private static async Task ShouldHoldAsync(TestServer server, long bytes) =>
        (await Eventually.TrueAsync(() => server.Listener.WebSocketBudget.BufferedBytes == bytes))
            .ShouldBeTrue($"the budget should hold {bytes} bytes; it holds {server.Listener.WebSocketBudget.BufferedBytes}");

    /// <summary>
    /// Budget 1 MiB, three connections with unfinished messages of 400, 300 and then 400 KiB: when the third pushes the
    /// total over, the first (the biggest holder at that moment) gets Close 1009 and its TCP connection closes; the
    /// other two finish their messages, which are echoed, and the budget returns to 0.
    /// </summary>
    [TestMethod]
    public async Task OverTheBudget_BiggestHolderGets1009_OthersLive_BudgetReturnsToZero()
    {
        await using var server = await StartAsync(1024 * KiB);
        using var first = await RawWebSocket.ConnectAsync(server.Port);
        using var second = await RawWebSocket.ConnectAsync(server.Port);
        using var third = await RawWebSocket.ConnectAsync(server.Port);

        await first.SendAsync(Wire.BinaryFrame(new byte[400 * KiB], fin: false));
        await ShouldHoldAsync(server, 400 * KiB);
        await second.SendAsync(Wire.BinaryFrame(new byte[300 * KiB], fin: false));
        await ShouldHoldAsync(server, 700 * KiB);
        // The total passes 1 MiB once the third holds 324 KiB, less than the first's 400.
        await third.SendAsync(Wire.BinaryFrame(new byte[400 * KiB], fin: false));

        (await first.ReadCloseAsync()).CloseCode.ShouldBe(1009);
        (await first.WaitForTcpCloseAsync(TimeSpan.FromSeconds(3))).ShouldBeTrue();
        await ShouldHoldAsync(server, 700 * KiB);

        await second.SendAsync(Wire.Frame(Wire.Continuation, "!"u8));
        (await second.ReadFrameAsync()).Payload.Length.ShouldBe(300 * KiB + 1);
        await third.SendAsync(Wire.Frame(Wire.Continuation, "!"u8));
        (await third.ReadFrameAsync()).Payload.Length.ShouldBe(400 * KiB + 1);
        await ShouldHoldAsync(server, 0);
    }

    /// <summary>A connection that ends (here the client drops TCP) in the middle of a message gives its bytes back.</summary>
    [TestMethod]
    public async Task ConnectionEndsMidMessage_ItsBytesGoBack()
    {
        await using var server = await StartAsync(1024 * KiB);
        var ws = await RawWebSocket.ConnectAsync(server.Port);
        await ws.SendAsync(Wire.Concat(Wire.BinaryFrame(new byte[100 * KiB], fin: false), Wire.Frame(Wire.Continuation, new byte[50 * KiB], fin: false)));
        await ShouldHoldAsync(server, 150 * KiB);

        ws.Dispose();

        await ShouldHoldAsync(server, 0);
    }

    /// <summary>One connection alone over the budget is itself the biggest holder: 1009, and the TCP connection closes.</summary>
    [TestMethod]
    public async Task OneConnectionOverTheBudget_Gets1009()
    {
        await using var server = await StartAsync(64 * KiB);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        await ws.SendAsync(Wire.BinaryFrame(new byte[100 * KiB], fin: false));

        (await ws.ReadCloseAsync()).CloseCode.ShouldBe(1009);
        (await ws.WaitForTcpCloseAsync(TimeSpan.FromSeconds(3))).ShouldBeTrue();
        await ShouldHoldAsync(server, 0);
    }
}
