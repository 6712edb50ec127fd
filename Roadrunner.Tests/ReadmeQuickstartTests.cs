using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
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
            // A request is counted once its answer is written, which the client may see first.
            (await Eventually.TrueAsync(() => listener.Info().RequestsServed == 4)).ShouldBeTrue();

            (await listener.DrainAsync(TimeSpan.FromSeconds(10))).Completed.ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(wwwroot, recursive: true);
        }
    }
}
