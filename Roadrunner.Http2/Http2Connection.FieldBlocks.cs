using Roadrunner.Hpack;
using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Headers;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>
/// Complete field blocks (HEADERS plus CONTINUATION): decoded with HPACK, always (§4.3: the decoder state must stay
/// in step even for blocks that are then refused), checked against §8, and turned into stream openings, trailers or
/// responses.
/// </summary>
public sealed partial class Http2Connection
{
    private void OnFieldBlock(int streamId, bool endStream, bool selfDependent, ReadOnlySpan<byte> block)
    {
        var condition = Classify(streamId, out var stream);
        var rule = ReceiveRules.For(condition, Http2FrameType.HEADERS);
        switch (rule.Action)
        {
            case ReceiveAction.Accept:
                break;
            case ReceiveAction.Ignore:
                Decode(block, HeaderBlockKind.Trailers, discard: true);
                return;
            case ReceiveAction.StreamClosed:
                if (Decode(block, HeaderBlockKind.Trailers, discard: true)) Refuse(rule, streamId);
                return;
            default:
                Refuse(rule, streamId);
                return;
        }

        if (stream is null)
        {
            OpenPeerStream(streamId, endStream, selfDependent, block);
            return;
        }

        if (Role == Http2Role.Client && !stream.FinalHeadersReceived)
        {
            OnResponseHeaders(stream, endStream, selfDependent, block);
            return;
        }

        OnTrailers(stream, endStream, selfDependent, block);
    }

