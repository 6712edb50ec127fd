using Roadrunner.Http3;
using Roadrunner.Server.Deadlines;

namespace Roadrunner.Server.Http3;

/// <summary>
/// The server-policy deadlines of HTTP/3 request streams, the same as HTTP/2's (<see cref="StreamDeadline"/>), checked
/// on the listener's timer: a request's HEADERS frame within the request timeout, request content and the response's
/// progress at least at the minimum rates once past their grace.
/// </summary>
internal sealed partial class Http3ServerConnection
{
    /// <summary>Request streams that sent bytes but no complete header section yet, with when their first bytes came.</summary>
    private readonly Dictionary<long, long> _heads = [];
    private long _highestHead = -1;

    /// <summary>
    /// Notes a request stream's first bytes (RFC 9114 §4.1: a request stream begins with its HEADERS frame). Client
    /// request stream IDs only grow (RFC 9000 §2.1), so bytes on a lower one belong to a request already seen.
    /// Holds the lock.
    /// </summary>
    private void TrackHead(long id)
    {
        // RFC 9000 §2.1: client-initiated bidirectional streams are the IDs 0 mod 4.
        if ((id & 3) != 0 || id <= _highestHead) return;
        _highestHead = id;
        _heads[id] = Listener.Now();
    }

    /// <summary>Acts on every deadline that passed at <paramref name="now"/> (the listener's timestamp). Holds the lock.</summary>
    public void OnTickLocked(long now)
    {
        if (_closed) return;
        var acted = false;
        if (_heads.Count > 0)
        {
            foreach (var (id, since) in _heads)
            {
                if (!StreamDeadline.HeadExpired(since, now, _limits)) continue;
                // RFC 9114 §4.1.1: "When the server cancels a request without performing any application processing,
                // the request is considered 'rejected'. The server SHOULD abort its response stream with the error
                // code H3_REQUEST_REJECTED." A head that did not complete in time was never processed. Abandoning it
                // also tells the client's QPACK encoder the section will not be decoded (RFC 9204 §4.4.2).
                _h3.ResetStream(id, Http3ErrorCode.H3_REQUEST_REJECTED);
                _heads.Remove(id);
                acted = true;
            }
        }

        foreach (var stream in _streams.Values)
        {
            switch (stream.Deadline.Check(stream.WaitingOn, now, _limits))
            {
                case StreamVerdict.RequestTooSlow when !stream.HeadersSent:
                    // Before the response has begun the answer is 408; a reading handler sees a RequestBodyException
                    // carrying it.
                    stream.FailureStatus = 408;
                    if (!stream.Started) Start(stream);
                    stream.BodyArrived.Set();
                    acted = true;
                    break;
                case StreamVerdict.RequestTooSlow:
                case StreamVerdict.ResponseTooSlow:
                    // RFC 9114 §4.1.1: a request the server has begun processing is cancelled with
                    // H3_REQUEST_CANCELLED; a slow client breaks our policy, not the protocol.
                    _h3.ResetStream(stream.Id, Http3ErrorCode.H3_REQUEST_CANCELLED);
                    DropPending(stream.Id);
                    stream.MarkReset();
                    acted = true;
                    break;
            }
        }

        if (!acted) return;
        PumpOutputs();
        _owner.ScheduleFlushLocked();
    }
}
