using Roadrunner.Http2;
using Roadrunner.Server.Responses;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Server.Http2;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441): an extended CONNECT with <c>:protocol websocket</c> on a connection that
/// announced SETTINGS_ENABLE_CONNECT_PROTOCOL is answered 200, and the stream's DATA frames then carry the WebSocket
/// frames both ways, under HTTP/2 flow control. The close handshake ends with END_STREAM on both sides; an abnormal
/// end is RST_STREAM CANCEL (RFC 8441 §5).
/// </summary>
internal sealed partial class Http2ServerConnection
{
    private const string DrainReason = "server shutting down";

    private async ValueTask WriteWebSocketAsync(Http2ServerStream stream, WebSocketResponse response)
    {
        if (stream.ConnectProtocol is null)
        {
            // A WebSocket route reached by a plain request: RFC 9113 §8.6 has no Upgrade, so it needs the extended CONNECT.
            await WriteBufferedAsync(stream, Response.Text(400, "RFC 8441 §4: a WebSocket over HTTP/2 is opened with an extended CONNECT (:protocol websocket)"));
            return;
        }

        var handshake = response.Accept(stream.Request, new Http2HandshakeHeaders(stream), extendedConnect: true, Listener.Name);
        if (!handshake.IsAccepted)
        {
            await WriteBufferedAsync(stream, WebSocketResponse.Refusal(handshake));
            return;
        }

        // RFC 8441 §5: a 2xx answer opens the tunnel; the negotiated subprotocol and extensions ride on it.
        lock (_sync)
        {
            ThrowIfGone(stream);
            var fields = new List<Http2Header>(handshake.ResponseHeaders.Count + response.HeaderArray.Length + 1);
            foreach (var (name, value) in handshake.ResponseHeaders) fields.Add(new Http2Header(name, value));
            foreach (var (name, value) in response.HeaderArray) fields.Add(new Http2Header(name, value));
            var date = Listener.Date.Value;
            date.CopyTo(_date);
            fields.Add(new Http2Header(DateName, _date.AsMemory(0, date.Length)));
            _h2.SendHeaders(stream.Id, 200, fields.ToArray(), endStream: false);
            stream.HeadersSent = true;
        }

        RequestFlush();
        var runner = new WebSocketSessionRunner(new StreamTransport(this, stream), response, handshake, stream.Request, Listener);
        lock (_sync)
        {
            stream.WebSocket = runner;
            if (_goAwaySent || Listener.IsDraining) runner.RequestClose(WebSocketCloseCode.GoingAway, DrainReason);
        }

        try
        {
            await runner.RunAsync(default);
        }
        finally
        {
            lock (_sync) stream.WebSocket = null;
        }

        // The WebSocket closed cleanly: our half of the stream ends too.
        await SendDataAsync(stream, default, endStream: true);
    }

    /// <summary>One stream's DATA as the WebSocket's bytes: content in through the body buffer (credit granted as it is read), frames out as DATA.</summary>
    private sealed class StreamTransport(Http2ServerConnection connection, Http2ServerStream stream) : IWebSocketTransport
    {
        private static readonly Func<Http2ServerStream, Exception> Gone = static _ => new IOException("The stream was reset.");

        public async ValueTask<int> ReadAsync(Memory<byte> buffer)
        {
            while (true)
            {
                var n = connection.TakeBody(stream, buffer.Span, Gone);
                if (n >= 0) return n;
                await stream.BodyArrived.WaitAsync();
            }
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data) => connection.SendDataAsync(stream, data, endStream: false);

        public void Abort(string reason)
        {
            var c = connection;
            lock (c._sync)
            {
                // RFC 8441 §5: "An RST_STREAM with ... CANCEL" is the abnormal close of the tunnel.
                if (!c._released && !stream.IsReset) c._h2.ResetStream(stream.Id, Http2ErrorCode.CANCEL);
                stream.MarkReset();
            }

            c.RequestFlush();
        }
    }

    /// <summary>The pseudo-header fields and fields of an extended CONNECT as the handshake reads them.</summary>
    private sealed class Http2HandshakeHeaders(Http2ServerStream stream) : IHandshakeHeaders
    {
        public string? GetCombined(string name) => name switch
        {
            ":method" => "CONNECT",
            ":protocol" => stream.ConnectProtocol,
            ":scheme" => stream.ConnectScheme,
            ":path" => stream.Request.Target,
            ":authority" => stream.Request.Headers.Get("host"),
            _ => stream.Request.Headers.GetCombined(name),
        };
    }
}
