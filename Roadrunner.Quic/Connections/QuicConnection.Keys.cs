using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Streams;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Quic.Connections;

/// <summary>Keys: Initial keys (RFC 9001 §5.2), TLS secrets per level (§4.1.4), discarding (§4.9), key update (§6).</summary>
public sealed partial class QuicConnection
{
    private CipherSuite _suite;
    private byte[]? _applicationReadSecret;
    private byte[]? _applicationWriteSecret;
    private PacketKey? _nextReadKey;
    private PacketKey? _previousReadKey;
    private bool _readPhase;
    private bool _writePhase;
    private long _currentPhaseFirstPacket;
    private long _keyUpdateFirstPacket = -1;
    private ulong _packetsWithWriteKey;
    private ulong _failedDecryptions;

    private void InstallInitialKeys(QuicConnectionId destinationId)
    {
        Span<byte> client = stackalloc byte[KeySchedule.InitialSecretLength];
        Span<byte> server = stackalloc byte[KeySchedule.InitialSecretLength];
        KeySchedule.DeriveInitialSecrets(destinationId.Span, client, server);
        var space = _spaces[0];
        space.DisposeKeys();
        const CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        var read = _role == QuicRole.Client ? server : client;
        var write = _role == QuicRole.Client ? client : server;
        space.ReadKey = PacketKey.FromSecret(suite, read);
        space.ReadHeaderKey = HeaderProtectionKey.FromSecret(suite, read);
        space.WriteKey = PacketKey.FromSecret(suite, write);
        space.WriteHeaderKey = HeaderProtectionKey.FromSecret(suite, write);
        client.Clear();
        server.Clear();
    }

    /// <summary>Takes what the TLS handshake produced: CRYPTO bytes, secrets, completion.</summary>
    private void DrainTls(long now)
    {
        while (_tls.TryReadEvent(out var tlsEvent))
        {
            switch (tlsEvent)
            {
                case QuicTlsCryptoData data:
                    _spaces[SpaceIndex(data.Level)].CryptoSend.Append(data.Data, ulong.MaxValue);
                    break;
                case QuicTlsSecrets secrets:
                    InstallSecrets(secrets);
                    break;
                case QuicTlsHandshakeComplete:
                    OnHandshakeComplete(now);
                    break;
            }

            if (!_peerParametersApplied && _tls.PeerTransportParameters is not null)
            {
                var error = ApplyPeerParameters();
                if (!error.IsNone)
                {
                    CloseWithError(error, now);
                    return;
                }
            }
        }
    }

    private static int SpaceIndex(QuicEncryptionLevel level) => level switch
    {
        QuicEncryptionLevel.Initial => 0,
        QuicEncryptionLevel.Handshake => 1,
        _ => 2,
    };

    private void InstallSecrets(QuicTlsSecrets secrets)
    {
        _suite = secrets.CipherSuite;
        var space = _spaces[SpaceIndex(secrets.Level)];
        if (secrets.ReadSecret is { } read)
        {
            space.ReadKey?.Dispose();
            space.ReadHeaderKey?.Dispose();
            space.ReadKey = PacketKey.FromSecret(secrets.CipherSuite, read);
            space.ReadHeaderKey = HeaderProtectionKey.FromSecret(secrets.CipherSuite, read);
            if (secrets.Level == QuicEncryptionLevel.Application)
            {
                _applicationReadSecret = (byte[])read.Clone();
                _nextReadKey = PacketKey.FromSecret(_suite, NextSecret(_applicationReadSecret));
            }
        }

        if (secrets.WriteSecret is { } write)
        {
            space.WriteKey?.Dispose();
            space.WriteHeaderKey?.Dispose();
            space.WriteKey = PacketKey.FromSecret(secrets.CipherSuite, write);
            space.WriteHeaderKey = HeaderProtectionKey.FromSecret(secrets.CipherSuite, write);
            if (secrets.Level == QuicEncryptionLevel.Application)
            {
                _applicationWriteSecret = (byte[])write.Clone();
            }
        }
    }

