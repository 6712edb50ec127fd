using Roadrunner.Quic.Errors;

namespace Roadrunner.Quic.Streams;

/// <summary>
/// One stream's state: both parts' state machines (RFC 9000 §3), the bytes each way, and its flow-control limits
/// (§4.1). The receive checks live here: final size (§4.5) and the stream's flow-control limit.
/// </summary>
internal sealed class QuicStream
{
    /// <summary>Most fragments a receive buffer keeps before the peer is judged abusive (each costs work per frame).</summary>
    internal const int MaxFragments = 1024;

    public QuicStream(ulong id, QuicStreamSendState sendState, QuicStreamReceiveState receiveState, ulong receiveWindow, ulong peerMaxStreamData)
    {
        Id = id;
        SendState = sendState;
        ReceiveState = receiveState;
        ReceiveWindow = receiveWindow;
        MaxStreamData = receiveWindow;
        PeerMaxStreamData = peerMaxStreamData;
    }

    public ulong Id { get; }

    public QuicStreamSendState SendState { get; set; }

    public QuicStreamReceiveState ReceiveState { get; set; }

    public QuicReceiveBuffer Receive { get; } = new();

    public QuicSendBuffer Send { get; } = new();

    /// <summary>Our receive window: MAX_STREAM_DATA keeps the limit this far past what the application read.</summary>
    public ulong ReceiveWindow { get; }

    /// <summary>The limit we advertised (§4.1).</summary>
    public ulong MaxStreamData { get; set; }

    /// <summary>The largest offset received (§4.5: counts toward flow control even if not yet contiguous).</summary>
    public ulong HighestReceived { get; set; }

    /// <summary>The final size once known (§4.5).</summary>
    public ulong? FinalSize { get; set; }

    /// <summary>The peer's limit on what we may send (§4.1).</summary>
    public ulong PeerMaxStreamData { get; set; }

    /// <summary>The limit last reported blocked with STREAM_DATA_BLOCKED, so it is reported once.</summary>
    public ulong? BlockedReportedAt { get; set; }

    public ulong ResetErrorCode { get; set; }

    /// <summary>The final size a RESET_STREAM we send carries: every offset we ever sent lies below it (§4.5).</summary>
    public ulong ResetFinalSize { get; set; }

    /// <summary>How much of this stream the connection window counts as consumed (read, reset or discarded).</summary>
    public ulong CreditReleased { get; set; }

    public ulong StopSendingErrorCode { get; set; }

    /// <summary>We sent STOP_SENDING: arriving bytes are counted and dropped.</summary>
    public bool StopSendingRequested { get; set; }

    public bool PendingMaxStreamData { get; set; }

    public bool PendingReset { get; set; }

    public bool PendingStopSending { get; set; }

    public bool PendingBlocked { get; set; }

    /// <summary>Whether the stream sits in the control queue.</summary>
    public bool InControlQueue { get; set; }

    /// <summary>Whether the stream sits in the round-robin send queue.</summary>
    public bool InSendQueue { get; set; }

    /// <summary>A StreamReadable event is outstanding (cleared by a read).</summary>
    public bool ReadableSignalled { get; set; }

    /// <summary>A write was cut short: a StreamWritable event is owed when room comes back.</summary>
    public bool WantsWritable { get; set; }

    /// <summary>Whether new data or retransmissions wait on this stream.</summary>
    public bool HasSendableData =>
        SendState is QuicStreamSendState.Ready or QuicStreamSendState.Send or QuicStreamSendState.DataSent &&
        (Send.HasRetransmission || (Send.HasNewData && (Send.NextOffset < PeerMaxStreamData || (Send.NextOffset == Send.EndOffset && Send.FinQueued))));

    /// <summary>Whether both parts have reached a terminal state and the stream can be forgotten.</summary>
    public bool IsClosed =>
        SendState is QuicStreamSendState.None or QuicStreamSendState.DataRecvd or QuicStreamSendState.ResetRecvd &&
        ReceiveState is QuicStreamReceiveState.None or QuicStreamReceiveState.DataRead or QuicStreamReceiveState.ResetRead;

    /// <summary>
    /// Applies a STREAM frame's range to the receive side (§4.5, §4.1). Returns the growth of the highest received
    /// offset, which the connection adds to its own flow-control count.
    /// </summary>
    public QuicError OnData(ulong offset, ReadOnlySpan<byte> data, bool fin, out ulong newBytes)
    {
        newBytes = 0;
        ulong end = offset + (ulong)data.Length;
        var error = CheckFinalSize(end, fin);
        if (!error.IsNone)
        {
            return error;
        }

        // §4.1: "A receiver MUST close the connection with an error of type FLOW_CONTROL_ERROR if the sender violates
        // the advertised connection or stream data limits".
        if (end > MaxStreamData)
        {
            return new QuicError(QuicTransportErrorCode.FLOW_CONTROL_ERROR, (ulong)Frames.QuicFrameType.STREAM, QuicStreamErrors.StreamFlowControl);
        }

        if (end > HighestReceived)
        {
            newBytes = end - HighestReceived;
            HighestReceived = end;
        }

        if (fin)
        {
            FinalSize = end;
        }

        if (ReceiveState is not (QuicStreamReceiveState.Recv or QuicStreamReceiveState.SizeKnown))
        {
            return default;
        }

        if (!StopSendingRequested)
        {
            if (Receive.FragmentCount >= MaxFragments && !data.IsEmpty)
            {
                return new QuicError(QuicTransportErrorCode.PROTOCOL_VIOLATION, (ulong)Frames.QuicFrameType.STREAM, QuicStreamErrors.TooFragmented);
            }

            Receive.Insert(offset, data);
        }

        if (FinalSize is { } finalSize)
        {
            ReceiveState = Receive.ReadOffset + Receive.Readable >= finalSize || StopSendingRequested
                ? QuicStreamReceiveState.DataRecvd
                : QuicStreamReceiveState.SizeKnown;
        }

        return default;
    }

    /// <summary>The final size rules shared by STREAM and RESET_STREAM (§4.5).</summary>
    public QuicError CheckFinalSize(ulong end, bool fin)
    {
        if (FinalSize is { } finalSize)
        {
            // §4.5: "Once a final size for a stream is known, it cannot change. If a RESET_STREAM or STREAM frame is
            // received indicating a change in the final size for the stream, an endpoint SHOULD respond with an error
            // of type FINAL_SIZE_ERROR".
            if (end > finalSize || (fin && end != finalSize))
            {
                return new QuicError(QuicTransportErrorCode.FINAL_SIZE_ERROR, 0, QuicStreamErrors.FinalSizeChanged);
            }
        }
        else if (fin && end < HighestReceived)
        {
            // §4.5: "a receiver SHOULD treat receipt of data at or beyond the final size as an error of type
            // FINAL_SIZE_ERROR" — here, data already received beyond the final size now announced.
            return new QuicError(QuicTransportErrorCode.FINAL_SIZE_ERROR, 0, QuicStreamErrors.FinalSizeBelowReceived);
        }

        return default;
    }
}
