using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>PUSH_PROMISE frames (RFC 9113 §6.6): never accepted.</summary>
public sealed partial class Http2Connection
{
    private void OnPushPromise(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2PushPromiseFrame.TryRead(header, payload, out _);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        // RFC 9113 §8.4: "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame as a
        // connection error (Section 5.4.1) of type PROTOCOL_ERROR." §6.6: "A receiver MUST treat the receipt of a
        // PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR" if it disabled push, as our client does.
        ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PushPromiseNotAllowed);
    }
}
