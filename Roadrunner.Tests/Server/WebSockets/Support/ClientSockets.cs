using System.Net.WebSockets;

namespace Roadrunner.Tests.Server.WebSockets.Support;

/// <summary><see cref="ClientWebSocket"/> helpers: connect to a test server, read a whole message.</summary>
internal static class ClientSockets
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects to <c>ws://127.0.0.1:{port}{path}</c>; <paramref name="configure"/> sets options first.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(int port, string path = "/ws", Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(ws.Options);
        using var cts = new CancellationTokenSource(Timeout);
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}"), cts.Token);
        return ws;
    }

    /// <summary>Receives one whole message (all its fragments); its type is Close when the server closed instead.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(this ClientWebSocket ws)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, cts.Token);
            all.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close) return (result.MessageType, all.ToArray());
        }
    }
}
