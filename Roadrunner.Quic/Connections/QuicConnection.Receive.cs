using System.Text;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;

namespace Roadrunner.Quic.Connections;

/// <summary>The receive path: datagram → packets → header protection → AEAD → frames (RFC 9000 §12, RFC 9001 §5).</summary>
public sealed partial class QuicConnection
{
    /// <summary>
    /// Processes one received UDP datagram, decrypting in place: its coalesced packets (RFC 9000 §12.2) each go
    /// through header protection removal, packet number recovery and AEAD opening; undecryptable packets are dropped
    /// silently (RFC 9001 §5). A frame-level fault closes the connection and is returned.
    /// </summary>
    /// <param name="datagram">The datagram; it is modified (decrypted in place).</param>
    /// <param name="info">Where it came from.</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <returns>No error, or the error the connection closed with.</returns>
    public QuicError Receive(Span<byte> datagram, QuicReceiveInfo info, long now)
    {
        if (_state is QuicConnectionState.Closed or QuicConnectionState.Draining || datagram.IsEmpty)
        {
            return default;
        }

        if (_state == QuicConnectionState.Closing)
        {
            // RFC 9000 §10.2.1: answer a peer that keeps sending with the close again, at an exponentially falling rate.
            if (++_packetsSinceClose >= _closeResendThreshold)
            {
                _closePending = true;
                _packetsSinceClose = 0;
                _closeResendThreshold *= 2;
            }

            return default;
        }

        _bytesReceived += datagram.Length;
        bool fromNewAddress = info.Remote is not null && !info.Remote.Equals(_remote);
        if (!_pathValidated && !fromNewAddress)
        {
            _pathBytesReceived += datagram.Length;
        }

        bool processed = false;
        bool nonProbing = false;
        int offset = 0;
        int connectionIdLength = _localIds.Count > 0 ? _localIds[0].Id.Length : _options.ConnectionIdLength;
        while (offset < datagram.Length && _state is QuicConnectionState.Handshaking or QuicConnectionState.Established)
        {
            if (!QuicPacketParser.TryParse(datagram, offset, connectionIdLength, out var header).IsNone)
            {
                break;
            }

            offset = header.PacketEnd;
            var error = ProcessPacket(datagram, header, now, ref processed, ref nonProbing);
            if (!error.IsNone)
            {
                CloseWithError(error, now);
                return error;
            }
        }

        if (!processed)
        {
            if (_role == QuicRole.Client && IsStatelessReset(datagram))
            {
                // RFC 9000 §10.3.1: the endpoint enters the draining period and ends the connection.
                EnterDraining((ulong)QuicTransportErrorCode.NO_ERROR, false, QuicConnectionErrors.StatelessReset, now);
            }

            return default;
        }

        if (fromNewAddress)
        {
            OnPeerAddressChange(info.Remote!, nonProbing, now);
            if (!_pathValidated)
            {
                _pathBytesReceived += datagram.Length;
            }
        }

        _local ??= info.Local;
        return default;
    }

