using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Streams;

/// <summary>The sending half of <see cref="QuicStreamManager"/>: control frames first, then stream data round-robin.</summary>
internal sealed partial class QuicStreamManager
{
    /// <summary>
    /// Writes pending control frames and then stream data into <paramref name="destination"/>, recording in
    /// <paramref name="sent"/> what must be acted on if the packet is lost or acknowledged. Returns the bytes written.
    /// </summary>
    public int WriteFrames(Span<byte> destination, List<QuicSentFrame> sent)
    {
        int position = 0;
        int written;
        if (_pendingMaxData && QuicFrameWriter.TryWriteMaxData(destination[position..], _maxData, out written))
        {
            position += written;
            _pendingMaxData = false;
            sent.Add(new QuicSentFrame(QuicFrameType.MAX_DATA, 0, _maxData, 0, false));
        }

        for (int type = 0; type < 2; type++)
        {
            if (_pendingMaxStreams[type] && QuicFrameWriter.TryWriteMaxStreams(destination[position..], type == 0, _localMaxStreams[type], out written))
            {
                position += written;
                _pendingMaxStreams[type] = false;
                sent.Add(new QuicSentFrame(type == 0 ? QuicFrameType.MAX_STREAMS_BIDI : QuicFrameType.MAX_STREAMS_UNI, 0, _localMaxStreams[type], 0, false));
            }

            if (_pendingStreamsBlocked[type] && QuicFrameWriter.TryWriteStreamsBlocked(destination[position..], type == 0, _peerMaxStreams[type], out written))
            {
                position += written;
                _pendingStreamsBlocked[type] = false;
                sent.Add(new QuicSentFrame(type == 0 ? QuicFrameType.STREAMS_BLOCKED_BIDI : QuicFrameType.STREAMS_BLOCKED_UNI, 0, _peerMaxStreams[type], 0, false));
            }
        }

        while (_control.Count > 0)
        {
            var stream = _control.Peek();
            if (!WriteStreamControl(stream, destination, ref position, sent))
            {
                break;
            }

            _control.Dequeue();
            stream.InControlQueue = false;
        }

        int rounds = _sendQueue.Count;
        while (rounds-- > 0 && destination.Length - position > 8)
        {
            var stream = _sendQueue.Dequeue();
            stream.InSendQueue = false;
            WriteStreamData(stream, destination, ref position, sent);
            EnqueueSend(stream);
        }

        if (_pendingDataBlocked && QuicFrameWriter.TryWriteDataBlocked(destination[position..], _peerMaxData, out written))
        {
            position += written;
            _pendingDataBlocked = false;
            sent.Add(new QuicSentFrame(QuicFrameType.DATA_BLOCKED, 0, _peerMaxData, 0, false));
        }

        return position;
    }

    private static bool WriteStreamControl(QuicStream stream, Span<byte> destination, ref int position, List<QuicSentFrame> sent)
    {
        int written;
        if (stream.PendingReset)
        {
            if (!QuicFrameWriter.TryWriteResetStream(destination[position..], stream.Id, stream.ResetErrorCode, stream.ResetFinalSize, out written))
            {
                return false;
            }

            position += written;
            stream.PendingReset = false;
            sent.Add(new QuicSentFrame(QuicFrameType.RESET_STREAM, stream.Id, stream.ResetFinalSize, 0, false));
        }

        if (stream.PendingStopSending)
        {
            if (!QuicFrameWriter.TryWriteStopSending(destination[position..], stream.Id, stream.StopSendingErrorCode, out written))
            {
                return false;
            }

            position += written;
            stream.PendingStopSending = false;
            sent.Add(new QuicSentFrame(QuicFrameType.STOP_SENDING, stream.Id, 0, 0, false));
        }

        if (stream.PendingMaxStreamData)
        {
            if (stream.ReceiveState == QuicStreamReceiveState.Recv)
            {
                if (!QuicFrameWriter.TryWriteMaxStreamData(destination[position..], stream.Id, stream.MaxStreamData, out written))
                {
                    return false;
                }

                position += written;
                sent.Add(new QuicSentFrame(QuicFrameType.MAX_STREAM_DATA, stream.Id, stream.MaxStreamData, 0, false));
            }

            stream.PendingMaxStreamData = false;
        }

        if (stream.PendingBlocked)
        {
            if (!QuicFrameWriter.TryWriteStreamDataBlocked(destination[position..], stream.Id, stream.PeerMaxStreamData, out written))
            {
                return false;
            }

            position += written;
            stream.PendingBlocked = false;
            sent.Add(new QuicSentFrame(QuicFrameType.STREAM_DATA_BLOCKED, stream.Id, stream.PeerMaxStreamData, 0, false));
        }

        return true;
    }

