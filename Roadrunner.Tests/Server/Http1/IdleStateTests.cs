using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>
/// Idle keep-alive connections give their per-request objects (parser, head, decoder, request, writer) back to the
/// listener's pool, and take a set again for their next request without mixing up requests.
/// </summary>
[TestClass]
public sealed class IdleStateTests
{
    private static readonly Route[] Routes =
    [
        Route.Get("/echo-path/*rest", req => Response.Text(200, req.Target)),
        Route.Post("/len", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    ];

    [TestMethod]
    public async Task IdleConnections_GiveTheirRequestStateBack()
    {
        await using var server = await TestServer.StartAsync(Routes);
        var clients = Enumerable.Range(0, 3).Select(_ => server.Connect()).ToArray();
        try
        {
            foreach (var client in clients)
            {
                await client.SendAsync("GET /echo-path/a HTTP/1.1\r\nHost: x\r\n\r\n");
                (await client.ReadResponseAsync()).Status.ShouldBe(200);
            }

            (await Eventually.TrueAsync(() => server.Listener.HeldHttp1States == 0)).ShouldBeTrue($"idle connections hold no per-request state; held: {server.Listener.HeldHttp1States}");

            foreach (var client in clients)
            {
                await client.SendAsync("GET /echo-path/b HTTP/1.1\r\nHost: x\r\n\r\n");
                (await client.ReadResponseAsync()).BodyText.ShouldBe("/echo-path/b");
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [TestMethod]
    public async Task ClosedConnections_LeaveNoStateHeld()
    {
        await using var server = await TestServer.StartAsync(Routes);
        using (var idle = server.Connect())
        using (var midHead = server.Connect())
        {
            await idle.SendAsync("GET /echo-path/a HTTP/1.1\r\nHost: x\r\n\r\n");
            (await idle.ReadResponseAsync()).Status.ShouldBe(200);
            await midHead.SendAsync("GET /echo-path/a HTTP/1.1\r\nHo");
            (await Eventually.TrueAsync(() => server.Listener.HeldHttp1States == 1)).ShouldBeTrue("only the connection in the middle of a head holds a set");
        }

        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0 && server.Listener.HeldHttp1States == 0)).ShouldBeTrue(
            $"held: {server.Listener.HeldHttp1States}");
    }

    [TestMethod]
    public async Task ReusedState_CarriesNothingFromAnotherConnectionsRequest()
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var first = server.Connect();
        await first.SendAsync("POST /len HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Extra: 1\r\n\r\nhello");
        (await first.ReadResponseAsync()).BodyText.ShouldBe("5");
        (await Eventually.TrueAsync(() => server.Listener.HeldHttp1States == 0)).ShouldBeTrue();

        // The second connection takes the set the first one gave back.
        using var second = server.Connect();
        await second.SendAsync("GET /echo-path/z?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await second.ReadResponseAsync();

        response.Status.ShouldBe(200);
        response.BodyText.ShouldBe("/echo-path/z?q=1");
    }
}
