using Roadrunner.Http2;
using Roadrunner.Server.Deadlines;

namespace Roadrunner.Server.Http2;

/// <summary>
/// The server-policy deadlines of HTTP/2 streams (<see cref="StreamDeadline"/>, shared with HTTP/3), checked on the
/// listener's heartbeat: a request head within the request timeout, request content and the response's progress at
/// least at the minimum rates once past their grace.
/// </summary>
internal sealed partial class Http2ServerConnection
{
    /// <summary>Notes when a field block began that is still waiting for its CONTINUATION. Holds <see cref="_sync"/>.</summary>
    private void TrackHeaderBlock(long now)
    {
        var pending = _h2.PendingHeaderBlockStreamId;
        if (pending == _headStream) return;
        _headStream = pending;
        _headSince = now;
    }

    /// <summary>Acts on every deadline that passed; true when something was sent or a handler became ready. Holds <see cref="_sync"/>.</summary>
    private bool CheckDeadlines(long now)
    {
        if (_headStream != 0 && StreamDeadline.HeadExpired(_headSince, now, _limits))
        {
            // RFC 9113 §6.10: while a field block is open the client may send nothing but its CONTINUATION frames, and
            // a block cannot be dropped half-read without losing HPACK's state (§4.3), so a head that does not complete
            // within the request timeout ends the connection. The code is PROTOCOL_ERROR: the block was never finished.
            _h2.Abort(Http2ErrorCode.PROTOCOL_ERROR, "The request header section did not complete within the request timeout.");
            DispatchEvents();
            CloseReason = "request_timeout";
            _headStream = 0;
            return true;
        }

        var acted = false;
        foreach (var stream in _streams.Values)
        {
            switch (stream.Deadline.Check(stream.WaitingOn, now, _limits))
            {
                case StreamVerdict.RequestTooSlow:
                    acted = true;
                    OnRequestTooSlow(stream);
                    break;
                case StreamVerdict.ResponseTooSlow:
                    acted = true;
                    Cancel(stream);
                    break;
            }
        }

        return acted;
    }

    /// <summary>
    /// Request content arrived slower than min_bytes_per_second after its grace. Before the response has begun the
    /// answer is 408 (the handler, if it is reading, sees the failure as a <see cref="Requests.RequestBodyException"/>
    /// carrying 408); the response is complete before the request, so the stream is then reset with NO_ERROR (RFC 9113
    /// §8.1). Once the response has begun only a reset is left. Holds <see cref="_sync"/>.
    /// </summary>
    private void OnRequestTooSlow(Http2ServerStream stream)
    {
        if (stream.HeadersSent)
        {
            Cancel(stream);
            return;
        }

        stream.FailureStatus = 408;
        if (!stream.Started) Start(stream);
        stream.BodyArrived.Set();
    }

    /// <summary>
    /// Resets a stream the client stopped moving: RST_STREAM CANCEL (RFC 9113 §7: "the stream is no longer needed").
    /// Not PROTOCOL_ERROR: a slow client breaks our policy, not the protocol. The handler sees its request aborted.
    /// Holds <see cref="_sync"/>.
    /// </summary>
    private void Cancel(Http2ServerStream stream)
    {
        _h2.ResetStream(stream.Id, Http2ErrorCode.CANCEL);
        stream.MarkReset();
    }
}
