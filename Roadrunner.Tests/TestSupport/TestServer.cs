using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Routing;

namespace Roadrunner.Tests.TestSupport;

/// <summary>A listener on 127.0.0.1 with an ephemeral port, stopped when disposed.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(Listener listener) => Listener = listener;

    public Listener Listener { get; }

    public int Port => Listener.Port;

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts a listener; <paramref name="name"/> tells its telemetry apart from other tests' listeners.</summary>
    public static async Task<TestServer> StartAsync(IReadOnlyList<Route> routes, Func<ListenerOptions, ListenerOptions>? configure = null, string name = "test")
    {
        var options = new ListenerOptions { Address = IPAddress.Loopback, Port = 0, Routes = routes, Acceptors = 2 };
        if (configure is not null) options = configure(options);
        return new TestServer(await RoadrunnerServer.StartAsync(name, options));
    }

    public RawClient Connect() => RawClient.Connect(Port);

    public async ValueTask DisposeAsync() => await Listener.StopAsync();
}
