using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>HEADERS frames (RFC 9113 §6.2): the start of a field block.</summary>
public sealed partial class Http2Connection
{
    // The field block in progress (HEADERS without END_HEADERS, then CONTINUATION frames).
    private int _headerBlockStreamId;
    private bool _headerBlockEndStream;
    private bool _headerBlockSelfDependent;

    /// <summary>
    /// The stream whose field block is being received (a HEADERS frame without END_HEADERS, waiting for the
    /// CONTINUATION that ends it), or 0. While it is open the peer may send nothing else (RFC 9113 §6.10), so a caller
    /// that bounds how long a request head may take bounds this too.
    /// </summary>
    public int PendingHeaderBlockStreamId => _headerBlockStreamId;

    private void OnHeaders(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2HeadersFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        // A block that can only end the connection is refused before any CONTINUATION is waited for.
        if (!CheckHeadersTarget(frame.StreamId)) return;

        // RFC 9113 §5.3.1: "A stream cannot depend on itself. An endpoint MUST treat this as a stream error
        // (Section 5.4.2) of type PROTOCOL_ERROR." Reported once the block is decoded, to keep HPACK in step.
        bool selfDependent = frame.Priority is { } priority && priority.StreamDependency == frame.StreamId;
        if (frame.EndHeaders)
        {
            OnFieldBlock(frame.StreamId, frame.EndStream, selfDependent, frame.Fragment);
            return;
        }

        if (frame.Fragment.IsEmpty && !CountFlood(ref _emptyFrameCount, _options.MaxEmptyFramesPerInterval, Http2Errors.EmptyFrameFlood)) return;
        if (frame.Fragment.Length > _options.MaxHeaderBlockSize)
        {
            ConnectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, Http2Errors.HeaderBlockTooLarge);
            return;
        }

        _headerBlockStreamId = frame.StreamId;
        _headerBlockEndStream = frame.EndStream;
        _headerBlockSelfDependent = selfDependent;
        _headerBlock.Clear();
        _headerBlock.Write(frame.Fragment);
    }

    /// <summary>The connection errors a HEADERS frame's stream identifier alone decides.</summary>
    private bool CheckHeadersTarget(int streamId)
    {
        var condition = Classify(streamId, out _);
        if (condition == StreamCondition.Idle)
        {
            if (Role == Http2Role.Client)
            {
                // RFC 9113 §5.1: a server opens streams only with PUSH_PROMISE, which our client disables.
                ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.StreamNotOpened);
                return false;
            }

            if (!IsPeerInitiated(streamId))
            {
                // RFC 9113 §5.1.1: "Streams initiated by a client MUST use odd-numbered stream identifiers" ...
                // "An endpoint that receives an unexpected stream identifier MUST respond with a connection error
                // (Section 5.4.1) of type PROTOCOL_ERROR."
                ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.StreamIdEven);
                return false;
            }

            return true;
        }

        var rule = ReceiveRules.For(condition, Http2FrameType.HEADERS);
        if (rule.Action is ReceiveAction.ConnectionProtocolError or ReceiveAction.ConnectionStreamClosed)
        {
            Refuse(rule, streamId);
            return false;
        }

        return true;
    }
}
