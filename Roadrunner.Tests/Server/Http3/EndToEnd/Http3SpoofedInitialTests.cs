using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Roadrunner.Server.Http3;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Quic.Endpoints;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// A flood of valid client Initials from addresses that never answer (RFC 9000 §8, §21.1.1.1: address spoofing) against
/// a running listener: the half-open connections it makes must not lock real clients out of HTTP/3.
/// </summary>
[TestClass]
public sealed class Http3SpoofedInitialTests
{
    private const int FloodSize = 2000;

    /// <summary>The listener's UDP side, for its counters.</summary>
    internal static Http3Listener Udp(Listener listener) =>
        (Http3Listener)typeof(Listener).GetField("_http3", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(listener)!;

    /// <summary>
    /// Sends <paramref name="initials"/> to the listener from sockets on 127.0.0.1 to 127.0.0.4, a few datagrams from each
    /// source port, and closes each socket at once: no answer ever comes back from those addresses, as with spoofed ones.
    /// </summary>
    internal static void Flood(int port, byte[][] initials)
    {
        var server = new IPEndPoint(IPAddress.Loopback, port);
        const int PerSocket = 10;
        for (int i = 0; i < initials.Length; i += PerSocket)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)(1 + (i / PerSocket % 4))]), 0));
            for (int j = i; j < Math.Min(i + PerSocket, initials.Length); j++) socket.SendTo(initials[j], server);
        }
    }

    /// <summary>
    /// Thousands of spoofed Initials, then a real client: its GET /hello is answered. Before half-open connections had
    /// their own cap and Retry, the flood filled max_clients with handshakes that never finish and the real client's
    /// Initial was dropped until they timed out.
    /// </summary>
    [TestMethod]
    [Timeout(60_000)]
    public async Task SpoofedInitialFlood_RealClientIsStillServed()
    {
        var initials = SpoofedInitials.Make(FloodSize, seed: 21);
        await using var listener = await Http3EndToEndTests.StartAsync([Route.Get("/hello", _ => Response.Text(200, "hello, world!"))]);

        Flood(listener.Http3Port, initials);
        await using var client = await OurH3Client.ConnectAsync(listener.Http3Port);
        var response = await client.SendRequestAsync("GET", "/hello");

        response.Status.ShouldBe(200);
        response.Text.ShouldBe("hello, world!");

        // The flood stopped at the Retry threshold (100 handshakes by default): the rest were answered statelessly.
        var udp = Udp(listener);
        lock (udp.Sync)
        {
            udp.RetriesSent.ShouldBeGreaterThan(0);
            udp.HandshakeCount.ShouldBeLessThanOrEqualTo(new QuicServerOptions().RetryThreshold);
            udp.InitialsRefused.ShouldBe(0);
        }
    }
}
