using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>CONTINUATION frames (RFC 9113 §6.10).</summary>
public sealed partial class Http2Connection
{
    private void OnContinuation(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2ContinuationFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        if (_headerBlockStreamId == 0)
        {
            // RFC 9113 §6.10: "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE or CONTINUATION
            // frame without the END_HEADERS flag set. A recipient that observes violation of this rule MUST respond
            // with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
            ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContinuationWithoutHeaders);
            return;
        }

        if (_headerBlock.WrittenCount + frame.Fragment.Length > _options.MaxHeaderBlockSize)
        {
            // RFC 9113 §10.5.1: "A server that receives a larger field block than it is willing to handle can send
            // an HTTP 431 ... status code"; a block past the bound is refused outright so that a CONTINUATION flood
            // cannot make the server buffer without end.
            ConnectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.HeaderBlockTooLarge);
            return;
        }

        if (frame.Fragment.IsEmpty && !frame.EndHeaders
            && !CountFlood(ref _emptyFrameCount, _options.MaxEmptyFramesPerInterval, Http2Errors.EmptyFrameFlood))
        {
            return;
        }

        _headerBlock.Write(frame.Fragment);
        if (!frame.EndHeaders) return;

        int streamId = _headerBlockStreamId;
        _headerBlockStreamId = 0;
        OnFieldBlock(streamId, _headerBlockEndStream, _headerBlockSelfDependent, _headerBlock.WrittenSpan);
        _headerBlock.Clear();
    }
}
