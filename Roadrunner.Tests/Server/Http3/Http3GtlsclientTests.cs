using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Roadrunner.Server;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>HTTP/3 end to end: the listener's UDP side, our QUIC and HTTP/3 stacks, and ngtcp2's gtlsclient over real sockets.</summary>
[TestClass]
public sealed class Http3GtlsclientTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static async Task<Listener> StartAsync(IReadOnlyList<Route> routes, string name = "h3test")
    {
        var options = new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = routes,
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http1, Protocol.Http2, Protocol.Http3],
        };
        return await RoadrunnerServer.StartAsync(name, options);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Get_Hello_BodyExact()
    {
        Gtlsclient.SkipIfMissing();
        var protocols = new ConcurrentBag<string>();
        await using var listener = await StartAsync([Route.Get("/hello", r => { protocols.Add($"{r.Protocol} {r.Version}"); return Response.Text(200, "hello over h3"); })]);
        listener.Http3Port.ShouldBe(listener.Port);
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/hello"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        File.ReadAllText(System.IO.Path.Combine(dir.Path, "hello")).ShouldBe("hello over h3", output);
        protocols.ShouldBe(["Http3 HTTP/3"]);
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rr-h3-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
