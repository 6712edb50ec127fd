using Roadrunner.Http3.Streams;
using Roadrunner.Qpack;

namespace Roadrunner.Http3;

/// <summary>Connection and stream errors (RFC 9114 §8): what is queued and reported for each.</summary>
public sealed partial class Http3Connection
{
    /// <summary>
    /// Closes the connection with <paramref name="code"/>: queues the CONNECTION_CLOSE and reports it. Further input
    /// is refused with the same error.
    /// </summary>
    /// <param name="code">The application error code, e.g. <see cref="Http3ErrorCode.H3_NO_ERROR"/> after a drain.</param>
    /// <param name="reason">The reason phrase.</param>
    public void Abort(Http3ErrorCode code, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ConnectionError(code, reason);
    }

    private Http3Error ConnectionError(Http3ErrorCode code, string reason)
    {
        if (!_closeError.IsNone) return _closeError;
        _closeError = new Http3Error(code, reason, IsConnectionError: true);
        QueueAction(Http3OutputKind.CloseConnection, -1, code, reason);
        _events.Enqueue(new Http3Event(Http3EventKind.ConnectionError, ErrorCode: code, Reason: reason));
        return _closeError;
    }

    private Http3Error QpackFailure(QpackError error) => ConnectionError((Http3ErrorCode)(ulong)(long)error.Code, error.Reason);

    /// <summary>
    /// A stream error (§8): resets our sending side and asks the peer to stop sending (§4.1.2: "the server MAY abort
    /// reading the request stream"), tells QPACK the stream is abandoned, and retires the stream.
    /// </summary>
    private Http3Error StreamError(RequestStream stream, Http3ErrorCode code, string reason)
    {
        AbandonStream(stream, code);
        _events.Enqueue(new Http3Event(Http3EventKind.StreamError, stream.Id, ErrorCode: code, Reason: reason));
        return new Http3Error(code, reason, IsConnectionError: false);
    }

    /// <summary>Resets both directions of a stream that is still open and drops it.</summary>
    private void AbandonStream(RequestStream stream, Http3ErrorCode code)
    {
        // RFC 9000 §3.1: a stream may be reset after its FIN was sent, until all its data is acknowledged; the QUIC
        // layer drops the reset if it is too late.
        if (!stream.Send.ResetSent)
        {
            PrepareWrite(stream.Send);
            stream.Send.Buffer.Clear();
            stream.Send.FinPending = false;
            stream.Send.Finished = true;
            stream.Send.ResetSent = true;
            QueueAction(Http3OutputKind.ResetStream, stream.Id, code);
        }
        if (!stream.PeerFinished) QueueAction(Http3OutputKind.StopSending, stream.Id, code);
        CancelQpack(stream);
        Retire(stream);
    }

    /// <summary>RFC 9204 §4.4.2: "When a stream is reset or reading is abandoned, the decoder emits a Stream Cancellation instruction."</summary>
    private void CancelQpack(RequestStream stream)
    {
        if (stream.Blocked || !stream.ReceiveDone)
        {
            _decoder.CancelStream(stream.Id);
            stream.Blocked = false;
            FlushDecoderStream();
        }
    }

    /// <summary>Takes the stream out of the table; it goes back to the pool once its queued output is drained.</summary>
    private void Retire(RequestStream stream)
    {
        if (stream.Retired) return;
        stream.Retired = true;
        stream.ReceiveDone = true;
        _streams.Remove(stream.Id);

        // Octets may still arrive on a stream whose peer side is not finished: they are ignored, not a new stream.
        if (!stream.PeerFinished) _retired.Add(stream.Id);
        if (!stream.Send.Queued && !ReferenceEquals(_handed, stream.Send)) _streamPool.Push(stream);
    }

    /// <summary>Retires a stream once both directions are over.</summary>
    private void RetireIfDone(RequestStream stream)
    {
        if (!stream.Retired && stream.ReceiveDone && (stream.Send.Finished || stream.Send.FinPending)) Retire(stream);
    }
}
