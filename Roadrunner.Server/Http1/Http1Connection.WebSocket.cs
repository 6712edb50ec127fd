using Roadrunner.Http1.Writing;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Server.Http1;

/// <summary>The HTTP/1.1 Upgrade to a WebSocket (RFC 6455 §4): the handshake, the 101, then the session on this connection.</summary>
internal sealed partial class Http1Connection
{
    private const string RequestWithContent = "RFC 6455 §4.1: an upgrade request carries no content; what follows its head must be frames";

    private WebSocketHandshakeResult? _handshake;
    private WebSocketSessionRunner? _webSocket;

    /// <summary>
    /// Checks the opening handshake for a WebSocket answer. A refusal (400, or 426 for another version) becomes an
    /// ordinary response and the connection goes on; an acceptance is kept for <see cref="WriteWebSocketAsync"/>.
    /// </summary>
    private Response AcceptWebSocket(WebSocketResponse response)
    {
        var result = response.Accept(_request, new RequestHandshakeHeaders(_request.Headers), extendedConnect: false, Listener.Name);
        if (result.IsAccepted && _request.HasBody)
        {
            // The connection's next bytes would be body and frames at once: refused before anything is switched.
            return Response.Text(400, RequestWithContent);
        }

        if (!result.IsAccepted) return WebSocketResponse.Refusal(result);
        _handshake = result;
        return response;
    }

    /// <summary>Sends the 101 and runs the WebSocket until it closes; the connection ends with it.</summary>
    private async ValueTask<bool> WriteWebSocketAsync(WebSocketResponse response)
    {
        var handshake = _handshake ?? throw new InvalidOperationException("A WebSocket answer was written without its handshake.");
        _handshake = null;

        // RFC 6455 §4.2.2 step 5: the status line, Upgrade, Connection, Sec-WebSocket-Accept, the agreed subprotocol
        // and extensions; then the handler's own fields and Date.
        Http1ResponseWriter.WriteStatusLine(_out, 101);
        foreach (var (name, value) in handshake.ResponseHeaders) Http1ResponseWriter.WriteHeader(_out, name, value);
        foreach (var (name, value) in response.HeaderArray) Http1ResponseWriter.WriteHeader(_out, name, value);
        _out.Write(Listener.Date.FieldLine);
        _out.Write("\r\n"u8);
        await FlushAsync();

        // A client may send its first frames right behind the handshake: they are in the input buffer already.
        var received = _in.AsMemory(_inStart, _inEnd - _inStart);
        _inStart = _inEnd;
        var runner = new WebSocketSessionRunner(new Transport(this), response, handshake, _request, Listener);
        Volatile.Write(ref _webSocket, runner);
        if (DrainRequested) runner.RequestClose(WebSocketCloseCode.GoingAway, DrainReason);
        try
        {
            await runner.RunAsync(received);
        }
        finally
        {
            Volatile.Write(ref _webSocket, null);
        }

        return true;
    }

    private const string DrainReason = "server shutting down";

    /// <summary>A drain reaches the WebSocket as a Close with 1001 (RFC 6455 §7.4.1: "a server going down").</summary>
    private void DrainWebSocket() => Volatile.Read(ref _webSocket)?.RequestClose(WebSocketCloseCode.GoingAway, DrainReason);

    /// <summary>After the Upgrade the connection's stream carries the frames.</summary>
    private sealed class Transport(Http1Connection connection) : IWebSocketTransport
    {
        public ValueTask<int> ReadAsync(Memory<byte> buffer) => connection.Stream.ReadAsync(buffer);

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data) => connection.Stream.WriteAsync(data);

        public void Abort(string reason) => connection.Abort(reason);
    }
}