    private byte[] NextSecret(byte[] secret)
    {
        var next = new byte[secret.Length];
        KeySchedule.DeriveNextSecret(_suite, secret, next);
        return next;
    }

    private void OnHandshakeComplete(long now)
    {
        if (_handshakeComplete)
        {
            return;
        }

        _handshakeComplete = true;
        if (_state == QuicConnectionState.Handshaking)
        {
            _state = QuicConnectionState.Established;
        }

        _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.HandshakeCompleted));
        if (_role == QuicRole.Server)
        {
            // RFC 9001 §4.1.2: "the TLS handshake is considered confirmed at the server when the handshake completes";
            // the server sends HANDSHAKE_DONE (RFC 9000 §19.20).
            _handshakeDonePending = true;
            ConfirmHandshake(now);
        }
    }

    private void ConfirmHandshake(long now)
    {
        if (_handshakeConfirmed)
        {
            return;
        }

        _handshakeConfirmed = true;
        _recovery.HandshakeConfirmed = true;
        _recovery.PeerValidatedAddress = true;

        // RFC 9001 §4.9.2: "An endpoint MUST discard its Handshake keys when the TLS handshake is confirmed".
        DiscardSpace(QuicPacketNumberSpace.Handshake, now);
        IssueConnectionIds();
    }

    private void DiscardSpace(QuicPacketNumberSpace which, long now)
    {
        var space = _spaces[(int)which];
        if (space.Discarded)
        {
            return;
        }

        space.Discarded = true;
        space.DisposeKeys();
        space.ProbesPending = 0;
        _lostPackets.Clear();
        _recovery.DiscardSpace(which, now, _lostPackets);
        foreach (var packet in _lostPackets)
        {
            ReturnPacket(packet);
        }

        _lostPackets.Clear();
    }

    /// <summary>
    /// Starts a key update (RFC 9001 §6.1): 1-RTT packets are sent with the next keys from now on. Allowed once the
    /// handshake is confirmed and the previous update was acknowledged; returns false otherwise.
    /// </summary>
    public bool InitiateKeyUpdate()
    {
        // RFC 9001 §6.1: "An endpoint MUST NOT initiate a key update prior to having confirmed the handshake", and
        // §6.5: not before a packet protected with the current keys was acknowledged.
        if (!_handshakeConfirmed || _applicationWriteSecret is null || _keyUpdateFirstPacket >= 0 || _writePhase != _readPhase ||
            _state != QuicConnectionState.Established)
        {
            return false;
        }

        UpdateWriteKey();
        _keyUpdateFirstPacket = _spaces[2].NextPacketNumber;
        return true;
    }

    private void UpdateWriteKey()
    {
        var space = _spaces[2];
        var next = NextSecret(_applicationWriteSecret!);
        Array.Clear(_applicationWriteSecret!);
        _applicationWriteSecret = next;
        space.WriteKey?.Dispose();
        space.WriteKey = PacketKey.FromSecret(_suite, next);
        _writePhase = !_writePhase;
        _packetsWithWriteKey = 0;
    }

    /// <summary>
    /// Chooses the read key for a 1-RTT packet by its Key Phase bit (RFC 9001 §6.3): the current key, the previous
    /// one for a late packet of the old phase, or the next one for a peer's update (tried, committed only on success).
    /// </summary>
    private PacketKey? SelectReadKey(bool phase, long packetNumber, out bool isNext)
    {
        isNext = false;
        var space = _spaces[2];
        if (phase == _readPhase)
        {
            return space.ReadKey;
        }

        if (_previousReadKey is not null && packetNumber < _currentPhaseFirstPacket)
        {
            return _previousReadKey;
        }

        isNext = true;
        return _nextReadKey;
    }

    private QuicError CommitPeerKeyUpdate(long packetNumber)
    {
        // RFC 9001 §6.2: a peer must not update before the handshake is confirmed (by it); a packet in a new phase
        // before we sent HANDSHAKE_DONE / received it is KEY_UPDATE_ERROR.
        if (!_handshakeConfirmed)
        {
            return QuicError.Of(QuicTransportErrorCode.KEY_UPDATE_ERROR, QuicConnectionErrors.KeyUpdateTooEarly);
        }

        var space = _spaces[2];
        _previousReadKey?.Dispose();
        _previousReadKey = space.ReadKey;
        space.ReadKey = _nextReadKey;
        var next = NextSecret(_applicationReadSecret!);
        Array.Clear(_applicationReadSecret!);
        _applicationReadSecret = next;
        _nextReadKey = PacketKey.FromSecret(_suite, NextSecret(next));
        _readPhase = !_readPhase;
        _currentPhaseFirstPacket = packetNumber;
        KeyUpdateCount++;
        if (_writePhase != _readPhase)
        {
            // RFC 9001 §6.2: the peer started it; we respond by updating our send keys too.
            UpdateWriteKey();
        }

        return default;
    }

    private void OnApplicationPacketAcknowledged(ulong packetNumber)
    {
        if (_keyUpdateFirstPacket >= 0 && (long)packetNumber >= _keyUpdateFirstPacket)
        {
            // RFC 9001 §6.5: an acknowledged packet of the new phase ends the update; another may start later.
            _keyUpdateFirstPacket = -1;
        }
    }

    private ulong KeyUpdateInterval => _options.KeyUpdateInterval ?? (_suite.ConfidentialityLimit() - 1024);

    private void DisposeApplicationKeys()
    {
        _nextReadKey?.Dispose();
        _previousReadKey?.Dispose();
        _nextReadKey = null;
        _previousReadKey = null;
        if (_applicationReadSecret is not null)
        {
            Array.Clear(_applicationReadSecret);
        }

        if (_applicationWriteSecret is not null)
        {
            Array.Clear(_applicationWriteSecret);
        }
    }

    private QuicError ApplyPeerParameters()
    {
        var peer = _tls.PeerTransportParameters!;
        _peerParametersApplied = true;

        // RFC 9000 §7.3: the connection IDs in the handshake must match those the packets carried.
        if (peer.InitialSourceConnectionId is not { } initialSource || _peerInitialSourceId is not { } used || initialSource != used)
        {
            return QuicError.TransportParameter(QuicConnectionErrors.InitialSourceMismatch);
        }

        if (_role == QuicRole.Client)
        {
            if (peer.OriginalDestinationConnectionId is not { } original || original != _originalDestinationId)
            {
                return QuicError.TransportParameter(QuicConnectionErrors.OriginalDestinationMismatch);
            }

            if (_retryReceived ? peer.RetrySourceConnectionId != _retrySourceId : peer.RetrySourceConnectionId is not null)
            {
                return QuicError.TransportParameter(QuicConnectionErrors.RetrySourceMismatch);
            }

            if (peer.StatelessResetToken is { } token)
            {
                _peerIds.Clear();
                _peerIds.Add(new PeerIdEntry(0, _peerId, token.ToArray()));
            }
        }

        _streams.SetPeerLimits(new QuicStreamLimits(
            peer.InitialMaxData,
            peer.InitialMaxStreamDataBidiLocal,
            peer.InitialMaxStreamDataBidiRemote,
            peer.InitialMaxStreamDataUni,
            peer.InitialMaxStreamsBidi,
            peer.InitialMaxStreamsUni));

        // RFC 9000 §10.1: the idle timeout is the minimum of both, where a 0 means none.
        long peerIdle = (long)Math.Min(peer.MaxIdleTimeout, long.MaxValue / 1000) * 1000;
        if (peerIdle > 0)
        {
            _idleTimeout = _idleTimeout > 0 ? Math.Min(_idleTimeout, peerIdle) : peerIdle;
        }

        _peerAckDelayExponent = peer.AckDelayExponent;
        _recovery.PeerMaxAckDelay = (long)peer.MaxAckDelay * 1000;
        _peerActiveIdLimit = (int)Math.Min(peer.ActiveConnectionIdLimit, 64);
        _maxDatagramSize = (int)Math.Min((ulong)_options.MaxDatagramSize, peer.MaxUdpPayloadSize);
        return default;
    }
}
