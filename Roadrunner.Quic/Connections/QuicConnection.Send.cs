using System.Text;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Varints;

namespace Roadrunner.Quic.Connections;

/// <summary>The send path: frames → packets → protection → one datagram, coalescing spaces (RFC 9000 §12.2).</summary>
public sealed partial class QuicConnection
{
    private const int MinimumInitialDatagram = 1200;
    private long? _pacingDeadline;
    private bool _sentHandshakePacket;

    /// <summary>
    /// Fills one datagram with what is due: ACKs, CRYPTO data with retransmissions, control frames and stream data,
    /// coalescing Initial, Handshake and 1-RTT packets, within the congestion window, pacing, the anti-amplification
    /// limit (RFC 9000 §8.1) and flow control. Returns its length; 0 when nothing is to be sent now.
    /// </summary>
    /// <param name="datagram">Where to write; at least 1200 bytes.</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <param name="info">Where to send it.</param>
    /// <exception cref="ArgumentException"><paramref name="datagram"/> is shorter than 1200 bytes.</exception>
    public int Send(Span<byte> datagram, long now, out QuicSendInfo info)
    {
        if (datagram.Length < MinimumInitialDatagram)
        {
            throw new ArgumentException("A datagram buffer must hold at least 1200 bytes.", nameof(datagram));
        }

        info = new QuicSendInfo(_remote, _local);
        if (_state is QuicConnectionState.Draining or QuicConnectionState.Closed)
        {
            return 0;
        }

        int max = Math.Min(datagram.Length, Math.Max(MinimumInitialDatagram, _maxDatagramSize));

        // RFC 9000 §8.1: "Prior to validating the client address, servers MUST NOT send more than three times as many
        // bytes as the number of bytes they have received"; the same holds on a new path until it is validated (§9.3).
        if (_role == QuicRole.Server && !_addressValidated)
        {
            max = (int)Math.Min(max, Math.Max(0, (3 * _bytesReceived) - _bytesSent));
        }

        if (!_pathValidated)
        {
            max = (int)Math.Min(max, Math.Max(0, (3 * _pathBytesReceived) - _pathBytesSent));
        }

        if (max < 48)
        {
            return 0;
        }

        int written = _state == QuicConnectionState.Closing ? WriteClose(datagram[..max], now) : WritePackets(datagram[..max], now);
        _bytesSent += written;
        if (!_pathValidated)
        {
            _pathBytesSent += written;
        }

        return written;
    }

    private int WritePackets(Span<byte> datagram, long now)
    {
        int written = 0;
        bool pad = false;
        bool wroteInitial = false;
        for (int index = 0; index < 3; index++)
        {
            var space = _spaces[index];
            if (!space.CanSend || !WantsToSend(space, now))
            {
                continue;
            }

            if (index == 0 && (_role == QuicRole.Client || space.ProbesPending > 0 || space.CryptoSend.HasNewData || space.CryptoSend.HasRetransmission))
            {
                // RFC 9000 §14.1: a client pads every datagram with an Initial packet to 1200 bytes; a server pads those
                // carrying ack-eliciting Initial packets.
                pad = true;
            }

            bool last = true;
            for (int later = index + 1; later < 3; later++)
            {
                if (_spaces[later].CanSend && WantsToSend(_spaces[later], now))
                {
                    last = false;
                }
            }

            int minimum = pad && last ? Math.Max(0, MinimumInitialDatagram - written) : 0;
            int size = BuildPacket(space, datagram[written..], now, minimum, closeFrame: false);
            if (size == 0)
            {
                continue;
            }

            written += size;
            wroteInitial |= index == 0;
            if (index == 1 && _role == QuicRole.Client && !_sentHandshakePacket)
            {
                // RFC 9001 §4.9.1: "a client MUST discard Initial keys when it first sends a Handshake packet".
                _sentHandshakePacket = true;
                DiscardSpace(QuicPacketNumberSpace.Initial, now);
            }
        }

        if (wroteInitial && pad && written < MinimumInitialDatagram && datagram.Length >= MinimumInitialDatagram)
        {
            // A later packet planned as the padded one was not written: fill the rest of the datagram with zeros,
            // which the peer discards as an unparseable trailing packet (RFC 9000 §12.2).
            datagram[written..MinimumInitialDatagram].Clear();
            written = MinimumInitialDatagram;
        }

        return written;
    }

    private bool WantsToSend(QuicPacketSpaceState space, long now)
    {
        if (space.ProbesPending > 0 || space.Ack.ShouldSendAck(now))
        {
            return true;
        }

        bool data = space.CryptoSend.HasRetransmission || space.CryptoSend.HasNewData;
        if (space.Space == QuicPacketNumberSpace.ApplicationData)
        {
            data |= _handshakeDonePending || HasPendingIdFrames() || _streams.HasPendingFrames || _rawFrames.Count > 0;
        }

        return data && CanSendAckEliciting(now);
    }