    /// <summary>Server role: a field block on an idle stream opens a request.</summary>
    private void OpenPeerStream(int streamId, bool endStream, bool selfDependent, ReadOnlySpan<byte> block)
    {
        // RFC 9113 §5.1.1: "The first use of a new stream identifier implicitly closes all streams in the "idle"
        // state that might have been initiated by that peer with a lower-valued stream identifier."
        int expected = _highestPeerStreamId == 0 ? 1 : _highestPeerStreamId + 2;
        if (streamId > expected) _closedStreams.AddSkipped(expected, streamId - 2);
        _highestPeerStreamId = streamId;

        if (_goAway == GoAwayState.Final && streamId > _goAwayLastStreamId)
        {
            // RFC 9113 §6.8: "the sender of the GOAWAY ... can ignore frames for new streams" past Last-Stream-ID;
            // the peer retries them elsewhere.
            if (Decode(block, HeaderBlockKind.Request, discard: true)) _closedStreams.Add(streamId, ClosedHow.LocalReset);
            return;
        }

        if (!Decode(block, HeaderBlockKind.Request, discard: false)) return;
        if (selfDependent)
        {
            _headers.DropLastBlock();
            StreamError(streamId, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityDependsOnItself);
            return;
        }

        if (_streams.Count >= _options.MaxConcurrentStreams)
        {
            // RFC 9113 §5.1.2: "An endpoint that receives a HEADERS frame that causes its advertised concurrent
            // stream limit to be exceeded MUST treat this as a stream error (Section 5.4.2) of type PROTOCOL_ERROR
            // or REFUSED_STREAM."
            _headers.DropLastBlock();
            StreamError(streamId, Http2ErrorCode.REFUSED_STREAM, Http2Errors.StreamRefused);
            return;
        }

        if (_collector.Malformed is { } malformed)
        {
            // RFC 9113 §8.1.1: "Malformed requests or responses that are detected MUST be treated as a stream error
            // (Section 5.4.2) of type PROTOCOL_ERROR."
            _headers.DropLastBlock();
            StreamError(streamId, Http2ErrorCode.PROTOCOL_ERROR, malformed);
            return;
        }

        ref var info = ref _headers.Block(_collector.Block);
        if (!_collector.TooLarge && endStream && info.ContentLength > 0)
        {
            // RFC 9113 §8.1.1: content-length must equal the content, and END_STREAM here means there is none.
            _headers.DropLastBlock();
            StreamError(streamId, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
            return;
        }

        var stream = RentStream(streamId);
        Apply(stream, StreamTransition.ReceiveHeaders);
        _lastProcessedStreamId = streamId;
        if (_collector.TooLarge)
        {
            // RFC 9113 §10.5.1: "A server that receives a larger field block than it is willing to handle can send
            // an HTTP 431 (Request Header Fields Too Large) status code".
            _headers.DropLastBlock();
            stream.Rejected = true;
            Enqueue(new Http2Event(Http2EventKind.HeaderListTooLarge, streamId, endStream));
        }
        else
        {
            stream.ContentLength = info.ContentLength;
            Enqueue(new Http2Event(Http2EventKind.RequestHeadersReceived, streamId, endStream, headers: new Http2HeaderList(_headers, _collector.Block)));
        }

        if (endStream) Apply(stream, StreamTransition.ReceiveEndStream);
    }

    /// <summary>A second field block on a live stream: trailers, which must end the stream.</summary>
    private void OnTrailers(Http2Stream stream, bool endStream, bool selfDependent, ReadOnlySpan<byte> block)
    {
        if (!Decode(block, HeaderBlockKind.Trailers, discard: stream.Rejected)) return;
        string? error = selfDependent ? Http2Errors.PriorityDependsOnItself
            // RFC 9113 §8.1: "An endpoint that receives a HEADERS frame without the END_STREAM flag set after
            // receiving the HEADERS frame that opens a request or after receiving a final (non-informational)
            // status code MUST treat the corresponding request or response as malformed (Section 8.1.1)."
            : !endStream ? Http2Errors.TrailersWithoutEndStream
            : stream.Rejected ? null
            : _collector.Malformed
            // RFC 9113 §8.1.1: the content must add up to content-length by the end of the stream.
            ?? (stream.ContentLength >= 0 && stream.ReceivedLength != stream.ContentLength ? Http2Errors.ContentLengthMismatch : null);
        if (error is not null)
        {
            if (!stream.Rejected) _headers.DropLastBlock();
            StreamError(stream.Id, Http2ErrorCode.PROTOCOL_ERROR, error);
            return;
        }

        if (stream.Rejected)
        {
            // Content of a rejected request is discarded; so are its trailers.
        }
        else if (_collector.TooLarge)
        {
            _headers.DropLastBlock();
            stream.Rejected = true;
            Enqueue(new Http2Event(Http2EventKind.HeaderListTooLarge, stream.Id, endStream: true));
        }
        else
        {
            Enqueue(new Http2Event(Http2EventKind.TrailersReceived, stream.Id, endStream: true, headers: new Http2HeaderList(_headers, _collector.Block)));
        }

        Apply(stream, StreamTransition.ReceiveEndStream);
    }

    /// <summary>Client role: a response header section, interim (1xx, any number) or final.</summary>
    private void OnResponseHeaders(Http2Stream stream, bool endStream, bool selfDependent, ReadOnlySpan<byte> block)
    {
        if (!Decode(block, HeaderBlockKind.Response, discard: false)) return;
        ref var info = ref _headers.Block(_collector.Block);
        bool interim = info.Status is >= 100 and < 200;
        string? error = selfDependent ? Http2Errors.PriorityDependsOnItself
            : _collector.TooLarge ? Http2Errors.HeaderBlockTooLarge
            : _collector.Malformed
            // RFC 9113 §8.1: an interim response "MUST NOT" end the stream; a final one with content-length must
            // carry that content.
            ?? (interim && endStream ? Http2Errors.StatusInvalid
            : endStream && info.ContentLength > 0 ? Http2Errors.ContentLengthMismatch : null);
        if (error is not null)
        {
            _headers.DropLastBlock();
            StreamError(stream.Id, Http2ErrorCode.PROTOCOL_ERROR, error);
            return;
        }

        if (!interim)
        {
            stream.FinalHeadersReceived = true;
            stream.ContentLength = info.ContentLength;
        }

        Enqueue(new Http2Event(Http2EventKind.ResponseHeadersReceived, stream.Id, endStream, headers: new Http2HeaderList(_headers, _collector.Block)));
        if (endStream) Apply(stream, StreamTransition.ReceiveEndStream);
    }

    /// <summary>
    /// Decodes a complete block into the header store (or nowhere, with <paramref name="discard"/>). False when HPACK
    /// failed, which has already ended the connection.
    /// </summary>
    private bool Decode(ReadOnlySpan<byte> block, HeaderBlockKind kind, bool discard)
    {
        _collector.Begin(kind, _options.EnableConnectProtocol && Role == Http2Role.Server, _options.MaxHeaderListSize);
        var error = _decoder.Decode(block, _collector);
        if (error.Kind == HpackErrorKind.CompressionError)
        {
            // RFC 9113 §4.3: "A decoding error in a field block MUST be treated as a connection error
            // (Section 5.4.1) of type COMPRESSION_ERROR."
            _headers.DropLastBlock();
            ConnectionError(Http2ErrorCode.COMPRESSION_ERROR, error.Reason);
            return false;
        }

        if (error.Kind == HpackErrorKind.HeaderListTooLarge) _collector.MarkTooLarge();
        _collector.Complete();
        if (discard) _headers.DropLastBlock();
        return true;
    }
}
