using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>PRIORITY frames (RFC 9113 §6.3): checked, then ignored (§5.3.2: the RFC 7540 scheme is deprecated).</summary>
public sealed partial class Http2Connection
{
    private void OnPriority(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2PriorityFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        if (frame.Priority.StreamDependency == frame.StreamId)
        {
            // RFC 9113 §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error
            // (Section 5.4.2) of type PROTOCOL_ERROR."
            StreamError(frame.StreamId, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityDependsOnItself);
        }

        // RFC 9113 §5.1: PRIORITY is allowed in every state, idle and closed included, and changes none.
    }
}