    private bool CanSendAckEliciting(long now)
    {
        if (_recovery.SendAllowance < MinimumInitialDatagram / 4)
        {
            return false;
        }

        long next = _recovery.NextSendTime(now, _maxDatagramSize);
        if (next > now)
        {
            _pacingDeadline = next;
            return false;
        }

        return true;
    }

    private int BuildPacket(QuicPacketSpaceState space, Span<byte> destination, long now, int minimumSize, bool closeFrame)
    {
        long packetNumber = space.NextPacketNumber;
        uint truncated = QuicPacketNumber.EncodePacketNumber(packetNumber, space.LargestAcknowledged, out int packetNumberLength);
        var source = _localIds.Count > 0 ? _localIds[0].Id : default;
        var sourceSpan = _sourceId.Span;
        int headerLength = space.Space switch
        {
            QuicPacketNumberSpace.Initial => QuicPacketWriter.GetInitialHeaderLength(_peerId.Length, sourceSpan.Length, _role == QuicRole.Client ? _token.Length : 0, packetNumberLength, 0, 2),
            QuicPacketNumberSpace.Handshake => QuicPacketWriter.GetLongHeaderLength(_peerId.Length, sourceSpan.Length, packetNumberLength, 0, 2),
            _ => 1 + _peerId.Length + packetNumberLength,
        };
        _ = source;
        int payloadRoom = destination.Length - headerLength - PacketKey.TagLength;
        if (payloadRoom < 24)
        {
            return 0;
        }

        var payload = destination.Slice(headerLength, payloadRoom);
        var packet = RentPacket();
        int position = 0;
        bool ackEliciting = false;
        bool probe = space.ProbesPending > 0;
        if (closeFrame)
        {
            position += WriteCloseFrame(payload, space.Space);
            ackEliciting = false;
        }
        else
        {
            bool eliciting = probe || CanSendAckEliciting(now);
            if (space.Ack.ShouldSendAck(now) || (eliciting && space.Ack.AckDeadline is not null))
            {
                if (space.Ack.TryWriteAck(payload, now, out int ackLength))
                {
                    position += ackLength;
                    packet.LargestAcknowledged = space.Ack.LargestReceived;
                }
            }

            if (eliciting)
            {
                int before = position;
                position += WriteElicitingFrames(space, payload[position..], packet.Frames);
                if (probe && position == before)
                {
                    // RFC 9002 §6.2.4: with nothing to send, a probe is a PING.
                    payload[position++] = (byte)QuicFrameType.PING;
                    packet.Frames.Add(new QuicSentFrame(QuicFrameType.PING, 0, 0, 0, false));
                }

                ackEliciting = position > before;
                if (probe && ackEliciting)
                {
                    space.ProbesPending--;
                }
            }
        }

        if (position == 0)
        {
            ReturnPacket(packet);
            return 0;
        }

        // RFC 9001 §5.4.2: the packet number and payload span at least 4 bytes so a header protection sample exists.
        int padding = Math.Max(0, 4 - packetNumberLength - position);
        padding = Math.Max(padding, minimumSize - (headerLength + position + PacketKey.TagLength));
        padding = Math.Min(padding, payloadRoom - position);
        if (padding > 0)
        {
            payload.Slice(position, padding).Clear();
            position += padding;
        }

        int payloadLength = position + PacketKey.TagLength;
        int headerWritten;
        bool ok = space.Space switch
        {
            QuicPacketNumberSpace.Initial => QuicPacketWriter.TryWriteInitial(destination, QuicVersion.Version1, _peerId.Span, sourceSpan, _role == QuicRole.Client ? _token : [], truncated, packetNumberLength, payloadLength, out headerWritten, 2),
            QuicPacketNumberSpace.Handshake => QuicPacketWriter.TryWriteHandshake(destination, QuicVersion.Version1, _peerId.Span, sourceSpan, truncated, packetNumberLength, payloadLength, out headerWritten, 2),
            _ => QuicPacketWriter.TryWriteShort(destination, _peerId.Span, false, _writePhase, truncated, packetNumberLength, out headerWritten),
        };
        if (!ok || headerWritten != headerLength)
        {
            ReturnPacket(packet);
            return 0;
        }

        int total = headerLength + payloadLength;
        PacketProtection.TryProtect(destination[..total], headerLength - packetNumberLength, packetNumberLength, (ulong)packetNumber, space.WriteKey!, space.WriteHeaderKey!);
        space.NextPacketNumber++;
        packet.PacketNumber = (ulong)packetNumber;
        packet.Space = space.Space;
        packet.TimeSent = now;
        packet.Size = total;
        packet.AckEliciting = ackEliciting;
        packet.InFlight = ackEliciting || padding > 4;
        _recovery.OnPacketSent(packet, now);
        if (ackEliciting && _idleTimeout > 0 && !_sentElicitingSinceReceive)
        {
            // RFC 9000 §10.1: sending the first ack-eliciting packet after a receipt also restarts the idle timer.
            _lastActivity = now;
        }

        _sentElicitingSinceReceive |= ackEliciting;
        if (space.Space == QuicPacketNumberSpace.ApplicationData && ++_packetsWithWriteKey >= KeyUpdateInterval)
        {
            // RFC 9001 §6.6: update before the confidentiality limit is reached.
            InitiateKeyUpdate();
        }

        return total;
    }

