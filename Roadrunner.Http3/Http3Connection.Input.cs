using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Streams;

namespace Roadrunner.Http3;

/// <summary>Input from the QUIC layer: stream octets, resets and stop-sendings, dispatched by stream kind (RFC 9114 §6).</summary>
public sealed partial class Http3Connection
{
    /// <summary>
    /// Takes octets received on a stream, in order, with <paramref name="fin"/> when the peer closed its sending side
    /// after them. A stream is opened by its first call. Events it produces are read with <see cref="TryReadEvent"/>,
    /// and memory from the previous input call is reused from here on.
    /// </summary>
    /// <returns><see cref="Http3Error.None"/>; a stream error (that stream is reset, the connection goes on); or the
    /// connection error, returned again by every later call.</returns>
    public Http3Error Receive(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamId, VarInt.Max);
        BeginInput();
        if (!_closeError.IsNone) return _closeError;

        var error = StreamIds.IsUnidirectional(streamId)
            ? ReceiveUni(streamId, data, fin)
            : ReceiveRequest(streamId, data, fin);
        return _closeError.IsNone ? error : _closeError;
    }

    /// <summary>
    /// The peer reset its sending side of a stream (QUIC RESET_STREAM). A request stream is reported as
    /// <see cref="Http3EventKind.StreamReset"/>; a critical stream closes the connection (§6.2.1).
    /// </summary>
    /// <returns>As for <see cref="Receive"/>.</returns>
    public Http3Error StreamReset(long streamId, ulong errorCode)
    {
        BeginInput();
        if (!_closeError.IsNone) return _closeError;
        if (StreamIds.IsUnidirectional(streamId))
        {
            if (IsPeerCritical(streamId)) return ConnectionError(Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
            _uniStreams.Remove(streamId);
            return Http3Error.None;
        }
        if (_retired.Remove(streamId)) return Http3Error.None;
        if (!_streams.TryGetValue(streamId, out var stream)) return Http3Error.None;

        stream.PeerFinished = true;
        CancelQpack(stream);
        stream.ReceiveDone = true;
        if (!stream.Reported && Role == Http3Role.Server)
        {
            // The application never saw it: nothing was processed (§8.1 H3_REQUEST_REJECTED).
            AbandonStream(stream, Http3ErrorCode.H3_REQUEST_REJECTED);
            return Http3Error.None;
        }
        _events.Enqueue(new Http3Event(Http3EventKind.StreamReset, streamId, ErrorCode: (Http3ErrorCode)errorCode));
        RetireIfDone(stream);
        return Http3Error.None;
    }

    /// <summary>
    /// The peer asked us to stop sending on a stream (QUIC STOP_SENDING): a RESET_STREAM with the same code is queued
    /// (RFC 9000 §3.5) and a request stream is reported as <see cref="Http3EventKind.StopSendingReceived"/>; for one of
    /// our critical streams the connection closes (§6.2.1).
    /// </summary>
    /// <returns>As for <see cref="Receive"/>.</returns>
    public Http3Error StopSending(long streamId, ulong errorCode)
    {
        BeginInput();
        if (!_closeError.IsNone) return _closeError;
        if (streamId == _control?.Id || streamId == _encoderStream?.Id || streamId == _decoderStream?.Id)
        {
            return ConnectionError(Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
        }
        if (!_streams.TryGetValue(streamId, out var stream) || stream.Send.Finished) return Http3Error.None;

        PrepareWrite(stream.Send);
        stream.Send.Buffer.Clear();
        stream.Send.FinPending = false;
        stream.Send.Finished = true;
        stream.Send.ResetSent = true;
        QueueAction(Http3OutputKind.ResetStream, streamId, (Http3ErrorCode)errorCode);
        _events.Enqueue(new Http3Event(Http3EventKind.StopSendingReceived, streamId, ErrorCode: (Http3ErrorCode)errorCode));
        RetireIfDone(stream);
        return Http3Error.None;
    }

    /// <summary>
    /// Forgets a stream the QUIC layer has closed in both directions, if the connection still tracks it (e.g. a
    /// stream we stopped reading whose RESET_STREAM will never be reported).
    /// </summary>
    public void StreamClosed(long streamId)
    {
        _retired.Remove(streamId);
        _uniStreams.Remove(streamId);
    }

    /// <summary>Memory handed out with the previous call's events is reused from here.</summary>
    private void BeginInput()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _store.Reset();
    }

    private bool IsPeerCritical(long streamId) =>
        streamId == _peerControl?.Id || streamId == _peerEncoder?.Id || streamId == _peerDecoder?.Id;

    /// <summary>§6.2: a unidirectional stream starts with its type; the rest goes where the type says.</summary>
    private Http3Error ReceiveUni(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        // Our own unidirectional streams carry nothing towards us: a QUIC matter.
        if (!StreamIds.IsPeerInitiated(streamId, Role)) return Http3Error.None;
        if (!_uniStreams.TryGetValue(streamId, out var stream))
        {
            if (_retired.Contains(streamId))
            {
                if (fin) _retired.Remove(streamId);
                return Http3Error.None;
            }
            stream = new UniStream(streamId);
            _uniStreams[streamId] = stream;
        }

        if (stream.Type < 0)
        {
            if (!stream.Reader.TryReadVarInt(ref data, out long type))
            {
                // A stream that ends before its type says nothing.
                if (fin) _uniStreams.Remove(streamId);
                return Http3Error.None;
            }
            stream.Type = type;
            var error = OnUniStreamType(stream, fin);
            if (!error.IsNone || stream.Type < 0) return error;
        }

        var result = stream.Type switch
        {
            UniStreamType.Control => ReceiveControl(stream, data),
            UniStreamType.QpackEncoder => ReceiveEncoderStream(data),
            UniStreamType.QpackDecoder => ReceiveDecoderStream(data),
            _ => Http3Error.None,
        };
        if (!result.IsNone) return result;

        // §6.2.1: "If either control stream is closed at any point, this MUST be treated as a connection error of type
        // H3_CLOSED_CRITICAL_STREAM." RFC 9204 §4.2: the same for the encoder and decoder streams.
        if (fin) return ConnectionError(Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
        return Http3Error.None;
    }

    /// <summary>The type of a new unidirectional stream decides what it is, once per connection for each critical kind.</summary>
    private Http3Error OnUniStreamType(UniStream stream, bool fin)
    {
        switch (stream.Type)
        {
            case UniStreamType.Control:
                // §6.2.1: "receipt of a second stream claiming to be a control stream MUST be treated as a connection
                // error of type H3_STREAM_CREATION_ERROR."
                if (_peerControl is not null) return ConnectionError(Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.SecondControlStream);
                _peerControl = stream;
                return Http3Error.None;
            case UniStreamType.QpackEncoder:
                if (_peerEncoder is not null) return ConnectionError(Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.SecondQpackStream);
                _peerEncoder = stream;
                return Http3Error.None;
            case UniStreamType.QpackDecoder:
                if (_peerDecoder is not null) return ConnectionError(Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.SecondQpackStream);
                _peerDecoder = stream;
                return Http3Error.None;
            case UniStreamType.Push:
                // §6.2.2: a client-initiated push stream is H3_STREAM_CREATION_ERROR; §4.6: a client that sent no
                // MAX_PUSH_ID (we never do) treats a push stream as H3_ID_ERROR.
                return Role == Http3Role.Server
                    ? ConnectionError(Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.PushStreamFromClient)
                    : ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushWithoutMaxPushId);
            default:
                // §6.2: "Recipients of unknown stream types MUST either abort reading of the stream or discard incoming
                // data without further processing. If reading is aborted, the recipient SHOULD use the
                // H3_STREAM_CREATION_ERROR error code ... [it] MUST NOT consider these streams to be a connection error".
                _uniStreams.Remove(stream.Id);
                if (!fin)
                {
                    _retired.Add(stream.Id);
                    QueueAction(Http3OutputKind.StopSending, stream.Id, Http3ErrorCode.H3_STREAM_CREATION_ERROR);
                }
                stream.Type = -1;
                return Http3Error.None;
        }
    }
}
