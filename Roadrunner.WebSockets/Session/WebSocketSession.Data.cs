using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.WebSockets.Session;

/// <summary>Data frames (RFC 6455 §5.6): fragments, message assembly, decompression (RFC 7692 §7.2.2) and §8.1 text checks.</summary>
public sealed partial class WebSocketSession
{
    private const string InvalidUtf8Reason = "RFC 6455 §8.1: a text message is not valid UTF-8";

    /// <summary>Handles a complete Text, Binary or Continuation frame.</summary>
    private Step HandleData(ReadOnlyMemory<byte> payload, out WebSocketEvent webSocketEvent)
    {
        webSocketEvent = default;
        bool first = _firstFrame;
        bool fin = _header.Fin;
        _firstFrame = false;
        if (_messageCompressed) return HandleCompressed(payload, first, fin, out webSocketEvent);

        _messageLength += payload.Length;
        // §8.1: text already checked as it arrived; a message may not end inside a sequence.
        if (fin && _messageType == WebSocketMessageType.Text && !_utf8.IsComplete)
        {
            Fail(WebSocketCloseCode.InvalidFramePayloadData, InvalidUtf8Reason);
            return Step.Continue;
        }
        if (fin) _inMessage = false;
        if (!_options.AssembleMessages)
        {
            webSocketEvent = WebSocketEvent.Fragment(_messageType, payload, fin);
            return Step.Event;
        }
        if (first && fin)
        {
            // A single-frame message is handed out where it lies, without a copy.
            webSocketEvent = WebSocketEvent.Message(_messageType, payload);
            return Step.Event;
        }
        _message.Write(payload.Span);
        if (!fin) return Step.Continue;
        webSocketEvent = WebSocketEvent.Message(_messageType, _message.WrittenMemory);
        return Step.Event;
    }

    /// <summary>
    /// A frame of a compressed message (RSV1 on its first frame, RFC 7692 §6): inflated into the message buffer,
    /// never past <see cref="WebSocketOptions.MaxMessageSize"/>, then checked as text.
    /// </summary>
    private Step HandleCompressed(ReadOnlyMemory<byte> payload, bool first, bool fin, out WebSocketEvent webSocketEvent)
    {
        webSocketEvent = default;
        if (!_options.AssembleMessages) _message.Clear(keepCapacity: int.MaxValue); // one frame's output at a time
        int before = _message.Length;
        _decompressor ??= new MessageDecompressor();
        var status = _decompressor.Inflate(payload, first, fin, _message, _options.MaxMessageSize - _messageLength);
        if (status == InflateStatus.TooBig)
        {
            Fail(WebSocketCloseCode.MessageTooBig, "RFC 6455 §7.4.1: decompressed message larger than the configured maximum");
            return Step.Continue;
        }
        if (status == InflateStatus.Invalid)
        {
            // RFC 7692 §7.2.2 gives no code; the data is not what the message claims to be (§7.4.1 1007).
            Fail(WebSocketCloseCode.InvalidFramePayloadData, "RFC 7692 §7.2.2: the compressed data cannot be inflated");
            return Step.Continue;
        }
        var produced = _message.WrittenSpan[before..];
        _messageLength += produced.Length;
        if (_messageType == WebSocketMessageType.Text && (!_utf8.Validate(produced) || (fin && !_utf8.IsComplete)))
        {
            Fail(WebSocketCloseCode.InvalidFramePayloadData, InvalidUtf8Reason);
            return Step.Continue;
        }
        if (fin) _inMessage = false;
        if (!_options.AssembleMessages)
        {
            webSocketEvent = WebSocketEvent.Fragment(_messageType, _message.WrittenMemory, fin);
            return Step.Event;
        }
        if (!fin) return Step.Continue;
        webSocketEvent = WebSocketEvent.Message(_messageType, _message.WrittenMemory);
        return Step.Event;
    }
}