    private QuicError ProcessPacket(Span<byte> datagram, in QuicPacketHeader header, long now, ref bool processed, ref bool nonProbing)
    {
        switch (header.Type)
        {
            case QuicPacketType.VersionNegotiation:
                OnVersionNegotiation(header);
                return default;
            case QuicPacketType.Retry:
                OnRetry(datagram[header.PacketStart..header.PacketEnd], header, now);
                return default;
            case QuicPacketType.Initial or QuicPacketType.Handshake or QuicPacketType.OneRtt:
                break;
            default:
                return default;
        }

        if (header.Version != QuicVersion.Version1 && header.IsLongHeader)
        {
            return default;
        }

        var space = _spaces[header.Type switch { QuicPacketType.Initial => 0, QuicPacketType.Handshake => 1, _ => 2 }];
        if (!space.CanReceive)
        {
            return default;
        }

        var packet = datagram[header.PacketStart..header.PacketEnd];
        int packetNumberOffset = header.PacketNumberOffset - header.PacketStart;
        if (!PacketProtection.TryRemoveHeaderProtection(packet, packetNumberOffset, space.ReadHeaderKey!, out int packetNumberLength, out uint truncated))
        {
            return default;
        }

        long largest = space.Ack.LargestReceived is { } l ? (long)l : QuicPacketNumber.None;
        long packetNumber = QuicPacketNumber.DecodePacketNumber(largest, truncated, packetNumberLength * 8);
        var key = space.ReadKey;
        bool isNextPhase = false;
        if (header.Type == QuicPacketType.OneRtt)
        {
            key = SelectReadKey((packet[0] & 0x04) != 0, packetNumber, out isNextPhase);
        }

        int headerLength = packetNumberOffset + packetNumberLength;
        if (key is null || !PacketProtection.TryOpen(packet, headerLength, (ulong)packetNumber, key))
        {
            // RFC 9001 §6.6: count forgeries against the integrity limit.
            if (++_failedDecryptions >= (_suite == 0 ? CipherSuite.TLS_AES_128_GCM_SHA256 : _suite).IntegrityLimit())
            {
                return QuicError.Of(QuicTransportErrorCode.AEAD_LIMIT_REACHED, QuicConnectionErrors.AeadLimit);
            }

            return default;
        }

        // RFC 9000 §17.2, §17.3.1: "An endpoint MUST treat receipt of a packet that has a non-zero value for these bits,
        // after removing both packet and header protection, as a connection error of type PROTOCOL_VIOLATION".
        if ((packet[0] & (header.IsLongHeader ? 0x0c : 0x18)) != 0)
        {
            return QuicError.Of(QuicTransportErrorCode.PROTOCOL_VIOLATION, QuicConnectionErrors.ReservedBits);
        }

        if (space.Ack.IsDuplicate((ulong)packetNumber))
        {
            return default;
        }

        if (isNextPhase)
        {
            var updateError = CommitPeerKeyUpdate(packetNumber);
            if (!updateError.IsNone)
            {
                return updateError;
            }
        }

        processed = true;
        _lastActivity = now;
        if (header.Type == QuicPacketType.Initial && _role == QuicRole.Client && !_receivedFirstPacket)
        {
            // RFC 9000 §7.2: the client switches to the server's chosen connection ID.
            _peerId = new QuicConnectionId(header.SourceConnectionId);
            _peerInitialSourceId = _peerId;
        }

        _receivedFirstPacket = true;
        if (header.Type == QuicPacketType.Handshake && _role == QuicRole.Server)
        {
            // RFC 9000 §8.1: a Handshake packet proves the client got our Initial; RFC 9001 §4.9.1: "a server MUST
            // discard Initial keys when it first successfully processes a Handshake packet".
            _addressValidated = true;
            DiscardSpace(QuicPacketNumberSpace.Initial, now);
        }

        var payload = packet[headerLength..^PacketKey.TagLength];
        var reader = new QuicFrameReader(payload, header.Type);
        bool ackEliciting = false;
        QuicError error;
        while (reader.TryReadFrame(out var frame, out error))
        {
            ackEliciting |= QuicFrameRules.IsAckEliciting(frame.RawType);
            nonProbing |= !QuicFrameRules.IsProbing(frame.RawType);
            var frameError = HandleFrame(frame, space, header.DestinationConnectionId, now);
            if (!frameError.IsNone)
            {
                return frameError;
            }

            if (_state is not (QuicConnectionState.Handshaking or QuicConnectionState.Established))
            {
                return default;
            }
        }

        if (!error.IsNone)
        {
            return error;
        }

        if (!space.Discarded)
        {
            space.Ack.OnPacketReceived((ulong)packetNumber, ackEliciting, now);
        }

        return default;
    }

    private void OnVersionNegotiation(in QuicPacketHeader header)
    {
        // RFC 9000 §6.2: a client that receives Version Negotiation before any other packet abandons the attempt,
        // unless the list holds the version it chose (then the packet is ignored).
        if (_role != QuicRole.Client || _receivedFirstPacket)
        {
            return;
        }

        for (int i = 0; i < header.SupportedVersionCount; i++)
        {
            if (header.GetSupportedVersion(i) == QuicVersion.Version1)
            {
                return;
            }
        }

        EnterClosed((ulong)QuicTransportErrorCode.NO_ERROR, QuicConnectionErrors.VersionNegotiation);
    }