    private void WriteStreamData(QuicStream stream, Span<byte> destination, ref int position, List<QuicSentFrame> sent)
    {
        if (stream.SendState is not (QuicStreamSendState.Send or QuicStreamSendState.DataSent))
        {
            return;
        }

        // Lost ranges first (§13.3), then new bytes within both flow-control limits (§4.1).
        while (true)
        {
            ulong offset;
            int length;
            bool fin;
            int room = destination.Length - position - StreamHeaderLength(stream.Id, stream.Send.NextOffset);
            if (room < 1)
            {
                return;
            }

            room = Math.Min(room, 16383);
            bool isNew = false;
            if (!stream.Send.TryTakeRetransmission(room, out offset, out length, out fin))
            {
                ulong connectionRoom = _peerMaxData - _sent;
                ulong flowLimit = Math.Min(stream.PeerMaxStreamData, stream.Send.NextOffset + connectionRoom);
                if (stream.Send.NextOffset < stream.Send.EndOffset && flowLimit <= stream.Send.NextOffset)
                {
                    ReportBlocked(stream, connectionRoom);
                }

                if (!stream.Send.TryTakeNew(room, flowLimit, out offset, out length, out fin))
                {
                    return;
                }

                isNew = true;
            }

            if (isNew)
            {
                _sent += (ulong)length;
            }

            position += WriteStreamFrame(destination[position..], stream, offset, length, fin);
            sent.Add(new QuicSentFrame(QuicFrameType.STREAM, stream.Id, offset, length, fin));
            if (fin)
            {
                stream.SendState = QuicStreamSendState.DataSent;
            }
        }
    }

    private void ReportBlocked(QuicStream stream, ulong connectionRoom)
    {
        // §4.1: "A sender SHOULD send a STREAM_DATA_BLOCKED or DATA_BLOCKED frame to indicate to the receiver that it
        // has data to write but is blocked by flow control limits" — once per limit.
        if (connectionRoom == 0)
        {
            if (_dataBlockedReportedAt != _peerMaxData)
            {
                _dataBlockedReportedAt = _peerMaxData;
                _pendingDataBlocked = true;
            }
        }
        else if (stream.BlockedReportedAt != stream.PeerMaxStreamData)
        {
            stream.BlockedReportedAt = stream.PeerMaxStreamData;
            stream.PendingBlocked = true;
            EnqueueControl(stream);
        }
    }

    /// <summary>
    /// STREAM Frame { Type (i) = 0x08..0x0f, Stream ID (i), [Offset (i)], [Length (i)], Stream Data (..) } (§19.8),
    /// always with the OFF and LEN bits, the data copied straight from the send ring.
    /// </summary>
    private static int WriteStreamFrame(Span<byte> destination, QuicStream stream, ulong offset, int length, bool fin)
    {
        int position = 0;
        destination[position++] = (byte)(0x08 | 0x04 | 0x02 | (fin ? 0x01 : 0x00));
        Varint.TryWrite(destination[position..], stream.Id, out int written);
        position += written;
        Varint.TryWrite(destination[position..], offset, out written);
        position += written;
        Varint.TryWrite(destination[position..], (ulong)length, 2, out written);
        position += written;
        stream.Send.CopyTo(offset, destination.Slice(position, length));
        return position + length;
    }
}