    private bool _sentElicitingSinceReceive;
    private readonly Queue<byte[]> _rawFrames = new();

    /// <summary>Queues already-encoded frames for the next 1-RTT packet, unchecked (tests use it to play a faulty peer).</summary>
    internal void QueueRawFrames(byte[] frames) => _rawFrames.Enqueue(frames);

    private int WriteElicitingFrames(QuicPacketSpaceState space, Span<byte> payload, List<QuicSentFrame> frames)
    {
        int position = 0;
        if (space.Space == QuicPacketNumberSpace.ApplicationData)
        {
            if (_handshakeDonePending && QuicFrameWriter.TryWriteHandshakeDone(payload, out int written))
            {
                position += written;
                _handshakeDonePending = false;
                frames.Add(new QuicSentFrame(QuicFrameType.HANDSHAKE_DONE, 0, 0, 0, false));
            }

            position += WriteIdFrames(payload[position..], frames);
            while (_rawFrames.Count > 0 && _rawFrames.Peek().Length <= payload.Length - position)
            {
                var raw = _rawFrames.Dequeue();
                raw.CopyTo(payload[position..]);
                position += raw.Length;
            }
        }

        position += WriteCryptoFrames(space, payload[position..], frames);
        if (space.Space == QuicPacketNumberSpace.ApplicationData && _handshakeComplete || (space.Space == QuicPacketNumberSpace.ApplicationData && _role == QuicRole.Server))
        {
            position += _streams.WriteFrames(payload[position..], frames);
        }

        return position;
    }

    /// <summary>CRYPTO Frame { Type (i) = 0x06, Offset (i), Length (i), Crypto Data (..) } (RFC 9000 §19.6), lost bytes first.</summary>
    private static int WriteCryptoFrames(QuicPacketSpaceState space, Span<byte> payload, List<QuicSentFrame> frames)
    {
        int position = 0;
        var send = space.CryptoSend;
        while (true)
        {
            int room = payload.Length - position - (1 + 8 + 2);
            if (room < 16)
            {
                break;
            }

            if (!send.TryTakeRetransmission(room, out ulong offset, out int length, out _) &&
                !send.TryTakeNew(room, ulong.MaxValue, out offset, out length, out _))
            {
                break;
            }

            if (length == 0)
            {
                continue;
            }

            payload[position++] = (byte)QuicFrameType.CRYPTO;
            Varint.TryWrite(payload[position..], offset, out int n);
            position += n;
            Varint.TryWrite(payload[position..], (ulong)length, 2, out n);
            position += n;
            send.CopyTo(offset, payload.Slice(position, length));
            position += length;
            frames.Add(new QuicSentFrame(QuicFrameType.CRYPTO, 0, offset, length, false));
        }

        return position;
    }

    private int WriteClose(Span<byte> datagram, long now)
    {
        if (!_closePending)
        {
            return 0;
        }

        // RFC 9000 §10.2.3: the close goes in the highest space whose keys the peer surely has.
        int index = _spaces[2].CanSend && _handshakeComplete ? 2 : _spaces[1].CanSend ? 1 : 0;
        var space = _spaces[index];
        if (!space.CanSend)
        {
            _closePending = false;
            return 0;
        }

        int minimum = index == 0 && _role == QuicRole.Client ? MinimumInitialDatagram : 0;
        int written = BuildPacket(space, datagram, now, minimum, closeFrame: true);
        _closePending = false;
        return written;
    }

    private int WriteCloseFrame(Span<byte> payload, QuicPacketNumberSpace space)
    {
        int room = Math.Max(0, payload.Length - 32);
        int reasonLength = Math.Min(Encoding.UTF8.GetByteCount(_closeReason), room);
        Span<byte> reason = stackalloc byte[Math.Min(reasonLength, 256)];
        Encoding.UTF8.GetBytes(_closeReason.AsSpan(0, Math.Min(_closeReason.Length, reason.Length)), reason);
        int written;
        if (_closeIsApplication && space != QuicPacketNumberSpace.ApplicationData)
        {
            // RFC 9000 §10.2.3: an application close in Initial or Handshake packets becomes APPLICATION_ERROR with no reason.
            QuicFrameWriter.TryWriteConnectionClose(payload, (ulong)QuicTransportErrorCode.APPLICATION_ERROR, 0, [], out written);
        }
        else if (_closeIsApplication)
        {
            QuicFrameWriter.TryWriteApplicationClose(payload, _closeCode, reason, out written);
        }
        else
        {
            QuicFrameWriter.TryWriteConnectionClose(payload, _closeCode, _closeFrameType, reason, out written);
        }

        return written;
    }
}
