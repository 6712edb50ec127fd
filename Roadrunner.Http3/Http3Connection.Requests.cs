using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Headers;
using Roadrunner.Http3.Streams;
using Roadrunner.Qpack;

namespace Roadrunner.Http3;

/// <summary>Request streams (RFC 9114 §4.1, §6.1): the frame sequence, field sections through QPACK, content and its length.</summary>
public sealed partial class Http3Connection
{
    private Http3Error ReceiveRequest(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            if (_retired.Contains(streamId))
            {
                if (fin) _retired.Remove(streamId);
                return Http3Error.None;
            }
            if (!StreamIds.IsPeerInitiated(streamId, Role))
            {
                // A server is sent nothing on bidirectional streams it did not open: a QUIC matter, ignored. A client
                // only reads responses on the streams it opened with SendRequest.
                return Http3Error.None;
            }
            if (Role == Http3Role.Client)
            {
                // §6.1: "Clients MUST treat receipt of a server-initiated bidirectional stream as a connection error of
                // type H3_STREAM_CREATION_ERROR unless such an extension has been negotiated."
                return ConnectionError(Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.ServerBidirectionalStream);
            }
            if (_goAwaySent >= 0 && streamId >= _goAwaySent)
            {
                // §5.2: requests on streams at or past the GOAWAY identifier are not processed; the client may retry them.
                if (!fin) _retired.Add(streamId);
                QueueAction(Http3OutputKind.ResetStream, streamId, Http3ErrorCode.H3_REQUEST_REJECTED);
                if (!fin) QueueAction(Http3OutputKind.StopSending, streamId, Http3ErrorCode.H3_REQUEST_REJECTED);
                return new Http3Error(Http3ErrorCode.H3_REQUEST_REJECTED, Http3Errors.RequestAfterGoAway, IsConnectionError: false);
            }
            stream = OpenStream(streamId);
            _highestPeerRequest = Math.Max(_highestPeerRequest, streamId);
        }
        if (fin) stream.PeerFinished = true;

