using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>WINDOW_UPDATE frames (RFC 9113 §6.9): credit for what we send.</summary>
public sealed partial class Http2Connection
{
    private void OnWindowUpdate(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2WindowUpdateFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        if (frame.StreamId == 0)
        {
            if (frame.Increment == 0)
            {
                // RFC 9113 §6.9: "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a flow-control
                // window increment of 0 as a stream error (Section 5.4.2) of type PROTOCOL_ERROR; errors on the
                // connection flow-control window MUST be treated as a connection error (Section 5.4.1)."
                ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.WindowUpdateZero);
                return;
            }

            if (_sendWindow + frame.Increment > int.MaxValue)
            {
                // RFC 9113 §6.9.1: "If a sender receives a WINDOW_UPDATE that causes a flow-control window to exceed
                // this maximum, it MUST terminate either the stream or the connection, as appropriate. For streams,
                // the sender sends a RST_STREAM with an error code of FLOW_CONTROL_ERROR; for the connection, a
                // GOAWAY frame with an error code of FLOW_CONTROL_ERROR is sent."
                ConnectionError(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.WindowOverflow);
                return;
            }

            _sendWindow += frame.Increment;
            WakeBlockedStreams();
            return;
        }

        var condition = Classify(frame.StreamId, out var stream);
        var rule = ReceiveRules.For(condition, Http2FrameType.WINDOW_UPDATE);
        if (rule.Action != ReceiveAction.Accept)
        {
            Refuse(rule, frame.StreamId);
            return;
        }

        if (frame.Increment == 0)
        {
            // RFC 9113 §6.9: "... increment of 0 as a stream error (Section 5.4.2) of type PROTOCOL_ERROR".
            StreamError(frame.StreamId, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.WindowUpdateZero);
            return;
        }

        if (stream!.SendWindow + frame.Increment > int.MaxValue)
        {
            // RFC 9113 §6.9.1: "For streams, the sender sends a RST_STREAM with an error code of FLOW_CONTROL_ERROR".
            StreamError(frame.StreamId, Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.WindowOverflow);
            return;
        }

        stream.SendWindow += frame.Increment;
        if (stream.WantsWindow) WakeBlockedStreams();
    }
}
