using Roadrunner.Quic.Endpoints;
using Roadrunner.Server.Http3;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Quic.Endpoints;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// The listener's QUIC options end to end: Retry (RFC 9000 §8.1.2, §17.2.5; integrity tag RFC 9001 §5.8) with our
/// client and with ngtcp2's gtlsclient, the half-open handshake deadline, and the key options.
/// </summary>
[TestClass]
public sealed class Http3RetryTests
{
    private static readonly Route[] Hello = [Route.Get("/hello", _ => Response.Text(200, "hello, world!"))];

    private static ValueTask<Listener> StartAsync(QuicServerOptions quic) =>
        Http3EndToEndTests.StartAsync(Hello, o => o with { Quic = quic });

    /// <summary>
    /// Retry always: our client receives a Retry, comes back with its token, and the server's transport parameters
    /// carry original_destination_connection_id and retry_source_connection_id as RFC 9000 §7.3 asks, or our client
    /// would close with TRANSPORT_PARAMETER_ERROR.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task RetryAlways_OurClient_GetHello()
    {
        await using var listener = await StartAsync(new QuicServerOptions { Retry = QuicRetryMode.Always });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        var response = await client.SendRequestAsync("GET", "/hello");

        response.Status.ShouldBe(200);
        response.Text.ShouldBe("hello, world!");
        var udp = Http3SpoofedInitialTests.Udp(listener);
        lock (udp.Sync) udp.RetriesSent.ShouldBe(1);
    }

    /// <summary>Retry always with ngtcp2's client, which checks the Retry's integrity tag and both transport parameters.</summary>
    [TestMethod]
    [Timeout(30_000)]
    public async Task RetryAlways_Gtlsclient_GetHello()
    {
        Gtlsclient.SkipIfMissing();
        await using var listener = await StartAsync(new QuicServerOptions { Retry = QuicRetryMode.Always });
        using var dir = new TempDir();

        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/hello"], $"--download={dir.Path}");

        exit.ShouldBe(0, output);
        output.ShouldContain("[:status: 200]");
        File.ReadAllText(Path.Combine(dir.Path, "hello")).ShouldBe("hello, world!", output);
        var udp = Http3SpoofedInitialTests.Udp(listener);
        lock (udp.Sync) udp.RetriesSent.ShouldBe(1);
    }

    /// <summary>Retry never: the client is admitted on its first Initial.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task RetryNever_OurClient_NoRetry()
    {
        await using var listener = await StartAsync(new QuicServerOptions { Retry = QuicRetryMode.Never });
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);

        (await client.SendRequestAsync("GET", "/hello")).Status.ShouldBe(200);
        var udp = Http3SpoofedInitialTests.Udp(listener);
        lock (udp.Sync) udp.RetriesSent.ShouldBe(0);
    }

    /// <summary>
    /// A spoofed Initial opens a handshake that never completes; after the handshake timeout (1 s here) it is dropped
    /// silently, counted, and its place freed: with a cap of one handshake, a real client then gets in.
    /// </summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task HalfOpenHandshake_DroppedAfterTimeout_PlaceFreed()
    {
        await using var listener = await StartAsync(new QuicServerOptions
        {
            Retry = QuicRetryMode.Never,
            MaxHandshakes = 1,
            HandshakeTimeout = TimeSpan.FromSeconds(1),
        });
        var udp = Http3SpoofedInitialTests.Udp(listener);

        Http3SpoofedInitialTests.Flood(listener.Http3Port, SpoofedInitials.Make(1, seed: 5));
        await WaitForAsync(udp, () => udp.HandshakesTimedOut == 1);
        lock (udp.Sync) udp.HandshakeCount.ShouldBe(0);

        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        (await client.SendRequestAsync("GET", "/hello")).Status.ShouldBe(200);
    }

    /// <summary>Keys given as files (hexadecimal or raw) are read at start; a file that is neither stops the start.</summary>
    [TestMethod]
    [Timeout(20_000)]
    public async Task KeyFiles_AreRead_BadOneRefused()
    {
        using var dir = new TempDir();
        var hexFile = Path.Combine(dir.Path, "token.key");
        File.WriteAllText(hexFile, Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()) + "\n");
        var rawFile = Path.Combine(dir.Path, "reset.key");
        File.WriteAllBytes(rawFile, Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        var badFile = Path.Combine(dir.Path, "bad.key");
        File.WriteAllText(badFile, "not a key");

        await using (var listener = await StartAsync(new QuicServerOptions { TokenKeyFile = hexFile, StatelessResetKeyFile = rawFile, Retry = QuicRetryMode.Always }))
        {
            await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
            (await client.SendRequestAsync("GET", "/hello")).Status.ShouldBe(200);
        }

        var error = await Should.ThrowAsync<ArgumentException>(async () => await StartAsync(new QuicServerOptions { TokenKeyFile = badFile }));
        error.Message.ShouldContain(badFile);
    }

    /// <summary>The options are checked at start: a key of the wrong length, or bytes and a file for the same key.</summary>
    [TestMethod]
    public async Task BadQuicOptions_AreRefusedAtStart()
    {
        await Should.ThrowAsync<ArgumentException>(async () => await StartAsync(new QuicServerOptions { TokenKey = new byte[16] }));
        await Should.ThrowAsync<ArgumentException>(async () => await StartAsync(new QuicServerOptions { StatelessResetKey = new byte[32], StatelessResetKeyFile = "x" }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await StartAsync(new QuicServerOptions { MaxHandshakes = 0 }));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await StartAsync(new QuicServerOptions { HandshakeTimeout = TimeSpan.Zero }));
    }

    /// <summary>Polls a listener counter under its lock until it holds; the listener offers no event for it.</summary>
    private static async Task WaitForAsync(Http3Listener udp, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + OurH3Client.Timeout;
        while (true)
        {
            lock (udp.Sync)
            {
                if (condition()) return;
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException("The listener's counter did not change in time.");
            await Task.Delay(10);
        }
    }
}
