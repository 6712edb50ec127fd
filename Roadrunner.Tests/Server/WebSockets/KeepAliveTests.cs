using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// The keep-alive option (RFC 6455 §5.5.2: "A Ping frame may serve either as a keepalive or as a means to verify that
/// the remote endpoint is still responsive"): a Ping after an interval of silence; a client that answers stays, one
/// that stays silent a further interval is given up (1006).
/// </summary>
[TestClass]
public sealed class KeepAliveTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [TestMethod]
    public async Task Silence_BringsAPing_APongKeepsTheWebSocket_SilenceAfterThePingEndsIt()
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, keepAliveInterval: Interval))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        var first = await ws.ReadFrameAsync();
        first.Opcode.ShouldBe(Wire.Ping);
        await ws.SendAsync(Wire.Frame(Wire.Pong, first.Payload));

        // Answered: the WebSocket stays, and the next silence brings the next Ping.
        (await ws.ReadFrameAsync()).Opcode.ShouldBe(Wire.Ping);

        // Not answered: given up.
        (await ws.WaitForTcpCloseAsync()).ShouldBeTrue();
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.AbnormalClosure);
    }

    /// <summary>Messages count as life: a client that keeps talking gets no Ping.</summary>
    [TestMethod]
    public async Task Messages_KeepTheWebSocketAlive_WithoutPings()
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, keepAliveInterval: TimeSpan.FromSeconds(30)))]);
        using var ws = await RawWebSocket.ConnectAsync(server.Port);

        for (var i = 0; i < 5; i++)
        {
            await ws.SendAsync(Wire.TextFrame($"m{i}"));
            (await ws.ReadFrameAsync()).ToString().ShouldBe($"Text m{i}");
        }
    }

    /// <summary>Without the option no Ping is ever sent (the default).</summary>
    [TestMethod]
    public void KeepAlive_IsOffByDefault() => Response.WebSocket(new RecordingHandler()).KeepAliveInterval.ShouldBeNull();

    /// <summary>A zero or negative interval is a programmer error, refused when the response is made.</summary>
    [TestMethod]
    public void NonPositiveInterval_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Response.WebSocket(new RecordingHandler(), keepAliveInterval: TimeSpan.Zero));
}
