using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Streams;

/// <summary>
/// All streams of a connection (RFC 9000 §2–§4): opening by either side under the stream limits (§4.6), stream ID
/// rules (§2.1, §19.8), connection and stream flow control both ways (§4.1) with credit granted as the application
/// reads (a window refreshed when half of it is used), the control frames that go with them, and round-robin
/// scheduling of stream data. Frame-level faults come back as <see cref="QuicError"/> values; application misuse throws.
/// </summary>
internal sealed partial class QuicStreamManager
{
    private readonly QuicRole _role;
    private readonly QuicStreamLimits _local;
    private readonly ulong _sendBufferLimit;
    private readonly Queue<QuicConnectionEvent> _events;
    private readonly Dictionary<ulong, QuicStream> _streams = [];
    private readonly Queue<QuicStream> _control = new();
    private readonly Queue<QuicStream> _sendQueue = new();

    // Index 0: bidirectional, 1: unidirectional.
    private readonly ulong[] _nextLocal = new ulong[2];
    private readonly ulong[] _peerMaxStreams = new ulong[2];
    private readonly ulong?[] _streamsBlockedReportedAt = new ulong?[2];
    private readonly bool[] _pendingStreamsBlocked = new bool[2];
    private readonly ulong[] _nextPeer = new ulong[2];
    private readonly ulong[] _localMaxStreams = new ulong[2];
    private readonly ulong[] _closedPeer = new ulong[2];
    private readonly bool[] _pendingMaxStreams = new bool[2];

    private QuicStreamLimits _peer;
    private ulong _maxData;
    private ulong _received;
    private ulong _consumed;
    private bool _pendingMaxData;
    private ulong _peerMaxData;
    private ulong _sent;
    private ulong? _dataBlockedReportedAt;
    private bool _pendingDataBlocked;

    /// <summary>Creates the streams of a connection in <paramref name="role"/> granting <paramref name="local"/> to the peer.</summary>
    public QuicStreamManager(QuicRole role, QuicStreamLimits local, ulong sendBufferLimit, Queue<QuicConnectionEvent> events)
    {
        _role = role;
        _local = local;
        _sendBufferLimit = sendBufferLimit;
        _events = events;
        _maxData = local.MaxData;
        _localMaxStreams[0] = local.MaxStreamsBidi;
        _localMaxStreams[1] = local.MaxStreamsUni;
    }

    /// <summary>Number of streams currently held.</summary>
    public int Count => _streams.Count;

    /// <summary>Total new stream bytes sent (what the peer's MAX_DATA bounds).</summary>
    public ulong DataSent => _sent;

    /// <summary>The peer's connection limit.</summary>
    public ulong PeerMaxData => _peerMaxData;

    /// <summary>Our advertised connection limit.</summary>
    public ulong MaxData => _maxData;

    /// <summary>Whether a frame waits to be sent (control frames, or a stream with data).</summary>
    public bool HasPendingFrames =>
        _pendingMaxData || _pendingDataBlocked || _pendingMaxStreams[0] || _pendingMaxStreams[1] ||
        _pendingStreamsBlocked[0] || _pendingStreamsBlocked[1] || _control.Count > 0 || HasSendableStream;

