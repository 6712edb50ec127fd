using System.Text;
using Roadrunner.WebSockets.Frames;

namespace Roadrunner.WebSockets.Session;

/// <summary>Control frames: Ping and Pong (RFC 6455 §5.5.2, §5.5.3) and Close (§5.5.1, §7).</summary>
public sealed partial class WebSocketSession
{
    /// <summary>Handles a complete control frame.</summary>
    private Step HandleControl(ReadOnlyMemory<byte> payload, out WebSocketEvent webSocketEvent)
    {
        webSocketEvent = default;
        switch (_header.Opcode)
        {
            case WebSocketOpcode.Ping:
                // §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it
                // already received a Close frame." §5.5.3: "A Pong frame sent in response to a Ping frame must have
                // identical "Application data" as found in the message body of the Ping frame being replied to."
                // Once our Close is out nothing more is sent.
                if (_options.AutoPong && _state == WebSocketState.Open) WriteFrame(WebSocketOpcode.Pong, true, false, payload.Span);
                if (!_options.ControlFrameEvents) return Step.Continue;
                webSocketEvent = WebSocketEvent.Control(WebSocketEventType.Ping, payload);
                return Step.Event;
            case WebSocketOpcode.Pong:
                // §5.5.3: "A Pong frame MAY be sent unsolicited. ... A response to an unsolicited Pong frame is not expected."
                if (!_options.ControlFrameEvents) return Step.Continue;
                webSocketEvent = WebSocketEvent.Control(WebSocketEventType.Pong, payload);
                return Step.Event;
            default:
                return HandleClose(payload, out webSocketEvent);
        }
    }

    /// <summary>
    /// A Close frame: checked (§5.5.1, §7.4), answered when the peer started the close, and the session ends —
    /// §5.5.1: "After both sending and receiving a Close message, an endpoint considers the WebSocket connection
    /// closed and MUST close the underlying TCP connection."
    /// </summary>
    private Step HandleClose(ReadOnlyMemory<byte> payload, out WebSocketEvent webSocketEvent)
    {
        webSocketEvent = default;
        var status = ClosePayload.Read(payload.Span, out var code, out var reasonBytes);
        if (status != ClosePayload.Status.Valid)
        {
            // §7.1.7: a malformed Close fails the connection like any other bad frame; no second Close is awaited.
            Fail(status == ClosePayload.Status.InvalidReason ? WebSocketCloseCode.InvalidFramePayloadData : WebSocketCloseCode.ProtocolError,
                status switch
                {
                    ClosePayload.Status.OneByte => "RFC 6455 §5.5.1: a Close body must start with a 2-byte status code",
                    ClosePayload.Status.InvalidCode => "RFC 6455 §7.4: a status code that may not be sent",
                    _ => "RFC 6455 §5.5.1: the Close reason is not valid UTF-8",
                });
            return Step.Continue;
        }

        string reason = reasonBytes.IsEmpty ? "" : Encoding.UTF8.GetString(reasonBytes);
        if (!_closeSent)
        {
            // §5.5.1: "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint
            // MUST send a Close frame in response. (When sending a Close frame in response, the endpoint typically
            // echos the status code it received.)" The reason is echoed too; an empty Close gets an empty Close.
            WriteFrame(WebSocketOpcode.Close, true, false, payload.Span);
            _closeSent = true;
        }
        EndClosed(code, reason);
        webSocketEvent = WebSocketEvent.CloseReceived(code, reason, payload[Math.Min(2, payload.Length)..]);
        return Step.Event;
    }
}
