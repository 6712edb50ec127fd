using System.Net.WebSockets;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// WebSocket telemetry on the <c>Roadrunner</c> meter: handshakes with the status answered, open WebSockets,
/// messages each way with their type, and closes with their code.
/// </summary>
[TestClass]
public sealed class WebSocketTelemetryTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(ClientSockets.Timeout).Token;

    [TestMethod]
    public async Task Upgrades_Messages_AndCloses_AreCounted()
    {
        const string name = "ws-telemetry";
        using var telemetry = new TelemetryRecorder(name);
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler))], name: name);

        using (var client = server.Connect())
        {
            await client.SendAsync(RawWebSocket.UpgradeRequest("/ws").Replace("Version: 13", "Version: 8", StringComparison.Ordinal));
            (await client.ReadResponseAsync()).Status.ShouldBe(426);
        }

        using var ws = await ClientSockets.ConnectAsync(server.Port);
        (await Eventually.TrueAsync(() => telemetry.Sum("roadrunner.websocket.active") == 1)).ShouldBeTrue();
        await ws.SendAsync("a"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        await ws.ReceiveMessageAsync();
        await ws.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, true, Timeout);
        await ws.ReceiveMessageAsync();
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout);
        await handler.WaitClosedAsync();

        (await Eventually.TrueAsync(() => telemetry.Of("roadrunner.websocket.closes").Count == 1)).ShouldBeTrue();
        telemetry.Of("roadrunner.websocket.closes")[0].Tag("websocket.close.code").ShouldBe(1000);
        telemetry.Sum("roadrunner.websocket.active").ShouldBe(0);
        telemetry.Of("roadrunner.websocket.upgrades").Select(m => m.Tag("http.response.status_code")).ShouldBe([426, 101]);
        telemetry.Of("roadrunner.websocket.messages.received").Select(m => m.Tag("websocket.message.type")).ShouldBe(["text", "binary"]);
        telemetry.Of("roadrunner.websocket.messages.sent").Select(m => m.Tag("websocket.message.type")).ShouldBe(["text", "binary"]);
    }
}