    private bool HasSendableStream
    {
        get
        {
            foreach (var stream in _sendQueue)
            {
                if (stream.Send.HasRetransmission || (_sent < _peerMaxData && stream.HasSendableData) || (stream.Send.FinQueued && stream.Send.NextOffset == stream.Send.EndOffset))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Applies the peer's transport parameters (§18.2): its windows and stream counts.</summary>
    public void SetPeerLimits(QuicStreamLimits peer)
    {
        _peer = peer;
        _peerMaxData = Math.Max(_peerMaxData, peer.MaxData);
        _peerMaxStreams[0] = Math.Max(_peerMaxStreams[0], peer.MaxStreamsBidi);
        _peerMaxStreams[1] = Math.Max(_peerMaxStreams[1], peer.MaxStreamsUni);
    }

    /// <summary>Looks up a live stream (for tests and the connection).</summary>
    public QuicStream? Find(ulong streamId) => _streams.GetValueOrDefault(streamId);

    private static int TypeOf(ulong streamId) => QuicStreamId.IsBidirectional(streamId) ? 0 : 1;

    private QuicStream Create(ulong id)
    {
        bool local = QuicStreamId.IsLocal(id, _role);
        QuicStream stream;
        if (QuicStreamId.IsBidirectional(id))
        {
            stream = local
                ? new QuicStream(id, QuicStreamSendState.Ready, QuicStreamReceiveState.Recv, _local.MaxStreamDataBidiLocal, _peer.MaxStreamDataBidiRemote)
                : new QuicStream(id, QuicStreamSendState.Ready, QuicStreamReceiveState.Recv, _local.MaxStreamDataBidiRemote, _peer.MaxStreamDataBidiLocal);
        }
        else
        {
            stream = local
                ? new QuicStream(id, QuicStreamSendState.Ready, QuicStreamReceiveState.None, 0, _peer.MaxStreamDataUni)
                : new QuicStream(id, QuicStreamSendState.None, QuicStreamReceiveState.Recv, _local.MaxStreamDataUni, 0);
        }

        _streams.Add(id, stream);
        return stream;
    }

    /// <summary>
    /// Finds the stream a peer's frame names, opening peer-initiated streams up to it (§3.2: "Before a stream is
    /// created, all streams of the same type with lower-numbered stream IDs MUST be created"). Null with no error
    /// for a stream already closed, whose late frames are ignored.
    /// </summary>
    private QuicError GetOrOpen(ulong id, QuicFrameType frameType, out QuicStream? stream)
    {
        stream = null;
        int type = TypeOf(id);
        ulong index = QuicStreamId.GetIndex(id);
        if (QuicStreamId.IsLocal(id, _role))
        {
            // §19.8: "An endpoint MUST terminate the connection with error STREAM_STATE_ERROR if it receives a STREAM
            // frame for a locally initiated stream that has not yet been created".
            if (index >= _nextLocal[type])
            {
                return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)frameType, QuicStreamErrors.StreamNotOpened);
            }

            stream = _streams.GetValueOrDefault(id);
            return default;
        }

        // §4.6: "An endpoint that receives a frame with a stream ID exceeding the limit it has sent MUST treat this
        // as a connection error of type STREAM_LIMIT_ERROR".
        if (index >= _localMaxStreams[type])
        {
            return new QuicError(QuicTransportErrorCode.STREAM_LIMIT_ERROR, (ulong)frameType, QuicStreamErrors.StreamLimit);
        }

        while (_nextPeer[type] <= index)
        {
            ulong opened = QuicStreamId.Create(_nextPeer[type]++, _role == QuicRole.Client ? QuicRole.Server : QuicRole.Client, type == 0);
            Create(opened);
            _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.StreamOpened, opened));
        }

