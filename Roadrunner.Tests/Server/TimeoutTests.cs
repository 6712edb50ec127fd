using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>request_timeout, keep_alive_timeout and the min_bytes_per_second guard, with short settings.</summary>
[TestClass]
public sealed class TimeoutTests
{
    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello")),
        Route.Post("/upload", req => Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    ];

    [TestMethod]
    public async Task RequestTimeout_FirstRequestStalls_Answers408AndCloses()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300), MinBytesPerSecond = 0 });
        using var client = server.Connect();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost:");

        var text = await client.ReadToEndAsync();

        text.ShouldStartWith("HTTP/1.1 408 Request Timeout\r\n");
        text.ShouldContain("connection: close", Case.Insensitive);
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
    }

    [TestMethod]
    public async Task RequestTimeout_NothingSentAtAll_Answers408()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = server.Connect();

        (await client.ReadToEndAsync()).ShouldStartWith("HTTP/1.1 408 ");
    }

    [TestMethod]
    public async Task KeepAliveTimeout_IdleAfterAResponse_ClosesSilently()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { KeepAliveTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = server.Connect();
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).Status.ShouldBe(200);

        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        client.Unread.ShouldBeEmpty("the keep-alive timeout closes without a response");
    }

    [TestMethod]
    public async Task KeepAliveTimeout_NotReachedBetweenRequests_ConnectionIsReused()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        using var client = server.Connect();
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            (await client.ReadResponseAsync()).Header("connection").ShouldBeNull();
        }
    }

    [TestMethod]
    public async Task MinBytesPerSecond_SlowBody_ClosesSilentlyAfterGrace()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with
        {
            MinBytesPerSecond = 1000,
            MinBytesGracePeriod = TimeSpan.FromMilliseconds(200),
        });
        using var client = server.Connect();
        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc");

        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        client.Unread.ShouldBeEmpty();
    }

    [TestMethod]
    public async Task MinBytesPerSecond_SlowHead_ClosesSilently()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with
        {
            MinBytesPerSecond = 1000,
            MinBytesGracePeriod = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
        using var client = server.Connect();
        await client.SendAsync("GET /hello HTTP/1.1\r\n");

        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        client.Unread.ShouldBeEmpty("the rate guard closes silently; only the request timeout answers 408");
    }

    [TestMethod]
    public async Task MaxKeepAliveRequests_LastAllowedRequest_SaysCloseAndCloses()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { MaxKeepAliveRequests = 3 });
        using var client = server.Connect();
        for (var i = 1; i <= 3; i++)
        {
            await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = await client.ReadResponseAsync();
            response.Header("connection").ShouldBe(i == 3 ? "close" : null);
        }

        (await client.WaitForCloseAsync()).ShouldBeTrue();
    }
}
