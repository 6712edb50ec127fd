namespace Roadrunner.Server.WebSockets;

/// <summary>
/// The bytes under one WebSocket, whatever carries them: the connection itself after an HTTP/1.1 Upgrade, or one
/// stream's DATA after an extended CONNECT (RFC 8441, RFC 9220). One read and one write may be pending at a time.
/// </summary>
internal interface IWebSocketTransport
{
    /// <summary>
    /// Reads what has arrived into <paramref name="buffer"/>; 0 when the peer finished sending. A broken transport may
    /// also throw <see cref="IOException"/>, <see cref="System.Net.Sockets.SocketException"/>,
    /// <see cref="ObjectDisposedException"/> or <see cref="OperationCanceledException"/>.
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer);

    /// <summary>Writes <paramref name="data"/> whole; throws like <see cref="ReadAsync"/> when the transport is broken.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data);

    /// <summary>
    /// Tears the transport down at once, so a pending read ends: <paramref name="reason"/> is <c>websocket_timeout</c>
    /// when the peer is given up on (no Close reply, no Pong), <c>client</c> when a write failed.
    /// </summary>
    void Abort(string reason);
}