        stream = _streams.GetValueOrDefault(id);
        return default;
    }

    /// <summary>A STREAM frame (§19.8).</summary>
    public QuicError OnStreamFrame(ulong id, ulong offset, ReadOnlySpan<byte> data, bool fin)
    {
        if (!QuicStreamId.CanReceive(id, _role))
        {
            return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)QuicFrameType.STREAM, QuicStreamErrors.ReceiveOnSendOnly);
        }

        var error = GetOrOpen(id, QuicFrameType.STREAM, out var stream);
        if (!error.IsNone || stream is null)
        {
            return error;
        }

        error = stream.OnData(offset, data, fin, out ulong newBytes);
        if (!error.IsNone)
        {
            return error with { FrameType = (ulong)QuicFrameType.STREAM };
        }

        error = CountReceived(newBytes);
        if (!error.IsNone)
        {
            return error;
        }

        if (stream.StopSendingRequested)
        {
            ReleaseCredit(stream, stream.HighestReceived);
            if (stream.ReceiveState == QuicStreamReceiveState.DataRecvd)
            {
                stream.ReceiveState = QuicStreamReceiveState.DataRead;
                TryRemove(stream);
            }
        }
        else if (stream.Receive.Readable > 0 || stream.ReceiveState == QuicStreamReceiveState.DataRecvd)
        {
            SignalReadable(stream);
        }

        return default;
    }

    private QuicError CountReceived(ulong newBytes)
    {
        _received += newBytes;
        return _received > _maxData
            ? new QuicError(QuicTransportErrorCode.FLOW_CONTROL_ERROR, (ulong)QuicFrameType.STREAM, QuicStreamErrors.ConnectionFlowControl)
            : default;
    }

    /// <summary>A RESET_STREAM frame (§19.4): the receive side ends abruptly at its final size.</summary>
    public QuicError OnResetStream(ulong id, ulong errorCode, ulong finalSize)
    {
        if (!QuicStreamId.CanReceive(id, _role))
        {
            return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)QuicFrameType.RESET_STREAM, QuicStreamErrors.ReceiveOnSendOnly);
        }

        var error = GetOrOpen(id, QuicFrameType.RESET_STREAM, out var stream);
        if (!error.IsNone || stream is null)
        {
            return error;
        }

        error = stream.CheckFinalSize(finalSize, fin: true);
        if (!error.IsNone)
        {
            return error with { FrameType = (ulong)QuicFrameType.RESET_STREAM };
        }

        if (finalSize > stream.MaxStreamData)
        {
            return new QuicError(QuicTransportErrorCode.FLOW_CONTROL_ERROR, (ulong)QuicFrameType.RESET_STREAM, QuicStreamErrors.StreamFlowControl);
        }

        ulong newBytes = finalSize > stream.HighestReceived ? finalSize - stream.HighestReceived : 0;
        stream.HighestReceived = Math.Max(stream.HighestReceived, finalSize);
        stream.FinalSize = finalSize;
        error = CountReceived(newBytes);
        if (!error.IsNone)
        {
            return error with { FrameType = (ulong)QuicFrameType.RESET_STREAM };
        }

        if (stream.ReceiveState is QuicStreamReceiveState.Recv or QuicStreamReceiveState.SizeKnown or QuicStreamReceiveState.DataRecvd)
        {
            // §4.5: the final size counts in full against the connection window, so the unread rest is released.
            ReleaseCredit(stream, finalSize);
            stream.Receive.Discard(finalSize);
            stream.ReceiveState = QuicStreamReceiveState.ResetRead;
            if (!stream.StopSendingRequested)
            {
                _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.StreamReset, id, errorCode));
            }

            TryRemove(stream);
        }

        return default;
    }

    /// <summary>A STOP_SENDING frame (§19.5): the send side is reset in reply (§3.5).</summary>
    public QuicError OnStopSending(ulong id, ulong errorCode)
    {
        if (!QuicStreamId.CanSend(id, _role))
        {
            return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)QuicFrameType.STOP_SENDING, QuicStreamErrors.SendOnReceiveOnly);
        }

        var error = GetOrOpen(id, QuicFrameType.STOP_SENDING, out var stream);
        if (!error.IsNone || stream is null)
        {
            return error;
        }

        // §3.5: "An endpoint that receives a STOP_SENDING frame MUST send a RESET_STREAM frame if the stream is in the
        // 'Ready' or 'Send' state" (and may in 'Data Sent'); the peer's code is echoed.
        if (stream.SendState is QuicStreamSendState.Ready or QuicStreamSendState.Send or QuicStreamSendState.DataSent)
        {
            ResetSend(stream, errorCode);
            _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.StopSendingReceived, id, errorCode));
        }

        return default;
    }

    /// <summary>A MAX_STREAM_DATA frame (§19.10).</summary>
    public QuicError OnMaxStreamData(ulong id, ulong limit)
    {
        if (!QuicStreamId.CanSend(id, _role))
        {
            return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)QuicFrameType.MAX_STREAM_DATA, QuicStreamErrors.SendOnReceiveOnly);
        }

        var error = GetOrOpen(id, QuicFrameType.MAX_STREAM_DATA, out var stream);
        if (!error.IsNone || stream is null)
        {
            return error;
        }

        // §4.1: limits only grow; a smaller value is ignored.
        if (limit > stream.PeerMaxStreamData)
        {
            stream.PeerMaxStreamData = limit;
            EnqueueSend(stream);
        }

        return default;
    }

    /// <summary>A STREAM_DATA_BLOCKED frame (§19.13): informational, but subject to the stream rules.</summary>
    public QuicError OnStreamDataBlocked(ulong id)
    {
        if (!QuicStreamId.CanReceive(id, _role))
        {
            return new QuicError(QuicTransportErrorCode.STREAM_STATE_ERROR, (ulong)QuicFrameType.STREAM_DATA_BLOCKED, QuicStreamErrors.ReceiveOnSendOnly);
        }

        return GetOrOpen(id, QuicFrameType.STREAM_DATA_BLOCKED, out _);
    }

    /// <summary>A MAX_DATA frame (§19.9).</summary>
    public void OnMaxData(ulong limit)
    {
        if (limit > _peerMaxData)
        {
            _peerMaxData = limit;
        }
    }

    /// <summary>A MAX_STREAMS frame (§19.11).</summary>
    public void OnMaxStreams(bool bidirectional, ulong limit)
    {
        int type = bidirectional ? 0 : 1;
        if (limit > _peerMaxStreams[type])
        {
            _peerMaxStreams[type] = limit;
        }
    }

    /// <summary>
    /// Opens a locally initiated stream (§2.1) if the peer's limit allows it (§4.6); otherwise queues STREAMS_BLOCKED
    /// (§19.14) once for that limit and returns false.
    /// </summary>
    public bool TryOpenStream(bool bidirectional, out ulong streamId)
    {
        int type = bidirectional ? 0 : 1;
        if (_nextLocal[type] >= _peerMaxStreams[type])
        {
            if (_streamsBlockedReportedAt[type] != _peerMaxStreams[type])
            {
                _streamsBlockedReportedAt[type] = _peerMaxStreams[type];
                _pendingStreamsBlocked[type] = true;
            }

            streamId = 0;
            return false;
        }

        streamId = QuicStreamId.Create(_nextLocal[type]++, _role, bidirectional);
        Create(streamId);
        return true;
    }

    /// <summary>
    /// Buffers application bytes on a stream, up to the send-buffer limit; returns how many were taken. The FIN is
    /// recorded only when every byte was taken. A stream that was reset or is gone takes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is receive-only, or already finished.</exception>
    public int Write(ulong streamId, ReadOnlySpan<byte> data, bool fin)
    {
        if (!QuicStreamId.CanSend(streamId, _role))
        {
            throw new InvalidOperationException($"Stream {streamId} is receive-only.");
        }

        if (!_streams.TryGetValue(streamId, out var stream) || stream.SendState is not (QuicStreamSendState.Ready or QuicStreamSendState.Send))
        {
            return 0;
        }

        if (stream.Send.FinQueued)
        {
            throw new InvalidOperationException($"Stream {streamId} was already finished.");
        }

        int taken = stream.Send.Append(data, _sendBufferLimit);
        if (taken == data.Length && fin)
        {
            stream.Send.Finish();
        }

        stream.WantsWritable |= taken < data.Length;
        if (taken > 0 || fin)
        {
            stream.SendState = QuicStreamSendState.Send;
            EnqueueSend(stream);
        }

        return taken;
    }

    /// <summary>
    /// Reads in-order bytes from a stream; <paramref name="fin"/> tells that the end was reached. Reading releases
    /// flow-control credit: MAX_STREAM_DATA and MAX_DATA are queued when half a window is used (§4.2).
    /// </summary>
    public int Read(ulong streamId, Span<byte> destination, out bool fin)
    {
        fin = false;
        if (!_streams.TryGetValue(streamId, out var stream) || stream.ReceiveState == QuicStreamReceiveState.None)
        {
            return 0;
        }

        int read = stream.Receive.Read(destination);
        stream.ReadableSignalled = false;
        if (stream.ReceiveState is QuicStreamReceiveState.ResetRecvd or QuicStreamReceiveState.ResetRead)
        {
            return 0;
        }

        ulong readOffset = stream.Receive.ReadOffset;
        ReleaseCredit(stream, readOffset);
        if (stream.ReceiveState == QuicStreamReceiveState.Recv && stream.MaxStreamData - readOffset < stream.ReceiveWindow / 2)
        {
            stream.MaxStreamData = readOffset + stream.ReceiveWindow;
            stream.PendingMaxStreamData = true;
            EnqueueControl(stream);
        }

        if (stream.FinalSize is { } finalSize && readOffset == finalSize)
        {
            fin = true;
            stream.ReceiveState = QuicStreamReceiveState.DataRead;
            TryRemove(stream);
        }

        return read;
    }

    /// <summary>Abandons the send side with RESET_STREAM (§19.4) and <paramref name="errorCode"/>.</summary>
    public void ResetStream(ulong streamId, ulong errorCode)
    {
        if (_streams.TryGetValue(streamId, out var stream) &&
            stream.SendState is QuicStreamSendState.Ready or QuicStreamSendState.Send or QuicStreamSendState.DataSent)
        {
            ResetSend(stream, errorCode);
        }
    }

    /// <summary>Asks the peer to stop sending with STOP_SENDING (§19.5); bytes still arriving are dropped.</summary>
    public void StopSending(ulong streamId, ulong errorCode)
    {
        if (_streams.TryGetValue(streamId, out var stream) &&
            stream.ReceiveState is QuicStreamReceiveState.Recv or QuicStreamReceiveState.SizeKnown && !stream.StopSendingRequested)
        {
            stream.StopSendingRequested = true;
            stream.StopSendingErrorCode = errorCode;
            stream.PendingStopSending = true;
            ReleaseCredit(stream, stream.HighestReceived);
            stream.Receive.Discard(stream.HighestReceived);
            EnqueueControl(stream);
        }
    }

    private void ResetSend(QuicStream stream, ulong errorCode)
    {
        stream.ResetErrorCode = errorCode;
        stream.ResetFinalSize = stream.Send.NextOffset;
        stream.SendState = QuicStreamSendState.ResetSent;
        stream.Send.Discard();
        stream.PendingReset = true;
        EnqueueControl(stream);
    }

    private void ReleaseCredit(QuicStream stream, ulong upTo)
    {
        if (upTo <= stream.CreditReleased)
        {
            return;
        }

        _consumed += upTo - stream.CreditReleased;
        stream.CreditReleased = upTo;
        if (_maxData - _consumed < _local.MaxData / 2)
        {
            _maxData = _consumed + _local.MaxData;
            _pendingMaxData = true;
        }
    }

    private void SignalReadable(QuicStream stream)
    {
        if (!stream.ReadableSignalled)
        {
            stream.ReadableSignalled = true;
            _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.StreamReadable, stream.Id));
        }
    }

    private void EnqueueControl(QuicStream stream)
    {
        if (!stream.InControlQueue)
        {
            stream.InControlQueue = true;
            _control.Enqueue(stream);
        }
    }

    private void EnqueueSend(QuicStream stream)
    {
        if (!stream.InSendQueue && (stream.HasSendableData || stream.Send.HasNewData))
        {
            stream.InSendQueue = true;
            _sendQueue.Enqueue(stream);
        }
    }

    private void TryRemove(QuicStream stream)
    {
        if (!stream.IsClosed || !_streams.Remove(stream.Id))
        {
            return;
        }

        stream.Receive.Discard(stream.Receive.ReadOffset);
        stream.Send.Discard();
        if (!QuicStreamId.IsLocal(stream.Id, _role))
        {
            // §4.6: credit for new streams as the peer's streams close, in steps of half the initial limit.
            int type = TypeOf(stream.Id);
            ulong initial = type == 0 ? _local.MaxStreamsBidi : _local.MaxStreamsUni;
            ulong candidate = Math.Min(initial + ++_closedPeer[type], QuicFrameReader.MaxStreams);
            if (candidate - _localMaxStreams[type] >= Math.Max(1, initial / 2))
            {
                _localMaxStreams[type] = candidate;
                _pendingMaxStreams[type] = true;
            }
        }
    }

    /// <summary>Frames we sent were acknowledged (§13.3): data leaves the send buffer, a reset completes.</summary>
    public void OnFrameAcknowledged(in QuicSentFrame frame)
    {
        if (!_streams.TryGetValue(frame.StreamId, out var stream))
        {
            return;
        }

        if (frame.Type == QuicFrameType.STREAM)
        {
            stream.Send.OnAcknowledged(frame.Offset, frame.Length, frame.Fin);
            if (stream.SendState == QuicStreamSendState.DataSent && stream.Send.AllAcknowledged)
            {
                stream.SendState = QuicStreamSendState.DataRecvd;
                TryRemove(stream);
            }
            else if (stream.WantsWritable && stream.Send.Buffered < _sendBufferLimit)
            {
                stream.WantsWritable = false;
                _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.StreamWritable, stream.Id));
            }
        }
        else if (frame.Type == QuicFrameType.RESET_STREAM && stream.SendState == QuicStreamSendState.ResetSent)
        {
            stream.SendState = QuicStreamSendState.ResetRecvd;
            TryRemove(stream);
        }
    }

    /// <summary>Frames we sent were declared lost (§13.3): what still matters is queued again, with current values.</summary>
    public void OnFrameLost(in QuicSentFrame frame)
    {
        switch (frame.Type)
        {
            case QuicFrameType.MAX_DATA:
                _pendingMaxData = true;
                return;
            case QuicFrameType.MAX_STREAMS_BIDI:
                _pendingMaxStreams[0] = true;
                return;
            case QuicFrameType.MAX_STREAMS_UNI:
                _pendingMaxStreams[1] = true;
                return;
        }

        if (!_streams.TryGetValue(frame.StreamId, out var stream))
        {
            return;
        }

        switch (frame.Type)
        {
            case QuicFrameType.STREAM when stream.SendState is QuicStreamSendState.Send or QuicStreamSendState.DataSent:
                stream.Send.OnLost(frame.Offset, frame.Length, frame.Fin);
                EnqueueSend(stream);
                break;
            case QuicFrameType.RESET_STREAM when stream.SendState == QuicStreamSendState.ResetSent:
                stream.PendingReset = true;
                EnqueueControl(stream);
                break;
            case QuicFrameType.STOP_SENDING when stream.ReceiveState is QuicStreamReceiveState.Recv or QuicStreamReceiveState.SizeKnown:
                stream.PendingStopSending = true;
                EnqueueControl(stream);
                break;
            case QuicFrameType.MAX_STREAM_DATA when stream.ReceiveState == QuicStreamReceiveState.Recv:
                stream.PendingMaxStreamData = true;
                EnqueueControl(stream);
                break;
        }
    }

    /// <summary>Releases every stream's memory (the connection is gone).</summary>
    public void Dispose()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Receive.Discard(stream.Receive.ReadOffset);
            stream.Send.Discard();
        }

        _streams.Clear();
    }

    private static int StreamHeaderLength(ulong id, ulong offset) => 1 + Varint.GetLength(id) + Varint.GetLength(offset) + 2;
}