        if (stream.Blocked) return KeepWhileBlocked(stream, data, fin);
        return ProcessRequest(stream, data, fin);
    }

    private RequestStream OpenStream(long streamId)
    {
        var stream = _streamPool.Count > 0 ? _streamPool.Pop() : new RequestStream(_store);
        stream.Reset(streamId);
        _streams[streamId] = stream;
        return stream;
    }

    /// <summary>RFC 9204 §2.1.2: while the header section waits for inserts, what follows it waits too, within a bound.</summary>
    private Http3Error KeepWhileBlocked(RequestStream stream, ReadOnlySpan<byte> data, bool fin)
    {
        if (stream.Pending.Length + data.Length > _options.MaxBlockedStreamBuffer)
            return StreamError(stream, Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.BlockedInputTooLarge);
        stream.Pending.Append(data);
        stream.PendingFin |= fin;
        return Http3Error.None;
    }

    /// <summary>Reads the frames in <paramref name="data"/>; <paramref name="fin"/> ends the stream after them.</summary>
    private Http3Error ProcessRequest(RequestStream stream, ReadOnlySpan<byte> data, bool fin)
    {
        var reader = stream.Reader;
        while (!data.IsEmpty)
        {
            if (!reader.InPayload)
            {
                if (!reader.TryReadHeader(ref data)) break;
                var error = OnRequestFrameStart(stream);
                if (!error.IsNone || stream.Retired) return error;
            }
            else
            {
                var piece = reader.TakePayload(ref data);
                if (stream.Mode == FrameMode.Buffer)
                {
                    stream.Payload.Append(piece);
                }
                else if (stream.Mode == FrameMode.Stream)
                {
                    bool last = fin && data.IsEmpty && reader.Remaining == 0;
                    var error = OnData(stream, piece, last);
                    if (!error.IsNone || stream.Retired) return error;
                }
            }

            if (reader.InPayload && reader.Remaining == 0)
            {
                reader.EndFrame();
                if (stream.Mode == FrameMode.Buffer)
                {
                    var error = OnHeadersFrame(stream, fin && data.IsEmpty);
                    if (!error.IsNone || stream.Retired) return error;
                    if (stream.Blocked) return KeepWhileBlocked(stream, data, fin);
                }
            }
        }
        return fin ? OnRequestFin(stream) : Http3Error.None;
    }

    /// <summary>§4.1: HEADERS, then DATA*, then optional trailing HEADERS; the rest of §7.2 decides the other types.</summary>
    private Http3Error OnRequestFrameStart(RequestStream stream)
    {
        long type = stream.Reader.Type;
        switch (type)
        {
            case Http3FrameType.Data:
                if (stream.Phase == RequestPhase.Discard)
                {
                    stream.Mode = FrameMode.Skip;
                    break;
                }

                // §4.1: "Receipt of an invalid sequence of frames MUST be treated as a connection error of type H3_FRAME_UNEXPECTED."
                if (stream.Phase != RequestPhase.Body) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.FrameSequenceInvalid);
                stream.Mode = FrameMode.Stream;
                if (stream.Reader.Length == 0) return OnData(stream, [], last: false);
                break;
            case Http3FrameType.Headers:
                if (stream.Phase == RequestPhase.Discard)
                {
                    stream.Mode = FrameMode.Skip;
                    break;
                }
                if (stream.Phase == RequestPhase.Done) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.FrameSequenceInvalid);
                stream.Mode = FrameMode.Buffer;
                stream.Payload.Clear();
                if (stream.Reader.Length > _options.MaxHeaderBlock) return OnHeaderBlockTooLarge(stream);
                break;
            case Http3FrameType.CancelPush or Http3FrameType.Settings or Http3FrameType.GoAway or Http3FrameType.MaxPushId:
                // §7.2.3, §7.2.4, §7.2.6, §7.2.7: these are sent on the control stream only; elsewhere H3_FRAME_UNEXPECTED.
                return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.ControlFrameOnRequest);
            case Http3FrameType.PushPromise:
                // §7.2.5: "A client MUST NOT send a PUSH_PROMISE frame. A server MUST treat the receipt of a
                // PUSH_PROMISE frame as a connection error of type H3_FRAME_UNEXPECTED." A client that never sent
                // MAX_PUSH_ID receives a push ID above the maximum: H3_ID_ERROR.
                return Role == Http3Role.Server
                    ? ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.PushPromiseUnexpected)
                    : ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushIdTooLarge);
            default:
                if (Http3FrameType.IsHttp2Only(type)) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.Http2FrameType);

                // §9: unknown and reserved frame types are ignored, wherever they appear in the sequence.
                stream.Mode = FrameMode.Skip;
                break;
        }
        return Http3Error.None;
    }

    /// <summary>
    /// A header section larger than <see cref="Http3Options.MaxHeaderBlock"/>: a request's is skipped unread and
    /// reported for a 431; QPACK is told the stream's section will never be decoded (RFC 9204 §4.4.2).
    /// </summary>
    private Http3Error OnHeaderBlockTooLarge(RequestStream stream)
    {
        if (Role == Http3Role.Client || stream.Phase != RequestPhase.Headers)
            return StreamError(stream, Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.TrailersTooLarge);
        _decoder.CancelStream(stream.Id);
        FlushDecoderStream();
        ReportTooLarge(stream);
        stream.Mode = FrameMode.Skip;
        return Http3Error.None;
    }

    private void ReportTooLarge(RequestStream stream)
    {
        stream.Phase = RequestPhase.Discard;
        stream.Reported = true;
        _events.Enqueue(new Http3Event(Http3EventKind.HeaderSectionTooLarge, stream.Id));
    }

    /// <summary>A whole HEADERS payload: decoded through QPACK, or kept by it until its inserts arrive.</summary>
    private Http3Error OnHeadersFrame(RequestStream stream, bool endStream)
    {
        var kind = stream.Phase == RequestPhase.Body ? SectionKind.Trailers : Role == Http3Role.Server ? SectionKind.Request : SectionKind.Response;
        stream.DecodingTrailers = kind == SectionKind.Trailers;
        stream.Collector.Begin(kind, _options.EnableConnectProtocol);
        var result = _decoder.DecodeSection(stream.Id, stream.Payload.WrittenSpan, stream.Collector);
        stream.Payload.Clear();
        switch (result.Status)
        {
            case QpackSectionStatus.Blocked:
                stream.Blocked = true;
                return Http3Error.None;
            case QpackSectionStatus.Failed:
                FlushDecoderStream();
                return OnSectionFailed(stream, result.Error);
            default:
                FlushDecoderStream();
                return OnSectionDecoded(stream, endStream);
        }
    }

    private Http3Error OnSectionFailed(RequestStream stream, QpackError error)
    {
        // QPACK keeps its table in step after a section that is too large only: the stream alone fails.
        if (!ReferenceEquals(error.Reason, QpackErrors.FieldSectionTooLarge)) return QpackFailure(error);
        if (Role == Http3Role.Server && !stream.DecodingTrailers)
        {
            ReportTooLarge(stream);
            return Http3Error.None;
        }
        return StreamError(stream, Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.TrailersTooLarge);
    }

    /// <summary>A decoded section: validated, then reported.</summary>
    private Http3Error OnSectionDecoded(RequestStream stream, bool endStream)
    {
        var collector = stream.Collector;
        collector.Complete();

        // §4.1.2: "Malformed requests or responses that are detected MUST be treated as a stream error of type H3_MESSAGE_ERROR."
        if (collector.Malformed is { } malformed) return StreamError(stream, Http3ErrorCode.H3_MESSAGE_ERROR, malformed);
        var section = collector.Section;
        Http3EventKind kind;
        if (stream.DecodingTrailers)
        {
            stream.Phase = RequestPhase.Done;
            kind = Http3EventKind.TrailersReceived;
        }
        else if (Role == Http3Role.Server)
        {
            stream.Phase = RequestPhase.Body;
            stream.ContentLength = section.ContentLength;
            kind = Http3EventKind.RequestHeadersReceived;
        }
        else
        {
            // §4.1: interim (1xx) responses may precede the final one; only the final one opens the content.
            bool interim = section.Status < 200;
            if (!interim)
            {
                stream.Phase = RequestPhase.Body;

                // RFC 9110 §8.6: responses to HEAD, and 204 and 304 responses, have no content to measure.
                bool noContent = stream.IsHead || section.Status is 204 or 304;
                stream.ContentLength = noContent ? -1 : section.ContentLength;
                stream.FinalHeaders = true;
            }
            kind = Http3EventKind.ResponseHeadersReceived;
        }

        if (endStream)
        {
            var error = CheckEnd(stream);
            if (!error.IsNone) return error;
        }
        stream.Reported = true;
        _events.Enqueue(new Http3Event(kind, stream.Id, EndStream: endStream, Headers: new Http3HeaderList(section)));
        if (endStream) stream.EndReported = true;
        return Http3Error.None;
    }

    /// <summary>§4.1.2: content beyond content-length makes the message malformed as soon as it arrives.</summary>
    private Http3Error OnData(RequestStream stream, ReadOnlySpan<byte> piece, bool last)
    {
        stream.Received += piece.Length;
        if (stream.ContentLength >= 0 && stream.Received > stream.ContentLength)
            return StreamError(stream, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.ContentLengthMismatch);
        if (last)
        {
            var error = CheckEnd(stream);
            if (!error.IsNone) return error;
            stream.EndReported = true;
        }
        if (piece.IsEmpty && !last) return Http3Error.None;
        _events.Enqueue(new Http3Event(Http3EventKind.DataReceived, stream.Id, EndStream: last, Data: _store.Arena.Copy(piece)));
        return Http3Error.None;
    }

    /// <summary>The stream ended cleanly: the last frame must be whole (§7.1) and the message complete (§4.1.2).</summary>
    private Http3Error OnRequestFin(RequestStream stream)
    {
        // §7.1: "When a stream terminates cleanly, if the last frame on the stream was truncated, this MUST be treated
        // as a connection error of type H3_FRAME_ERROR."
        if (!stream.Reader.AtBoundary) return ConnectionError(Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FrameTruncated);
        stream.ReceiveDone = true;
        if (stream.Phase == RequestPhase.Discard)
        {
            RetireIfDone(stream);
            return Http3Error.None;
        }
        if (stream.Phase == RequestPhase.Headers)
        {
            // §4.1.2: "A server that receives a request stream that terminates without a complete request MAY ...
            // H3_REQUEST_INCOMPLETE"; a response without its final header section is malformed.
            return Role == Http3Role.Server
                ? StreamError(stream, Http3ErrorCode.H3_REQUEST_INCOMPLETE, Http3Errors.RequestIncomplete)
                : StreamError(stream, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.StatusInvalid);
        }
        if (!stream.EndReported)
        {
            var error = CheckEnd(stream);
            if (!error.IsNone) return error;
            stream.EndReported = true;
            _events.Enqueue(new Http3Event(Http3EventKind.DataReceived, stream.Id, EndStream: true));
        }
        RetireIfDone(stream);
        return Http3Error.None;
    }

    /// <summary>
    /// §4.1.2: "A request or response that is defined as having content when it contains a Content-Length header
    /// field is malformed if the value of the Content-Length header field does not equal the sum of the DATA frame
    /// lengths received."
    /// </summary>
    private Http3Error CheckEnd(RequestStream stream)
    {
        if (stream.ContentLength >= 0 && stream.Received != stream.ContentLength)
            return StreamError(stream, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.ContentLengthMismatch);
        return Http3Error.None;
    }

    /// <summary>Sections QPACK decoded once their inserts arrived: each stream is resumed with the input it kept.</summary>
    private Http3Error ResumeUnblocked()
    {
        var result = Http3Error.None;
        while (_decoder.TryReadEvent(out var decoded) && _closeError.IsNone)
        {
            if (!_streams.TryGetValue(decoded.StreamId, out var stream) || !stream.Blocked) continue;
            stream.Blocked = false;

            // The kept input is replayed from one buffer while any new input lands in the other.
            var kept = stream.Pending;
            bool keptFin = stream.PendingFin;
            stream.Pending = stream.Spare;
            stream.Spare = kept;
            stream.PendingFin = false;

            Http3Error error;
            if (!decoded.Error.IsNone) error = OnSectionFailed(stream, decoded.Error);
            else error = OnSectionDecoded(stream, kept.Length == 0 && keptFin && stream.Reader.AtBoundary);
            if (error.IsNone && !stream.Retired) error = ProcessRequest(stream, kept.WrittenSpan, keptFin);
            kept.Clear();
            if (!error.IsNone) result = error;
        }
        return _closeError.IsNone ? result : _closeError;
    }
}
