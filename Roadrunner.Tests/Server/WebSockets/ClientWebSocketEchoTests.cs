using System.Net.WebSockets;
using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.WebSockets.Deflate;
using Shouldly;
using RoadrunnerCloseCode = Roadrunner.WebSockets.WebSocketCloseCode;
using RoadrunnerOptions = Roadrunner.WebSockets.WebSocketOptions;

namespace Roadrunner.Tests.Server.WebSockets;

/// <summary>
/// Interop with .NET's own client, <see cref="ClientWebSocket"/>: echoes of text and binary, whole and fragmented,
/// with and without permessage-deflate (RFC 7692), and both directions of the close handshake (RFC 6455 §7).
/// </summary>
[TestClass]
public sealed class ClientWebSocketEchoTests
{
    private static readonly RoadrunnerOptions Deflate = new() { PerMessageDeflate = PerMessageDeflateOptions.Default };

    private static Task<TestServer> StartAsync(RecordingHandler handler, RoadrunnerOptions? options = null) =>
        TestServer.StartAsync([Route.Get("/ws", _ => Response.WebSocket(handler, options))]);

    private static CancellationToken Timeout => new CancellationTokenSource(ClientSockets.Timeout).Token;

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 + (i >> 8));
        return bytes;
    }

    [TestMethod]
    public async Task Text_IsEchoedAsText()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        await ws.SendAsync("héllo, wörld ✓"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        var (type, payload) = await ws.ReceiveMessageAsync();

        type.ShouldBe(WebSocketMessageType.Text);
        Encoding.UTF8.GetString(payload).ShouldBe("héllo, wörld ✓");
    }

    [TestMethod]
    public async Task Binary_IsEchoedAsBinary()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var data = Pattern(300);

        await ws.SendAsync(data, WebSocketMessageType.Binary, true, Timeout);
        var (type, payload) = await ws.ReceiveMessageAsync();

        type.ShouldBe(WebSocketMessageType.Binary);
        payload.ShouldBe(data);
    }

    /// <summary>RFC 6455 §5.4: a 1 MB message sent in 16 fragments reaches the handler whole and comes back whole.</summary>
    [TestMethod]
    public async Task LargeFragmentedMessage_IsAssembled_AndEchoed()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);
        var data = Pattern(1 << 20);

        for (var i = 0; i < 16; i++)
            await ws.SendAsync(data.AsMemory(i * 65536, 65536), WebSocketMessageType.Binary, i == 15, Timeout);
        var (_, payload) = await ws.ReceiveMessageAsync();

        payload.ShouldBe(data);
        (await handler.Messages.ReadAsync(Timeout)).Payload.Length.ShouldBe(1 << 20);
    }

    /// <summary>Many messages sent without waiting come back in order.</summary>
    [TestMethod]
    public async Task ManyMessages_ComeBackInOrder()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++) await ws.SendAsync(Encoding.UTF8.GetBytes($"m{i}"), WebSocketMessageType.Text, true, Timeout);
        });
        for (var i = 0; i < 200; i++) Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe($"m{i}");
        await sending;
    }

    /// <summary>
    /// RFC 7692 with .NET's client (<see cref="ClientWebSocketOptions.DangerousDeflateOptions"/>): the extension is
    /// agreed, and compressible text, small text and random binary all round-trip.
    /// </summary>
    [TestMethod]
    public async Task PerMessageDeflate_WithClientWebSocket_RoundTrips()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, Deflate);
        using var ws = await ClientSockets.ConnectAsync(server.Port, configure: o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());
        var text = string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 3000));
        var random = new byte[100_000];
        new Random(7).NextBytes(random);

        ws.HttpResponseHeaders!["Sec-WebSocket-Extensions"].Single().ShouldStartWith("permessage-deflate");
        await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeout);
        Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe(text);
        await ws.SendAsync("hi"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe("hi");
        await ws.SendAsync(random, WebSocketMessageType.Binary, true, Timeout);
        (await ws.ReceiveMessageAsync()).Payload.ShouldBe(random);
        (await handler.Messages.ReadAsync(Timeout)).Payload.Length.ShouldBe(Encoding.UTF8.GetByteCount(text));
    }

    /// <summary>RFC 7692 §7.1.1: with no context takeover on both sides, consecutive messages still round-trip.</summary>
    [TestMethod]
    public async Task PerMessageDeflate_NoContextTakeover_RoundTrips()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, Deflate);
        using var ws = await ClientSockets.ConnectAsync(server.Port, configure: o => o.DangerousDeflateOptions = new WebSocketDeflateOptions
        {
            ClientContextTakeover = false,
            ServerContextTakeover = false,
        });

        for (var i = 0; i < 3; i++)
        {
            var text = string.Concat(Enumerable.Repeat($"message {i} ", 500));
            await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeout);
            Encoding.UTF8.GetString((await ws.ReceiveMessageAsync()).Payload).ShouldBe(text);
        }
    }

    /// <summary>A fragmented compressed message (RFC 7692 §6.2: RSV1 on the first frame only) is inflated whole.</summary>
    [TestMethod]
    public async Task PerMessageDeflate_FragmentedMessage_RoundTrips()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, Deflate);
        using var ws = await ClientSockets.ConnectAsync(server.Port, configure: o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 20_000)));

        for (var i = 0; i < 4; i++) await ws.SendAsync(data.AsMemory(i * 80_000, 80_000), WebSocketMessageType.Text, i == 3, Timeout);

        (await ws.ReceiveMessageAsync()).Payload.ShouldBe(data);
    }

    /// <summary>
    /// Over TLS (wss, RFC 6455 §3) the session reads and writes the same <c>SslStream</c> at once: pings from another
    /// task, compressed echoes and a large message all come through.
    /// </summary>
    [TestMethod]
    public async Task OverTls_EchoesAndPosts()
    {
        var handler = new RecordingHandler();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/ws", _ => Response.WebSocket(handler, Deflate))],
            o => o with { Tls = Roadrunner.Server.Tls.TlsOptions.SelfSigned("localhost") });
        using var ws = new ClientWebSocket();
        ws.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        ws.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        await ws.ConnectAsync(new Uri($"wss://127.0.0.1:{server.Port}/ws"), Timeout);
        var context = await handler.Opened.WaitAsync(ClientSockets.Timeout);
        var data = Pattern(300_000);

        var posting = Task.Run(() => Enumerable.Range(0, 50).Count(i => context.Post($"post {i}")));
        await ws.SendAsync(data, WebSocketMessageType.Binary, true, Timeout);
        var posts = 0;
        var echoed = false;
        while (!echoed || posts < 50)
        {
            var (type, payload) = await ws.ReceiveMessageAsync();
            if (type == WebSocketMessageType.Binary)
            {
                payload.ShouldBe(data);
                echoed = true;
            }
            else
            {
                Encoding.UTF8.GetString(payload).ShouldBe($"post {posts++}");
            }
        }

        (await posting).ShouldBe(50);
    }

    /// <summary>RFC 6455 §7.1.2: the client closes with 1000 and a reason; the server echoes them and the handler gets both.</summary>
    [TestMethod]
    public async Task ClientClose_ReachesTheHandler_WithCodeAndReason()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Timeout);

        ws.State.ShouldBe(WebSocketState.Closed);
        ws.CloseStatus.ShouldBe(WebSocketCloseStatus.NormalClosure);
        (await handler.WaitClosedAsync()).ShouldBe((RoadrunnerCloseCode.NormalClosure, "bye"));
        handler.AbortedAtClose.ShouldBeTrue();
    }

    /// <summary>The handler closes with an application code (RFC 6455 §7.4.2: 4000–4999); the client sees code and reason.</summary>
    [TestMethod]
    public async Task HandlerClose_ReachesTheClient_WithCodeAndReason()
    {
        var handler = new RecordingHandler { OnMessage = (context, _) => context.CloseAsync((RoadrunnerCloseCode)4000, "done") };
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        await ws.SendAsync("close me"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        var (type, _) = await ws.ReceiveMessageAsync();
        // RFC 6455 §5.5.1: the reply "typically echos the status code it received"; §7.1.5 makes that the close code.
        await ws.CloseOutputAsync(ws.CloseStatus!.Value, ws.CloseStatusDescription, Timeout);

        type.ShouldBe(WebSocketMessageType.Close);
        ((int?)ws.CloseStatus).ShouldBe(4000);
        ws.CloseStatusDescription.ShouldBe("done");
        (await handler.WaitClosedAsync()).Code.ShouldBe((RoadrunnerCloseCode)4000);
    }

    /// <summary>RFC 6455 §7.4.1 1011: a handler that throws closes the WebSocket with "an unexpected condition".</summary>
    [TestMethod]
    public async Task HandlerThrows_Closes1011()
    {
        var handler = new RecordingHandler { OnMessage = (_, _) => throw new InvalidOperationException("boom") };
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        await ws.SendAsync("x"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        var (type, _) = await ws.ReceiveMessageAsync();
        await ws.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, null, Timeout);

        type.ShouldBe(WebSocketMessageType.Close);
        ws.CloseStatus.ShouldBe(WebSocketCloseStatus.InternalServerError);
        (await handler.WaitClosedAsync()).Code.ShouldBe(RoadrunnerCloseCode.InternalError);
    }

    /// <summary>A handler's failing asynchronously (after an await) is a 1011 close as well.</summary>
    [TestMethod]
    public async Task HandlerThrowsAfterAwait_Closes1011()
    {
        var handler = new RecordingHandler
        {
            OnMessage = async (_, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("boom");
            },
        };
        await using var server = await StartAsync(handler);
        using var ws = await ClientSockets.ConnectAsync(server.Port);

        await ws.SendAsync("x"u8.ToArray(), WebSocketMessageType.Text, true, Timeout);
        await ws.ReceiveMessageAsync();

        ws.CloseStatus.ShouldBe(WebSocketCloseStatus.InternalServerError);
    }
}
