using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.Connections;

/// <summary>Connection IDs (RFC 9000 §5.1) and path validation and migration (§8.2, §9).</summary>
public sealed partial class QuicConnection
{
    private readonly List<LocalConnectionId> _localIds = [];
    private readonly List<PeerIdEntry> _peerIds = [];
    private readonly Queue<ulong> _pendingRetire = new();
    private readonly Queue<QuicConnectionIdChange> _idChanges = new();
    private readonly byte[] _challengeData = new byte[8];
    private readonly byte[] _responseData = new byte[8];
    private ulong _nextLocalSequence;
    private ulong _peerRetirePriorTo;
    private int _peerActiveIdLimit = 2;
    private int _maxDatagramSize = 1200;
    private bool _challengePending;
    private bool _challengeOutstanding;
    private bool _responsePending;
    private bool _pathValidated = true;
    private long _pathBytesReceived;
    private long _pathBytesSent;

    private readonly record struct LocalConnectionId(ulong Sequence, QuicConnectionId Id, byte[] ResetToken, bool Announced);

    private readonly record struct PeerIdEntry(ulong Sequence, QuicConnectionId Id, byte[]? ResetToken);

    /// <summary>A connection ID this connection started or stopped answering to, for the endpoint's routing table.</summary>
    internal readonly record struct QuicConnectionIdChange(QuicConnectionId Id, bool Added);

    /// <summary>The connection IDs we issued and still answer to.</summary>
    public IEnumerable<QuicConnectionId> LocalConnectionIds => _localIds.Select(l => l.Id);

    internal bool TryTakeIdChange(out QuicConnectionIdChange change) => _idChanges.TryDequeue(out change);

    /// <summary>Whether a path validation is running (RFC 9000 §8.2).</summary>
    public bool IsValidatingPath => !_pathValidated;

    private void AddLocalId(QuicConnectionId id, ulong sequence)
    {
        _localIds.Add(new LocalConnectionId(sequence, id, DeriveResetToken(_resetKey, id.Span), Announced: sequence == 0));
        _nextLocalSequence = Math.Max(_nextLocalSequence, sequence + 1);
        _idChanges.Enqueue(new QuicConnectionIdChange(id, true));
    }

    /// <summary>Issues connection IDs up to the peer's active_connection_id_limit (RFC 9000 §5.1.1).</summary>
    private void IssueConnectionIds()
    {
        int target = Math.Min(_peerActiveIdLimit, _options.MaxIssuedConnectionIds);
        while (_localIds.Count < target)
        {
            var id = new QuicConnectionId(RandomNumberGenerator.GetBytes(_options.ConnectionIdLength));
            _localIds.Add(new LocalConnectionId(_nextLocalSequence++, id, DeriveResetToken(_resetKey, id.Span), Announced: false));
            _idChanges.Enqueue(new QuicConnectionIdChange(id, true));
        }
    }

    private bool HasPendingIdFrames()
    {
        if (_pendingRetire.Count > 0 || _challengePending || _responsePending)
        {
            return true;
        }

        foreach (var local in _localIds)
        {
            if (!local.Announced)
            {
                return true;
            }
        }

        return false;
    }

    private int WriteIdFrames(Span<byte> destination, List<Recovery.QuicSentFrame> sent)
    {
        int position = 0;
        int written;
        for (int i = 0; i < _localIds.Count; i++)
        {
            var local = _localIds[i];
            if (local.Announced)
            {
                continue;
            }

            if (!QuicFrameWriter.TryWriteNewConnectionId(destination[position..], local.Sequence, 0, local.Id.Span, local.ResetToken, out written))
            {
                break;
            }

            position += written;
            _localIds[i] = local with { Announced = true };
            sent.Add(new Recovery.QuicSentFrame(QuicFrameType.NEW_CONNECTION_ID, 0, local.Sequence, 0, false));
        }

        while (_pendingRetire.Count > 0 && QuicFrameWriter.TryWriteRetireConnectionId(destination[position..], _pendingRetire.Peek(), out written))
        {
            position += written;
            sent.Add(new Recovery.QuicSentFrame(QuicFrameType.RETIRE_CONNECTION_ID, 0, _pendingRetire.Dequeue(), 0, false));
        }

        if (_challengePending && QuicFrameWriter.TryWritePathChallenge(destination[position..], _challengeData, out written))
        {
            position += written;
            _challengePending = false;
            _challengeOutstanding = true;
            sent.Add(new Recovery.QuicSentFrame(QuicFrameType.PATH_CHALLENGE, 0, 0, 0, false));
        }

        if (_responsePending && QuicFrameWriter.TryWritePathResponse(destination[position..], _responseData, out written))
        {
            position += written;
            _responsePending = false;
        }

        return position;
    }

    private void OnIdFrameLost(in Recovery.QuicSentFrame frame)
    {
        switch (frame.Type)
        {
            case QuicFrameType.NEW_CONNECTION_ID:
                for (int i = 0; i < _localIds.Count; i++)
                {
                    if (_localIds[i].Sequence == frame.Offset)
                    {
                        _localIds[i] = _localIds[i] with { Announced = false };
                    }
                }

                break;
            case QuicFrameType.RETIRE_CONNECTION_ID:
                _pendingRetire.Enqueue(frame.Offset);
                break;
            case QuicFrameType.PATH_CHALLENGE when _challengeOutstanding && !_pathValidated:
                _challengePending = true;
                break;
        }
    }

