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
    Console.Error.WriteLine($"Roadrunner.Demo: {error} (--help lists the options)");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

// The certificate is loaded before any listener starts: a bad file is one line and exit 2, with nothing left listening.
TlsOptions? tls = null;
if (options.TlsPort != 0)
{
    try
    {
        tls = options.CertPath is not null ? TlsOptions.FromPemFiles(options.CertPath, options.KeyPath!) : TlsOptions.SelfSigned("localhost");
    }
    catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
    {
        Console.Error.WriteLine($"Roadrunner.Demo: --cert {options.CertPath} --key {options.KeyPath}: cannot load: {ex.Message}");
        return 2;
    }
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
var listeners = new List<Listener>();
string? failure = null;

// Starts one listener and prints its line, or records the one-line reason it could not listen (a port in use, an
// address not on this machine) naming the listener and the address.
async Task<Listener?> StartAsync(string name, string scheme, ListenerOptions listenerOptions, string protocols)
{
    try
    {
        var listener = await RoadrunnerServer.StartAsync(name, listenerOptions);
        listeners.Add(listener);
        // IPEndPoint brackets an IPv6 address: http://[::1]:8080.
        Console.WriteLine($"listening on {scheme}://{new IPEndPoint(listenerOptions.Address, listener.Port)} ({protocols})");
        return listener;
    }
    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
    {
        var inner = ex.InnerException is System.Net.Sockets.SocketException se ? se.Message : ex.Message;
        failure = $"listener '{name}' cannot listen on {new IPEndPoint(listenerOptions.Address, listenerOptions.Port)}: {inner}";
        return null;
    }
}

var started = await StartAsync("http", "http", new ListenerOptions
{
    Address = options.Address,
    Port = options.Port,
    // HTTP/1.1, and HTTP/2 for clients that ask by Upgrade: h2c or start with the HTTP/2 preface.
    Protocols = [Protocol.Http1, Protocol.Http2],
    Routes = routes,
    MaxClients = options.MaxClients,
    // Text for clients that ask; /hello, /json, /large and /echo stay identity for clients that do not.
    Middlewares = [ResponseCompression.Middleware],
}, "http1, h2c") is not null;

if (started && options.H2cPort is { } h2cPort)
{
    started = await StartAsync("h2c", "http", new ListenerOptions
    {
        Address = options.Address,
        Port = h2cPort,
        Protocols = [Protocol.Http2],
        Routes = routes,
        MaxClients = options.MaxClients,
        Middlewares = [ResponseCompression.Middleware],
    }, "http2") is not null;
}

if (started && tls is not null)
{
    // HTTP/3 on UDP with the same port number as the TLS port (the listener binds both), unless --no-h3.
    Protocol[] protocols = options.NoH3 || !ProtocolSupport.Http3Available
        ? [Protocol.Http1, Protocol.Http2]
        : [Protocol.Http1, Protocol.Http2, Protocol.Http3];
    started = await StartAsync("https", "https", new ListenerOptions
    {
        Address = options.Address,
        Port = options.TlsPort,
        Protocols = protocols,
        Tls = tls,
        Routes = routes,
        MaxClients = options.MaxClients,
        Http3Sockets = options.Http3Sockets,
        Middlewares = [ResponseCompression.Middleware],
    }, string.Join(", ", protocols.Select(p => p.ToString().ToLowerInvariant()))) is not null;
}

if (!started)
{
    Console.Error.WriteLine($"Roadrunner.Demo: {failure}");
    foreach (var l in listeners) await l.StopAsync();
    return 2;
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
