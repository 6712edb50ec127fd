using Roadrunner.WebSockets.Frames;

namespace Roadrunner.WebSockets.Session;

/// <summary>Reading frames: the header rules of RFC 6455 §5.2–§5.5 and RFC 7692 §6, then the payload.</summary>
public sealed partial class WebSocketSession
{
    private enum Step : byte
    {
        Continue,
        NeedMoreData,
        Event,
    }

    /// <summary>Advances through the buffered bytes by at most one frame.</summary>
    private Step ReadFrame(out WebSocketEvent webSocketEvent)
    {
        webSocketEvent = default;
        if (!_haveHeader)
        {
            var status = FrameHeader.TryRead(_in.AsSpan(_inStart, _inEnd - _inStart), out _header, out int headerLength);
            if (status == FrameHeaderStatus.NeedMoreData) return Step.NeedMoreData;
            if (status == FrameHeaderStatus.InvalidLength)
            {
                // §5.2: "the most significant bit MUST be 0".
                Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.2: 64-bit payload length with the most significant bit set");
                return Step.Continue;
            }
            _inStart += headerLength;
            _haveHeader = true;
            _processed = 0;
            if (!AcceptHeader()) return Step.Continue;
        }

        int length = (int)_header.PayloadLength;
        int available = Math.Min(_inEnd - _inStart, length);
        if (available > _processed)
        {
            var fresh = _in.AsSpan(_inStart + _processed, available - _processed);
            // §5.3: unmask what has arrived, continuing the key from where the previous piece stopped.
            if (_header.Masked) Masking.Apply(fresh, _header.MaskKey, _processed);
            // §8.1 for plain text, checked as it arrives so that invalid text fails before the frame is complete.
            if (!_header.Opcode.IsControl() && _messageType == WebSocketMessageType.Text && !_messageCompressed && !_utf8.Validate(fresh))
            {
                Fail(WebSocketCloseCode.InvalidFramePayloadData, InvalidUtf8Reason);
                return Step.Continue;
            }
            _processed = available;
        }
        if (_processed < length) return Step.NeedMoreData;

        var payload = new ReadOnlyMemory<byte>(_in, _inStart, length);
        _inStart += length;
        _haveHeader = false;
        return _header.Opcode.IsControl() ? HandleControl(payload, out webSocketEvent) : HandleData(payload, out webSocketEvent);
    }

    /// <summary>
    /// Checks a new frame header; false when the frame broke a rule and the connection was failed. Starts the data
    /// message on its first frame.
    /// </summary>
    private bool AcceptHeader()
    {
        var h = _header;
        bool expectMasked = Role == WebSocketRole.Server;

        // §5.2 RSV1-3: "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values. If a
        // nonzero value is received and none of the negotiated extensions defines the meaning of such a nonzero
        // value, the receiving endpoint MUST _Fail the WebSocket Connection_." permessage-deflate defines RSV1 only.
        if (h.Rsv2 || h.Rsv3) return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.2: RSV2 and RSV3 must be 0");
        // §5.2 Opcode: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
        if (!h.Opcode.IsDefined()) return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.2: reserved opcode");
        // §5.1: "The server MUST close the connection upon receiving a frame that is not masked ... A client MUST
        // close a connection if it detects a masked frame."
        if (h.Masked != expectMasked)
        {
            return Fail(WebSocketCloseCode.ProtocolError, expectMasked
                ? "RFC 6455 §5.1: a client frame must be masked"
                : "RFC 6455 §5.1: a server frame must not be masked");
        }

        if (h.Opcode.IsControl())
        {
            // RFC 7692 §6.1: "An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames".
            if (h.Rsv1) return Fail(WebSocketCloseCode.ProtocolError, RsvReason());
            // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
            if (h.PayloadLength > FrameHeader.MaxControlPayload)
                return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.5: a control frame payload is over 125 bytes");
            if (!h.Fin) return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.5: a control frame must not be fragmented");
            return true;
        }

        bool continuation = h.Opcode == WebSocketOpcode.Continuation;
        if (continuation)
        {
            // §5.4: a fragmented message is "a single frame with the FIN bit clear and an opcode other than 0,
            // followed by zero or more frames with the FIN bit clear and the opcode set to 0".
            if (!_inMessage) return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.4: a continuation frame with no message in progress");
            // RFC 7692 §6.1: "... MUST NOT set the "Per-Message Compressed" bit of ... non-first fragments".
            if (h.Rsv1) return Fail(WebSocketCloseCode.ProtocolError, RsvReason());
        }
        else
        {
            // §5.4: "the fragments of one message MUST NOT be interleaved between the fragments of another message".
            if (_inMessage) return Fail(WebSocketCloseCode.ProtocolError, "RFC 6455 §5.4: a new data frame while a fragmented message is in progress");
            if (h.Rsv1 && PerMessageDeflate is null) return Fail(WebSocketCloseCode.ProtocolError, RsvReason());
        }

        // §7.4.1 1009: "an endpoint is terminating the connection because it has received a message that is too
        // big for it to process".
        if (h.PayloadLength > _options.MaxFrameSize)
            return Fail(WebSocketCloseCode.MessageTooBig, "RFC 6455 §7.4.1: frame larger than the configured maximum");
        if (!continuation)
        {
            _inMessage = true;
            _firstFrame = true;
            _messageType = (WebSocketMessageType)h.Opcode;
            _messageCompressed = h.Rsv1;
            _messageLength = 0;
            _utf8.Reset();
            _message.Clear();
        }
        if (!_messageCompressed && _messageLength + h.PayloadLength > _options.MaxMessageSize)
            return Fail(WebSocketCloseCode.MessageTooBig, "RFC 6455 §7.4.1: message larger than the configured maximum");
        return true;
    }

    private string RsvReason() => PerMessageDeflate is null
        ? "RFC 6455 §5.2: RSV1 set without a negotiated extension"
        : "RFC 7692 §6.1: RSV1 is only set on the first frame of a data message";
}