    /// <summary>NEW_CONNECTION_ID (RFC 9000 §19.15).</summary>
    private QuicError OnNewConnectionId(in QuicFrame frame)
    {
        if (_peerId.Length == 0)
        {
            return QuicError.ProtocolViolation((ulong)QuicFrameType.NEW_CONNECTION_ID, QuicConnectionErrors.NewConnectionIdZeroLength);
        }

        var id = new QuicConnectionId(frame.ConnectionId);
        foreach (var known in _peerIds)
        {
            if (known.Sequence == frame.SequenceNumber)
            {
                // §19.15: a repeat with the same ID is harmless; a different one is PROTOCOL_VIOLATION.
                return known.Id == id
                    ? default
                    : QuicError.ProtocolViolation((ulong)QuicFrameType.NEW_CONNECTION_ID, QuicConnectionErrors.NewConnectionIdConflict);
            }
        }

        if (frame.SequenceNumber < _peerRetirePriorTo)
        {
            // §19.15: an ID already retired by Retire Prior To is retired at once.
            _pendingRetire.Enqueue(frame.SequenceNumber);
            return default;
        }

        _peerIds.Add(new PeerIdEntry(frame.SequenceNumber, id, frame.StatelessResetToken.ToArray()));
        if (frame.RetirePriorTo > _peerRetirePriorTo)
        {
            _peerRetirePriorTo = frame.RetirePriorTo;
            for (int i = _peerIds.Count - 1; i >= 0; i--)
            {
                if (_peerIds[i].Sequence < _peerRetirePriorTo)
                {
                    _pendingRetire.Enqueue(_peerIds[i].Sequence);
                    bool current = _peerIds[i].Id == _peerId;
                    _peerIds.RemoveAt(i);
                    if (current)
                    {
                        SwitchPeerId();
                    }
                }
            }
        }

        // §5.1.1: "An endpoint that receives more connection IDs than its advertised active_connection_id_limit MUST
        // close the connection with an error of type CONNECTION_ID_LIMIT_ERROR".
        if (_peerIds.Count > Math.Max(2, _options.ActiveConnectionIdLimit))
        {
            return QuicError.Of(QuicTransportErrorCode.CONNECTION_ID_LIMIT_ERROR, QuicConnectionErrors.ConnectionIdLimit) with { FrameType = (ulong)QuicFrameType.NEW_CONNECTION_ID };
        }

        return default;
    }

    private void SwitchPeerId()
    {
        foreach (var candidate in _peerIds)
        {
            if (candidate.Id != _peerId)
            {
                _peerId = candidate.Id;
                return;
            }
        }
    }

    /// <summary>Uses a fresh peer connection ID (on migration, RFC 9000 §9.5), retiring the one in use.</summary>
    private void RotatePeerId()
    {
        for (int i = 0; i < _peerIds.Count; i++)
        {
            if (_peerIds[i].Id == _peerId && _peerIds.Count > 1)
            {
                _pendingRetire.Enqueue(_peerIds[i].Sequence);
                _peerIds.RemoveAt(i);
                _peerId = _peerIds[0].Id;
                return;
            }
        }
    }

    /// <summary>RETIRE_CONNECTION_ID (RFC 9000 §19.16).</summary>
    private QuicError OnRetireConnectionId(ulong sequence, ReadOnlySpan<byte> packetDestinationId)
    {
        if (sequence >= _nextLocalSequence)
        {
            return QuicError.ProtocolViolation((ulong)QuicFrameType.RETIRE_CONNECTION_ID, QuicConnectionErrors.RetireUnknownSequence);
        }

        for (int i = 0; i < _localIds.Count; i++)
        {
            if (_localIds[i].Sequence != sequence)
            {
                continue;
            }

            if (_localIds[i].Id.Span.SequenceEqual(packetDestinationId))
            {
                return QuicError.ProtocolViolation((ulong)QuicFrameType.RETIRE_CONNECTION_ID, QuicConnectionErrors.RetireCurrentId);
            }

            _idChanges.Enqueue(new QuicConnectionIdChange(_localIds[i].Id, false));
            _localIds.RemoveAt(i);
            if (_handshakeConfirmed)
            {
                IssueConnectionIds();
            }

            break;
        }

        return default;
    }

    /// <summary>Whether the trailing 16 bytes of a datagram are a stateless reset token the peer gave us (RFC 9000 §10.3.1).</summary>
    private bool IsStatelessReset(ReadOnlySpan<byte> datagram)
    {
        // §10.3: a stateless reset is at least 21 bytes and looks like a short header packet.
        if (datagram.Length < 21 || (datagram[0] & 0x80) != 0)
        {
            return false;
        }

        var tail = datagram[^QuicFrameReader.StatelessResetTokenLength..];
        foreach (var peer in _peerIds)
        {
            if (peer.ResetToken is { } token && CryptographicOperations.FixedTimeEquals(token, tail))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A packet from a new address (RFC 9000 §9.3): a non-probing packet moves the connection there at once, under
    /// the anti-amplification limit until PATH_CHALLENGE is answered; probing-only packets just get their answer.
    /// </summary>
    private void OnPeerAddressChange(IPEndPoint from, bool nonProbing, long now)
    {
        if (!nonProbing || !_handshakeConfirmed)
        {
            return;
        }

        _remote = from;
        _pathValidated = false;
        _pathBytesReceived = 0;
        _pathBytesSent = 0;
        RandomNumberGenerator.Fill(_challengeData);
        _challengePending = true;
        _challengeOutstanding = false;
        RotatePeerId();

        // RFC 9002 §9.4: a new path gets a fresh congestion controller and RTT estimate; our recovery keeps its
        // state, which only makes the first round trips on the new path more conservative.
        _lastActivity = now;
    }

    private void OnPathResponse(ReadOnlySpan<byte> data)
    {
        if (_challengeOutstanding && data.SequenceEqual(_challengeData))
        {
            _pathValidated = true;
            _challengeOutstanding = false;
        }
    }
}
