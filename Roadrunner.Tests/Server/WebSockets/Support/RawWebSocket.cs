using System.Buffers.Binary;
using Roadrunner.Tests.TestSupport;
using Roadrunner.Tests.WebSockets.Support;
using Shouldly;

namespace Roadrunner.Tests.Server.WebSockets.Support;

/// <summary>
/// A WebSocket client over a raw socket, for sending exact (and wrong) frames built with <see cref="Wire"/> and
/// reading the server's frames one by one.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    /// <summary>The key of RFC 6455 §1.3, whose accept value is <see cref="SampleAccept"/>.</summary>
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    /// <summary>RFC 6455 §1.3: "the server would ... return ... s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".</summary>
    public const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private RawWebSocket(RawClient client, RawResponse handshake)
    {
        Client = client;
        Handshake = handshake;
    }

    public RawClient Client { get; }

    /// <summary>The server's answer to the opening handshake.</summary>
    public RawResponse Handshake { get; }

    /// <summary>The opening handshake of RFC 6455 §1.3 for <paramref name="path"/>, with <paramref name="extraFields"/> (each a whole line without CRLF).</summary>
    public static string UpgradeRequest(string path, params string[] extraFields) =>
        $"GET {path} HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: {SampleKey}\r\nSec-WebSocket-Version: 13\r\n"
        + string.Concat(extraFields.Select(f => f + "\r\n")) + "\r\n";

    /// <summary>Connects, sends the upgrade request and expects 101.</summary>
    public static async Task<RawWebSocket> ConnectAsync(int port, string path = "/ws", params string[] extraFields)
    {
        var client = RawClient.Connect(port);
        await client.SendAsync(UpgradeRequest(path, extraFields));
        var response = await client.ReadResponseAsync();
        response.Status.ShouldBe(101, response.BodyText);
        return new RawWebSocket(client, response);
    }

    public Task SendAsync(byte[] bytes) => Client.SendAsync(bytes);

    /// <summary>Reads the next whole frame the server sent.</summary>
    public async Task<WireFrame> ReadFrameAsync(TimeSpan? timeout = null)
    {
        var head = await Client.ReadExactlyAsync(2, timeout);
        var length = (long)(head[1] & 0x7F);
        var lengthBytes = length == 126 ? 2 : length == 127 ? 8 : 0;
        var extended = lengthBytes > 0 ? await Client.ReadExactlyAsync(lengthBytes, timeout) : [];
        if (lengthBytes == 2) length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        if (lengthBytes == 8) length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        var key = (head[1] & 0x80) != 0 ? await Client.ReadExactlyAsync(4, timeout) : [];
        var payload = length > 0 ? await Client.ReadExactlyAsync((int)length, timeout) : [];
        return Wire.Parse([.. head, .. extended, .. key, .. payload]).Single();
    }

    /// <summary>Reads frames until a Close and returns it.</summary>
    public async Task<WireFrame> ReadCloseAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout);
            if (frame.Opcode == Wire.Close) return frame;
        }
    }

    /// <summary>True when the server closes the TCP connection (after its Close, RFC 6455 §7.1.1) within the timeout.</summary>
    public Task<bool> WaitForTcpCloseAsync(TimeSpan? timeout = null) => Client.WaitForCloseAsync(timeout);

    public void Dispose() => Client.Dispose();
}
