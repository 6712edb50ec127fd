using Microsoft.Extensions.Logging;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>Connections that end while the listener walks its slots (a drain, the heartbeat): the walk must not trip over them.</summary>
[TestClass]
public sealed class ConnectionEndTests
{
    private static readonly Route[] Routes = [Route.Get("/hello", _ => Response.Text(200, "hello"))];

    /// <summary>
    /// A drain that starts while connections are closing finishes normally: a connection that ended between the walk
    /// reading its slot and telling it to close is left alone, and the drain neither throws nor reports a failure.
    /// </summary>
    [TestMethod]
    public async Task Drain_WhileManyConnectionsEnd_CompletesWithoutError()
    {
        for (var round = 0; round < 20; round++)
        {
            var server = await TestServer.StartAsync(Routes);
            var clients = new List<RawClient>();
            for (var i = 0; i < 20; i++)
            {
                var client = server.Connect();
                clients.Add(client);
                await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            }

            foreach (var client in clients) await client.ReadResponseAsync();
            foreach (var client in clients) client.Dispose();

            var result = await server.Listener.DrainAsync(TimeSpan.FromSeconds(5));

            result.Completed.ShouldBeTrue($"round {round}");
            server.Listener.Info().ActiveClients.ShouldBe(0);
        }
    }

    /// <summary>The heartbeat walks the slots several times a second; connections ending meanwhile never make it fail.</summary>
    [TestMethod]
    public async Task Heartbeat_WhileManyConnectionsEnd_NeverFails()
    {
        var log = new RecordingLoggerProvider();
        await using var server = await TestServer.StartAsync(Routes, o => o with
        {
            LoggerFactory = log.Factory,
            KeepAliveTimeout = TimeSpan.FromMilliseconds(40),
            RequestTimeout = TimeSpan.FromSeconds(5),
        });

        for (var round = 0; round < 10; round++)
        {
            var clients = new List<RawClient>();
            for (var i = 0; i < 20; i++)
            {
                var client = server.Connect();
                clients.Add(client);
                await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            }

            foreach (var client in clients) await client.ReadResponseAsync();
            foreach (var client in clients) client.Dispose();
        }

        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
        log.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
    }
}
