using System.Text;
using Roadrunner.Tests.WebSockets.Support;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Handshake;
using Shouldly;

namespace Roadrunner.Tests.WebSockets.Deflate;

/// <summary>
/// Autobahn 12.x and 13.x: permessage-deflate negotiated from the client's offer through the handshake, then
/// messages of 16 B to 128 KiB, text and binary, sent by a client session, echoed by the server, read back.
/// </summary>
[TestClass]
public sealed class Autobahn12_13_DeflateTests
{
    private const string Client13 = "permessage-deflate; client_no_context_takeover; client_max_window_bits";

    private static readonly int[] Sizes = [16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072];

    /// <summary>The offers of Autobahn 12.x and 13.1–13.7, and the response each gets.</summary>
    public static IEnumerable<object[]> Offers =>
    [
        ["permessage-deflate", "permessage-deflate"],
        [Client13, "permessage-deflate; client_no_context_takeover"],
        [Client13 + "; server_no_context_takeover", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"],
        [Client13 + "; server_max_window_bits=8", "permessage-deflate; client_no_context_takeover; server_max_window_bits=8"],
        [Client13 + "; server_max_window_bits=15", "permessage-deflate; client_no_context_takeover; server_max_window_bits=15"],
        [Client13 + "; server_no_context_takeover; server_max_window_bits=8",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8"],
        [Client13 + "; server_no_context_takeover; server_max_window_bits=15",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15"],
        [$"{Client13}; server_no_context_takeover; server_max_window_bits=8, {Client13}; server_no_context_takeover, {Client13}",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8"],
        ["permessage-deflate; client_max_window_bits=10", "permessage-deflate"],
    ];

    /// <summary>
    /// RFC 7692 §7.2.1 / §7.2.2 under each negotiated parameter set: every message comes back intact, fed to the
    /// server whole and in 1000-byte pieces; the server compresses what it may (window 15, over the threshold) and
    /// sends the rest uncompressed (§7.1.2.1: a smaller server window is honoured by not compressing).
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Offers))]
    public void Autobahn13_RoundTrip_UnderNegotiatedParameters(string offer, string expectedResponse)
    {
        var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
        var result = WebSocketHandshake.AcceptUpgrade("GET", "HTTP/1.1", TestHeaders.Upgrade([("Sec-WebSocket-Extensions", offer)]), options);
        result.IsAccepted.ShouldBeTrue();
        result.Extensions.ShouldBe(expectedResponse);
        var agreed = result.PerMessageDeflate!.Value;
        PerMessageDeflateNegotiation.TryReadResponse(result.Extensions, out var clientView).ShouldBeTrue();
        // A client_max_window_bits value in the offer binds the client whatever the response says (§7.1.2.2), so
        // only the client that made the offer knows it; the response alone carries the rest.
        clientView.ShouldBe(agreed with { ClientMaxWindowBits = 15 });

        foreach (int chunk in new[] { int.MaxValue, 1000 })
        {
            using var server = new SessionDriver(options, agreed) { Echo = true };
            using var client = new SessionDriver(options, agreed, WebSocketRole.Client);
            var random = new Random(42);
            foreach (int size in Sizes)
            {
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    var text = Enumerable.Range(0, size).Select(i => (char)('a' + random.Next(0, 4))).ToArray();
                    var binary = new byte[size];
                    random.NextBytes(binary.AsSpan(0, size / 2)); // half random, half zeros

                    client.Session.SendText(text);
                    client.Session.SendBinary(binary);
                    var sent = client.TakeBytes();
                    Wire.Parse(sent).All(f => f.Rsv1 == (agreed.ClientMaxWindowBits == 15 && size >= 64)).ShouldBeTrue();

                    server.Feed(sent, chunk).Select(e => e.Payload.Length).ShouldBe([size, size]);
                    var echoed = server.TakeBytes();
                    Wire.Parse(echoed).All(f => f.Rsv1 == (agreed.ServerMaxWindowBits == 15 && size >= 64)).ShouldBeTrue();

                    var back = client.Feed(echoed);
                    back.Count.ShouldBe(2);
                    (back[0].Text == new string(text)).ShouldBeTrue($"text of {size} bytes");
                    back[1].Payload.AsSpan().SequenceEqual(binary).ShouldBeTrue($"binary of {size} bytes");
                }
            }
        }
    }

    /// <summary>
    /// RFC 7692 §7.1.1.1: with server_no_context_takeover the server "MUST start compressing each new message with
    /// an empty LZ77 sliding window", so the same message compresses to the same bytes every time; with context
    /// takeover the repeat references the first and is smaller.
    /// </summary>
    [TestMethod]
    public void S7_1_1_1_ServerNoContextTakeover_RepeatsCompressIdentically()
    {
        var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
        var message = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"item {i * 7919 % 1000};")));

        using var reset = new SessionDriver(options, new PerMessageDeflateParameters { ServerNoContextTakeover = true });
        reset.Session.SendText(message);
        reset.Session.SendText(message);
        var resetFrames = reset.TakeFrames();
        resetFrames[1].Payload.ShouldBe(resetFrames[0].Payload);

        using var takeover = new SessionDriver(options, new PerMessageDeflateParameters());
        takeover.Session.SendText(message);
        takeover.Session.SendText(message);
        var frames = takeover.TakeFrames();
        frames[1].Payload.Length.ShouldBeLessThan(frames[0].Payload.Length / 2);
    }

    /// <summary>
    /// A compressed message sent in fragments: RSV1 on the first frame only (RFC 7692 §6.1), and the peer reads the
    /// whole message; the <c>compress</c> flag of the first fragment decides for the message.
    /// </summary>
    [TestMethod]
    public void S6_1_FragmentedCompressedSend_RoundTrips()
    {
        var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
        using var server = new SessionDriver(options, new PerMessageDeflateParameters());
        server.Session.SendText("Hello, "u8, endOfMessage: false);
        server.Session.SendText("fragmented "u8, endOfMessage: false, compress: false);
        server.Session.SendText("world"u8);
        server.Session.SendBinary(new byte[500], compress: false);
        var bytes = server.TakeBytes();
        Wire.Parse(bytes).Select(f => (f.Opcode, f.Rsv1, f.Fin)).ShouldBe([(1, true, false), (0, false, false), (0, false, true), (2, false, true)]);

        using var client = new SessionDriver(options, new PerMessageDeflateParameters(), WebSocketRole.Client);
        client.Feed(bytes).Select(e => e.ToString()).ShouldBe(["Message Text Hello, fragmented world", "Message Binary 500"]);
    }

    /// <summary>
    /// The client side of the parameters: a client with client_no_context_takeover and a client window below 15
    /// sends uncompressed; one with the defaults compresses, and the server reads both.
    /// </summary>
    [TestMethod]
    public void S7_1_2_2_ClientWindowBelow15_ClientSendsUncompressed()
    {
        var options = new WebSocketOptions { PerMessageDeflate = PerMessageDeflateOptions.Default };
        var small = new PerMessageDeflateParameters { ClientMaxWindowBits = 9, ClientNoContextTakeover = true };
        using var client = new SessionDriver(options, small, WebSocketRole.Client);
        client.Session.SendText(new string('z', 1000));
        var bytes = client.TakeBytes();
        Wire.Parse(bytes).Single().Rsv1.ShouldBeFalse();
        using var server = new SessionDriver(options, small);
        server.Feed(bytes).Single().Payload.Length.ShouldBe(1000);
    }
}
