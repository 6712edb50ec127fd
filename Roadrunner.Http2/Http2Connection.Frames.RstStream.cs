using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>RST_STREAM frames (RFC 9113 §6.4).</summary>
public sealed partial class Http2Connection
{
    private void OnRstStream(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2RstStreamFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        var condition = Classify(frame.StreamId, out var stream);
        var rule = ReceiveRules.For(condition, Http2FrameType.RST_STREAM);
        if (rule.Action != ReceiveAction.Accept)
        {
            // RFC 9113 §6.4: "If a RST_STREAM frame identifying an idle stream is received, the recipient MUST treat
            // this as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." On closed streams it is ignored.
            Refuse(rule, frame.StreamId);
            return;
        }

        // RFC 9113 §6.4: "After receiving a RST_STREAM on a stream, the receiver MUST NOT send additional frames for
        // that stream".
        Apply(stream!, StreamTransition.ReceiveReset);
        Enqueue(new Http2Event(Http2EventKind.StreamReset, frame.StreamId, errorCode: frame.ErrorCode));

        // CVE-2023-44487 (rapid reset): opening and resetting streams costs the peer nothing and us a request each.
        CountFlood(ref _resetCount, _options.MaxResetsPerInterval, Http2Errors.RapidReset);
    }
}
