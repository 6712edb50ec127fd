using System.Net;
using System.Runtime.InteropServices;
using Roadrunner.Demo;
using Roadrunner.Server;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Tls;

var options = DemoOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"Roadrunner.Demo: {error}");
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}

// Socket completions run on the socket event thread instead of hopping to a thread-pool worker: the read, the parse,
// the handler and the write of a request happen without a context switch. The runtime reads this variable once, when
// the first socket operation starts, so it is set before any listener exists; a value in the environment wins. The
// price: a handler that blocks holds up every connection on its event thread, and the Demo's handlers never block.
// Measured on 2 cores, server pinned to one: /hello 1.40x, h2c 1.20x the same build's rate without it (docs/benchmarks.md).
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (!options.PoolCompletions && Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

using var clock = new SseClock();
using var requestLog = options.LogRequests ? new RequestLog() : null;
var routes = DemoRoutes.Build(clock, DemoStatic.Route(options.Root));
var host = options.Address.Equals(IPAddress.Any) ? "0.0.0.0" : options.Address.ToString();
var listeners = new List<Listener>();
try
{
    var plain = await RoadrunnerServer.StartAsync("http", new ListenerOptions
    {
        Address = options.Address,
        Port = options.Port,
        // HTTP/1.1, and HTTP/2 for clients that ask by Upgrade: h2c or start with the HTTP/2 preface.
        Protocols = [Protocol.Http1, Protocol.Http2],
        Routes = routes,
        MaxClients = options.MaxClients,
        // Text for clients that ask; /hello, /json, /large and /echo stay identity for clients that do not.
        Middlewares = [ResponseCompression.Middleware],
    });
    listeners.Add(plain);
    Console.WriteLine($"listening on http://{host}:{plain.Port} (http1, h2c)");

    if (options.H2cPort is { } h2cPort)
    {
        var h2c = await RoadrunnerServer.StartAsync("h2c", new ListenerOptions
        {
            Address = options.Address,
            Port = h2cPort,
            Protocols = [Protocol.Http2],
            Routes = routes,
            MaxClients = options.MaxClients,
            Middlewares = [ResponseCompression.Middleware],
        });
        listeners.Add(h2c);
        Console.WriteLine($"listening on http://{host}:{h2c.Port} (http2)");
    }

    if (options.TlsPort != 0)
    {
        var tls = options.CertPath is not null ? TlsOptions.FromPemFiles(options.CertPath, options.KeyPath!) : TlsOptions.SelfSigned("localhost");
        // HTTP/3 on UDP with the same port number as the TLS port (the listener binds both), unless --no-h3.
        Protocol[] protocols = options.NoH3 || !ProtocolSupport.Http3Available
            ? [Protocol.Http1, Protocol.Http2]
            : [Protocol.Http1, Protocol.Http2, Protocol.Http3];
        var secure = await RoadrunnerServer.StartAsync("https", new ListenerOptions
        {
            Address = options.Address,
            Port = options.TlsPort,
            Protocols = protocols,
            Tls = tls,
            Routes = routes,
            MaxClients = options.MaxClients,
            Http3Sockets = options.Http3Sockets,
            Middlewares = [ResponseCompression.Middleware],
        });
        listeners.Add(secure);
        Console.WriteLine($"listening on https://{host}:{secure.Port} ({string.Join(", ", protocols.Select(p => p.ToString().ToLowerInvariant()))})");
    }
}
catch (System.Net.Sockets.SocketException ex)
{
    Console.Error.WriteLine($"Roadrunner.Demo: cannot listen: {ex.Message}");
    foreach (var l in listeners) await l.StopAsync();
    return 1;
}

// SIGINT / SIGTERM: drain for up to 10 s, then exit 0.
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
Console.WriteLine("draining");
var results = await Task.WhenAll(listeners.Select(l => l.DrainAsync(TimeSpan.FromSeconds(10))));
foreach (var (listener, result) in listeners.Zip(results))
    Console.WriteLine($"{listener.Name}: {(result.Completed ? "drained" : $"force-closed {result.ForceClosed} connection(s)")}");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
