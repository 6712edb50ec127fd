using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.WebSockets;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests;

/// <summary>The README's quickstart, as written there (port 0 instead of 8080), compiled and exercised.</summary>
[TestClass]
public sealed class ReadmeQuickstartTests
{
    [TestMethod]
    public async Task Quickstart_AsInTheReadme_Works()
    {
        var wwwroot = Directory.CreateTempSubdirectory("rr-quickstart").FullName;
        await File.WriteAllTextAsync(Path.Combine(wwwroot, "a.txt"), "file a");
        try
        {
            var hello = Response.Text(200, "hello");
            var echoSocket = Response.WebSocket(new Echo());

            await using var listener = await RoadrunnerServer.StartAsync("api", new ListenerOptions
            {
                Address = IPAddress.Loopback,
                Port = 0,
                Protocols = [Protocol.Http1],
                Routes =
                [
                    Route.Get("/hello", _ => hello),
                    Route.Get("/users/:id", req => Response.Json(200, $$"""{"id":"{{req.Bindings["id"]}}"}""")),
                    Route.Post("/echo", req => Response.Bytes(200, req.Body, req.Headers["content-type"] ?? "application/octet-stream")),
                    Route.Map("/files/*path", StaticFiles.From(wwwroot)),
                    Route.Get("/ws", _ => echoSocket),
                ],
                Middlewares =
                [
                    async (req, next) => (await next(req)).WithHeader("x-request-id", req.Id),
                ],
            });

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listener.Port}/") };
            (await http.GetStringAsync("hello")).ShouldBe("hello");
            (await http.GetStringAsync("users/42")).ShouldBe("""{"id":"42"}""");
            var echo = await http.PostAsync("echo", new StringContent("ping"));
            (await echo.Content.ReadAsStringAsync()).ShouldBe("ping");
            echo.Headers.GetValues("x-request-id").Single().Length.ShouldBe(24);
            (await http.GetStringAsync("files/a.txt")).ShouldBe("file a");
            using (var ws = new System.Net.WebSockets.ClientWebSocket())
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                ws.Options.CollectHttpResponseDetails = true;
                await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{listener.Port}/ws"), timeout.Token);
                ws.HttpResponseHeaders!["x-request-id"].Single().Length.ShouldBe(24);
                await ws.SendAsync("ping"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, timeout.Token);
                var buffer = new byte[16];
                var received = await ws.ReceiveAsync(buffer, timeout.Token);
                System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldBe("ping");
                await ws.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }

            // A request is counted once its answer is written (a WebSocket once it has closed), which the client may see first.
            (await Eventually.TrueAsync(() => listener.Info().RequestsServed == 5)).ShouldBeTrue();

            // The README serves until Ctrl+C; here the test plays the user and presses it once the requests are done.
            var stop = new TaskCompletionSource();
            var serving = ServeUntilStoppedAsync(listener, stop.Task);
            (await http.GetStringAsync("hello")).ShouldBe("hello");
            stop.TrySetResult();
            (await serving).Completed.ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(wwwroot, recursive: true);
        }
    }

    private static async Task<DrainResult> ServeUntilStoppedAsync(Listener listener, Task stop)
    {
        await stop;                                            // serve until Ctrl+C
        return await listener.DrainAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Echo : IWebSocketHandler
    {
        public ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message) =>
            context.SendAsync(message.Type, message.Payload);   // from any thread too; context.Post never waits
    }
}