    private void OnRetry(ReadOnlySpan<byte> packet, in QuicPacketHeader header, long now)
    {
        // RFC 9000 §17.2.5.2: a client accepts one Retry, before any other packet, with a valid integrity tag.
        if (_role != QuicRole.Client || _retryReceived || _receivedFirstPacket || header.Token.IsEmpty ||
            !RetryIntegrity.Verify(_originalDestinationId.Span, packet))
        {
            return;
        }

        _retryReceived = true;
        _retrySourceId = new QuicConnectionId(header.SourceConnectionId);
        _peerId = _retrySourceId.Value;
        _token = header.Token.ToArray();

        // RFC 9001 §5.2: Initial keys now derive from the new Destination Connection ID; the ClientHello goes again.
        InstallInitialKeys(_peerId);

        // RFC 9002 §6.3: congestion control and loss recovery restart; what the Initial packets carried is resent.
        _lostPackets.Clear();
        _recovery.OnRetryReceived(now, _lostPackets);
        HandleLost(now);
        _spaces[0].CryptoSend.RequeueUnacknowledged();
    }

    private QuicError HandleFrame(in QuicFrame frame, QuicPacketSpaceState space, ReadOnlySpan<byte> destinationId, long now)
    {
        switch (frame.Type)
        {
            case QuicFrameType.PADDING or QuicFrameType.PING:
                return default;
            case QuicFrameType.ACK or QuicFrameType.ACK_ECN:
                return OnAck(frame, space, now);
            case QuicFrameType.CRYPTO:
                return OnCrypto(space, frame.Offset, frame.Data, now);
            case QuicFrameType.NEW_TOKEN:
                return _role == QuicRole.Server
                    ? QuicError.ProtocolViolation((ulong)QuicFrameType.NEW_TOKEN, QuicConnectionErrors.NewTokenFromClient)
                    : default;
            case QuicFrameType.STREAM:
                return _streams.OnStreamFrame(frame.StreamId, frame.Offset, frame.Data, frame.IsFin);
            case QuicFrameType.RESET_STREAM:
                return _streams.OnResetStream(frame.StreamId, frame.ErrorCode, frame.FinalSize);
            case QuicFrameType.STOP_SENDING:
                return _streams.OnStopSending(frame.StreamId, frame.ErrorCode);
            case QuicFrameType.MAX_DATA:
                _streams.OnMaxData(frame.Limit);
                return default;
            case QuicFrameType.MAX_STREAM_DATA:
                return _streams.OnMaxStreamData(frame.StreamId, frame.Limit);
            case QuicFrameType.MAX_STREAMS_BIDI or QuicFrameType.MAX_STREAMS_UNI:
                _streams.OnMaxStreams(frame.IsBidirectional, frame.Limit);
                return default;
            case QuicFrameType.STREAM_DATA_BLOCKED:
                return _streams.OnStreamDataBlocked(frame.StreamId);
            case QuicFrameType.DATA_BLOCKED or QuicFrameType.STREAMS_BLOCKED_BIDI or QuicFrameType.STREAMS_BLOCKED_UNI:
                return default;
            case QuicFrameType.NEW_CONNECTION_ID:
                return OnNewConnectionId(frame);
            case QuicFrameType.RETIRE_CONNECTION_ID:
                return OnRetireConnectionId(frame.SequenceNumber, destinationId);
            case QuicFrameType.PATH_CHALLENGE:
                frame.Data.CopyTo(_responseData);
                _responsePending = true;
                return default;
            case QuicFrameType.PATH_RESPONSE:
                OnPathResponse(frame.Data);
                return default;
            case QuicFrameType.CONNECTION_CLOSE or QuicFrameType.CONNECTION_CLOSE_APPLICATION:
                EnterDraining(frame.ErrorCode, frame.Type == QuicFrameType.CONNECTION_CLOSE_APPLICATION, Encoding.UTF8.GetString(frame.ReasonPhrase), now);
                return default;
            case QuicFrameType.HANDSHAKE_DONE:
                if (_role == QuicRole.Server)
                {
                    return QuicError.ProtocolViolation((ulong)QuicFrameType.HANDSHAKE_DONE, QuicConnectionErrors.HandshakeDoneFromClient);
                }

                // RFC 9001 §4.1.2: "the TLS handshake is considered confirmed at the client when a HANDSHAKE_DONE frame is received".
                ConfirmHandshake(now);
                return default;
            default:
                return default;
        }
    }

