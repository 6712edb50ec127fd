using Roadrunner.Http3;
using Roadrunner.Server.Responses;
using Roadrunner.Server.WebSockets;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Server.Http3;

/// <summary>
/// WebSockets over HTTP/3 (RFC 9220): an extended CONNECT with <c>:protocol websocket</c> on a connection that
/// announced SETTINGS_ENABLE_CONNECT_PROTOCOL is answered 200, and the stream's DATA frames then carry the WebSocket
/// frames both ways, under QUIC flow control. The close handshake ends with FIN on both sides; an abnormal end is a
/// stream error H3_REQUEST_CANCELLED (RFC 9220 §3, in place of RFC 8441's RST_STREAM CANCEL).
/// </summary>
internal sealed partial class Http3ServerConnection
{
    private const string DrainReason = "server shutting down";

    private static readonly Func<Exception> Gone = static () => new IOException("The stream was reset.");

    private async ValueTask WriteWebSocketAsync(Http3ServerStream stream, WebSocketResponse response)
    {
        if (stream.ConnectProtocol is null)
        {
            // A WebSocket route reached by a plain request: HTTP/3 has no Upgrade (RFC 9114 §4.5), so it needs the
            // extended CONNECT.
            await WriteBufferedAsync(stream, Response.Text(400, "RFC 9220 §3: a WebSocket over HTTP/3 is opened with an extended CONNECT (:protocol websocket)"));
            return;
        }

        var handshake = response.Accept(stream.Request, new Http3HandshakeHeaders(stream), extendedConnect: true, Listener.Name);
        if (!handshake.IsAccepted)
        {
            await WriteBufferedAsync(stream, WebSocketResponse.Refusal(handshake));
            return;
        }

        // RFC 9220 §3 (RFC 8441 §5): a 2xx answer opens the tunnel; the negotiated subprotocol and extensions ride on it.
        lock (_owner.Sync)
        {
            ThrowIfGone(stream);
            var fields = new List<Http3Header>(handshake.ResponseHeaders.Count + response.HeaderArray.Length + 1);
            foreach (var (name, value) in handshake.ResponseHeaders) fields.Add(new Http3Header(name, value));
            foreach (var (name, value) in response.HeaderArray) fields.Add(new Http3Header(name, value));
            fields.Add(new Http3Header(DateName, Listener.Date.Value.ToArray()));
            _h3.SendHeaders(stream.Id, 200, fields.ToArray(), endStream: false);
            stream.HeadersSent = true;
            PumpOutputs();
            _owner.ScheduleFlushLocked();
        }

        var runner = new WebSocketSessionRunner(new StreamTransport(this, stream), response, handshake, stream.Request, Listener);
        lock (_owner.Sync)
        {
            stream.WebSocket = runner;
            if (_owner.IsDraining || Listener.IsDraining) runner.RequestClose(WebSocketCloseCode.GoingAway, DrainReason);
        }

        try
        {
            await runner.RunAsync(default);
        }
        finally
        {
            lock (_owner.Sync) stream.WebSocket = null;
        }

        // The WebSocket closed cleanly: our half of the stream ends too.
        await SendDataAsync(stream, default, endStream: true);
    }

    /// <summary>One stream's DATA as the WebSocket's bytes: content in through the body buffer (credit granted as it is read), frames out as DATA.</summary>
    private sealed class StreamTransport(Http3ServerConnection connection, Http3ServerStream stream) : IWebSocketTransport
    {
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
            lock (c._owner.Sync)
            {
                // RFC 9220 §3: "RST exceptions are represented with a stream error ... of type H3_REQUEST_CANCELLED".
                if (!c._closed && !stream.IsReset)
                {
                    c._h3.ResetStream(stream.Id, Http3ErrorCode.H3_REQUEST_CANCELLED);
                    c.PumpOutputs();
                    c._owner.ScheduleFlushLocked();
                }

                stream.MarkReset();
            }
        }
    }

    /// <summary>The pseudo-header fields and fields of an extended CONNECT as the handshake reads them.</summary>
    private sealed class Http3HandshakeHeaders(Http3ServerStream stream) : IHandshakeHeaders
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
