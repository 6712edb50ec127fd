using System.Globalization;
using System.Net;
using Roadrunner.Server;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3;

/// <summary>Response shapes, request body modes, failures and the drain over HTTP/3, driven by gtlsclient over real sockets.</summary>
[TestClass]
public sealed class Http3ResponseShapeTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static ValueTask<Listener> StartAsync(IReadOnlyList<Route> routes, long maxContentLength = 10_000_000) =>
        RoadrunnerServer.StartAsync("h3shapes", new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = routes,
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http1, Protocol.Http3],
            MaxContentLength = maxContentLength,
        });

    /// <summary>A handler that throws before answering: 500, and the connection serves the next request.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task HandlerThrows_Is500_NextRequestServed()
    {
        Gtlsclient.SkipIfMissing();
        await using var listener = await StartAsync(
        [
            Route.Get("/boom", Response (_) => throw new InvalidOperationException("boom")),
            Route.Get("/ok", _ => Response.Text(200, "ok")),
        ]);

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/boom", "/ok"]);

        exit.ShouldBe(0, output);
        output.ShouldContain("http: stream 0x0 [:status: 500]");
        output.ShouldContain("http: stream 0x4 [:status: 200]");
    }

    /// <summary>RFC 9114 §4.1: a streamed body in DATA frames, then a trailer section.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task StreamResponse_ChunksThenTrailers()
    {
        Gtlsclient.SkipIfMissing();
        await using var listener = await StartAsync([Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
        {
            for (var i = 0; i < 5; i++) await s.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"part {i}\n"));
            s.AddTrailer("x-parts", "5");
        }))]);
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/stream"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "stream")).ShouldBe("part 0\npart 1\npart 2\npart 3\npart 4\n");
        output.ShouldContain("http: stream 0x0 trailers started");
        output.ShouldContain("http: stream 0x0 [x-parts: 5]");
    }

    /// <summary>A manual-mode handler reads the request content as it arrives.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task ManualBody_HandlerReadsEveryByte()
    {
        Gtlsclient.SkipIfMissing();
        using var dir = new TempDir();
        var upload = Path.Combine(dir.Path, "upload.bin");
        File.WriteAllBytes(upload, new byte[300_000]);
        var counter = new DelegateHandler(async r =>
        {
            var buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = await r.ReadBodyAsync(buffer)) > 0) total += n;
            return Response.Text(200, total.ToString(CultureInfo.InvariantCulture));
        });
        await using var listener = await StartAsync([Route.Map("/count", counter, bodyMode: BodyMode.Manual)]);

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/count"], $"--download={dir.Path}", $"--data={upload}", "-m", "POST");

        exit.ShouldBe(0, output.Length > 4000 ? output[^4000..] : output);
        File.ReadAllText(Path.Combine(dir.Path, "count")).ShouldBe("300000");
    }

    /// <summary>Content over max_content_length is answered 413 without the handler.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task BodyOverLimit_Is413()
    {
        Gtlsclient.SkipIfMissing();
        using var dir = new TempDir();
        var upload = Path.Combine(dir.Path, "upload.bin");
        File.WriteAllBytes(upload, new byte[5000]);
        var called = false;
        await using var listener = await StartAsync([Route.Post("/echo", r => { called = true; return Response.Bytes(200, r.Body.ToArray()); })], maxContentLength: 1000);

        var (_, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/echo"], $"--data={upload}", "-m", "POST");

        output.ShouldContain("http: stream 0x0 [:status: 413]");
        called.ShouldBeFalse();
    }

    /// <summary>RFC 9114 §5.2: a drain lets a request in flight finish, then closes the connection with H3_NO_ERROR.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task Drain_RequestInFlightCompletes_ThenConnectionCloses()
    {
        Gtlsclient.SkipIfMissing();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = await StartAsync([Route.Get("/slow", async _ =>
        {
            started.TrySetResult();
            await release.Task;
            return Response.Text(200, "finished");
        })]);
        using var dir = new TempDir();

        var client = Gtlsclient.RunAsync(listener.Http3Port, ["/slow"], $"--download={dir.Path}");
        await started.Task;
        var drain = listener.DrainAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        var result = await drain;
        var (exit, output) = await client;

        result.Completed.ShouldBeTrue();
        exit.ShouldBe(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "slow")).ShouldBe("finished");
        listener.Status.ShouldBe(ListenerStatus.Stopped);
        await listener.DisposeAsync();
    }
}
