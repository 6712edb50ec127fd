using Roadrunner.Server.Listening;

namespace Roadrunner.Server;

/// <summary>Starts listeners.</summary>
/// <example>
/// <code>
/// await using var listener = await RoadrunnerServer.StartAsync("api", new ListenerOptions
/// {
///     Port = 8080,
///     Routes = [Route.Get("/hello", _ =&gt; Response.Text(200, "hello"))],
/// });
/// Console.WriteLine($"listening on {listener.Port}");
/// </code>
/// </example>
public static class RoadrunnerServer
{
    /// <summary>Binds and starts a listener named <paramref name="name"/>; it accepts connections when this returns.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address or port cannot be bound.</exception>
    public static ValueTask<Listener> StartAsync(string name, ListenerOptions options) =>
        ValueTask.FromResult(Listener.Start(name, options));
}
