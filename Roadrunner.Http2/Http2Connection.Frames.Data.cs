using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>DATA frames (RFC 9113 §6.1).</summary>
public sealed partial class Http2Connection
{
    private void OnData(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2DataFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        int length = frame.FlowControlledLength;
        if (length > _receiveWindow)
        {
            // RFC 9113 §6.9: "A sender MUST NOT send a flow-controlled frame with a length that exceeds the space
            // available in either of the flow-control windows advertised by the receiver." §6.9.1: "A receiver
            // MAY respond with a stream error or connection error of type FLOW_CONTROL_ERROR".
            ConnectionError(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.ConnectionWindowExceeded);
            return;
        }

        // RFC 9113 §6.9.1: "A receiver that receives a flow-controlled frame MUST always account for its contribution
        // against the connection flow-control window, unless the receiver treats this as a connection error".
        _receiveWindow -= length;

        var condition = Classify(frame.StreamId, out var stream);
        var rule = ReceiveRules.For(condition, Http2FrameType.DATA);
        if (rule.Action != ReceiveAction.Accept)
        {
            // Bytes that reach no application are granted back at once (§6.1: "... after sending RST_STREAM, are
            // counted toward the connection flow-control window").
            Credit(null, length);
            Refuse(rule, frame.StreamId);
            return;
        }

        if (length > stream!.ReceiveWindow)
        {
            Credit(null, length);
            StreamError(stream.Id, Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.StreamWindowExceeded);
            return;
        }

        stream.ReceiveWindow -= length;

        // RFC 9113 §6.1: "The entire DATA frame payload is included in flow control, including the Pad Length and
        // Padding fields if present." Padding never reaches the application, so it is granted back now.
        int data = frame.Data.Length;
        if (length > data) Credit(stream, length - data);

        if (data == 0 && !frame.EndStream && !CountFlood(ref _emptyFrameCount, _options.MaxEmptyFramesPerInterval, Http2Errors.EmptyFrameFlood))
        {
            return;
        }

        stream.ReceivedLength += data;
        if (stream.ContentLength >= 0 && !stream.Rejected
            && (stream.ReceivedLength > stream.ContentLength || (frame.EndStream && stream.ReceivedLength != stream.ContentLength)))
        {
            // RFC 9113 §8.1.1: "A request or response is also malformed if the value of a content-length header
            // field does not equal the sum of the DATA frame payload lengths that form the content". §8.1.1:
            // "Malformed requests or responses that are detected MUST be treated as a stream error (Section 5.4.2)
            // of type PROTOCOL_ERROR."
            Credit(null, data);
            StreamError(stream.Id, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
            return;
        }

        if (stream.Rejected)
        {
            Credit(stream, data);
        }
        else if (data > 0 || frame.EndStream)
        {
            stream.Unconsumed += data;
            Enqueue(new Http2Event(Http2EventKind.DataReceived, stream.Id, frame.EndStream, data: _arena.Copy(frame.Data)));
        }

        if (frame.EndStream) Apply(stream, StreamTransition.ReceiveEndStream);
    }

    /// <summary>Carries out a receive rule that is not <see cref="ReceiveAction.Accept"/>.</summary>
    private void Refuse(in ReceiveRules.Rule rule, int streamId)
    {
        switch (rule.Action)
        {
            case ReceiveAction.StreamClosed:
                StreamError(streamId, Http2ErrorCode.STREAM_CLOSED, rule.Reason!);
                break;
            case ReceiveAction.ConnectionProtocolError:
                ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, rule.Reason!);
                break;
            case ReceiveAction.ConnectionStreamClosed:
                ConnectionError(Http2ErrorCode.STREAM_CLOSED, rule.Reason!);
                break;
            default:
                break;
        }
    }
}