    private QuicError OnAck(in QuicFrame frame, QuicPacketSpaceState space, long now)
    {
        Span<QuicAckRange> ranges = stackalloc QuicAckRange[64];
        int count = 0;
        foreach (var range in frame.GetAckRanges())
        {
            if (count == ranges.Length)
            {
                break;
            }

            ranges[count++] = range;
        }

        // RFC 9002 §5.3: the ACK Delay of Initial and Handshake ACKs is ignored.
        long ackDelay = 0;
        if (space.Space == QuicPacketNumberSpace.ApplicationData)
        {
            ackDelay = frame.AckDelay > (ulong.MaxValue >> 24) ? long.MaxValue / 2 : (long)Math.Min(frame.AckDelay << (int)_peerAckDelayExponent, long.MaxValue / 2);
        }

        _acknowledged.Clear();
        _lostPackets.Clear();
        var error = _recovery.OnAckReceived(space.Space, ranges[..count], ackDelay, now, _acknowledged, _lostPackets);
        if (!error.IsNone)
        {
            return error;
        }

        foreach (var packet in _acknowledged)
        {
            var packetSpace = _spaces[(int)packet.Space];
            foreach (var sent in packet.Frames)
            {
                OnFrameAcknowledged(sent, packetSpace);
            }

            if (packet.LargestAcknowledged is { } largest)
            {
                packetSpace.Ack.OnAckOfAckReceived(largest);
            }

            packetSpace.LargestAcknowledged = Math.Max(packetSpace.LargestAcknowledged, (long)packet.PacketNumber);
            if (packet.Space == QuicPacketNumberSpace.ApplicationData)
            {
                OnApplicationPacketAcknowledged(packet.PacketNumber);
            }

            ReturnPacket(packet);
        }

        _acknowledged.Clear();
        if (space.Space == QuicPacketNumberSpace.Handshake && _role == QuicRole.Client)
        {
            // RFC 9002 §6.2.2.1: an acknowledged Handshake packet shows the server validated our address.
            _recovery.PeerValidatedAddress = true;
        }

        HandleLost(now);
        return default;
    }

    private void OnFrameAcknowledged(in QuicSentFrame frame, QuicPacketSpaceState space)
    {
        switch (frame.Type)
        {
            case QuicFrameType.CRYPTO:
                space.CryptoSend.OnAcknowledged(frame.Offset, frame.Length, false);
                break;
            case QuicFrameType.STREAM or QuicFrameType.RESET_STREAM:
                _streams.OnFrameAcknowledged(frame);
                break;
        }
    }

    private void HandleLost(long now)
    {
        _ = now;
        foreach (var packet in _lostPackets)
        {
            var space = _spaces[(int)packet.Space];
            if (!space.Discarded)
            {
                foreach (var frame in packet.Frames)
                {
                    OnFrameLost(frame, space);
                }
            }

            ReturnPacket(packet);
        }

        _lostPackets.Clear();
    }

    private void OnFrameLost(in QuicSentFrame frame, QuicPacketSpaceState space)
    {
        switch (frame.Type)
        {
            case QuicFrameType.CRYPTO:
                space.CryptoSend.OnLost(frame.Offset, frame.Length, false);
                break;
            case QuicFrameType.HANDSHAKE_DONE:
                _handshakeDonePending = true;
                break;
            case QuicFrameType.NEW_CONNECTION_ID or QuicFrameType.RETIRE_CONNECTION_ID or QuicFrameType.PATH_CHALLENGE:
                OnIdFrameLost(frame);
                break;
            case QuicFrameType.PING or QuicFrameType.ACK:
                break;
            default:
                _streams.OnFrameLost(frame);
                break;
        }
    }

    private QuicError OnCrypto(QuicPacketSpaceState space, ulong offset, ReadOnlySpan<byte> data, long now)
    {
        var receive = space.CryptoReceive;
        ulong end = offset + (ulong)data.Length;

        // RFC 9000 §7.5: buffering is bounded; beyond it, CRYPTO_BUFFER_EXCEEDED.
        if (end > receive.ReadOffset + (ulong)_options.MaxCryptoBuffer)
        {
            return new QuicError(QuicTransportErrorCode.CRYPTO_BUFFER_EXCEEDED, (ulong)QuicFrameType.CRYPTO, QuicConnectionErrors.CryptoBufferExceeded);
        }

        receive.Insert(offset, data);
        var level = space.Space switch
        {
            QuicPacketNumberSpace.Initial => QuicEncryptionLevel.Initial,
            QuicPacketNumberSpace.Handshake => QuicEncryptionLevel.Handshake,
            _ => QuicEncryptionLevel.Application,
        };
        int read;
        while ((read = receive.Read(_cryptoScratch)) > 0)
        {
            var error = _tls.Receive(level, _cryptoScratch.AsSpan(0, read));
            if (!error.IsNone)
            {
                return error;
            }
        }

        DrainTls(now);
        return default;
    }
}
