using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Recovery;
using Roadrunner.Quic.Streams;
using Roadrunner.Quic.Tls;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Quic.Connections;

/// <summary>
/// One QUIC connection, client or server (RFC 9000, RFC 9001, RFC 9002), sans-IO: datagrams in through
/// <see cref="Receive"/>, datagrams out through <see cref="Send"/>, time passed in, the next deadline out, events pulled
/// with <see cref="TryReadEvent"/>. Wire input never throws: a peer's fault closes the connection with the RFC code.
/// </summary>
/// <example>
/// <code>
/// var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost" }, null, serverAddress, now);
/// Span&lt;byte&gt; datagram = stackalloc byte[1500];
/// int n = client.Send(datagram, now, out var info);      // the first Initial, padded to 1200 bytes
/// // ... socket.SendTo(datagram[..n], info.Remote); on receipt: client.Receive(buffer, new(remote), now);
/// while (client.TryReadEvent(out var e)) { /* HandshakeCompleted, StreamReadable ... */ }
/// </code>
/// </example>
public sealed partial class QuicConnection : IDisposable
{
    private const int PtoCountForClosing = 3;

    private readonly QuicRole _role;
    private readonly QuicConnectionOptions _options;
    private readonly QuicTlsHandshake _tls;
    private readonly QuicLossRecovery _recovery;
    private readonly QuicPacketSpaceState[] _spaces;
    private readonly QuicStreamManager _streams;
    private readonly Queue<QuicConnectionEvent> _events = new();
    private readonly List<QuicSentPacket> _acknowledged = [];
    private readonly List<QuicSentPacket> _lostPackets = [];
    private readonly Stack<QuicSentPacket> _packetPool = new();
    private readonly byte[] _resetKey;
    private readonly byte[] _cryptoScratch = new byte[4096];

    private QuicConnectionState _state = QuicConnectionState.Handshaking;
    private IPEndPoint _remote;
    private IPEndPoint? _local;
    private QuicConnectionId _originalDestinationId;
    private QuicConnectionId _peerId;
    private QuicConnectionId _sourceId;
    private QuicConnectionId? _retrySourceId;
    private QuicConnectionId? _peerInitialSourceId;
    private byte[] _token = [];
    private byte[]? _newToken;
    private bool _newTokenPending;
    private byte[]? _receivedToken;
    private bool _receivedFirstPacket;
    private bool _retryReceived;

    private bool _handshakeComplete;
    private bool _handshakeConfirmed;
    private bool _peerParametersApplied;
    private bool _handshakeDonePending;
    private bool _addressValidated;
    private long _bytesReceived;
    private long _bytesSent;
    private long _idleTimeout;
    private long _lastActivity;
    private long _closeDeadline;
    private ulong _peerAckDelayExponent = 3;

    private ulong _closeCode;
    private ulong _closeFrameType;
    private bool _closeIsApplication;
    private string _closeReason = string.Empty;
    private bool _closePending;
    private int _packetsSinceClose;
    private int _closeResendThreshold = 1;

    private QuicConnection(QuicRole role, QuicConnectionOptions options, QuicTlsHandshake tls, IPEndPoint remote, long now)
    {
        _role = role;
        _options = options;
        _tls = tls;
        _remote = remote;
        _recovery = new QuicLossRecovery(options.Recovery);
        _recovery.PeerValidatedAddress = role == QuicRole.Server;
        _spaces = [new(QuicPacketNumberSpace.Initial), new(QuicPacketNumberSpace.Handshake), new(QuicPacketNumberSpace.ApplicationData)];
        _streams = new QuicStreamManager(role, options.Limits, (ulong)options.SendBufferLimit, _events);
        _resetKey = options.StatelessResetKey ?? RandomNumberGenerator.GetBytes(32);
        _idleTimeout = options.IdleTimeout;
        _lastActivity = now;
        _addressValidated = role == QuicRole.Client;
    }

    /// <summary>Client or server.</summary>
    public QuicRole Role => _role;

    /// <summary>Where the connection is in its life.</summary>
    public QuicConnectionState State => _state;

    /// <summary>True once the handshake completed (RFC 9001 §4.1.1).</summary>
    public bool IsHandshakeComplete => _handshakeComplete;

    /// <summary>True once the handshake is confirmed (RFC 9001 §4.1.2): HANDSHAKE_DONE sent (server) or received (client).</summary>
    public bool IsHandshakeConfirmed => _handshakeConfirmed;

    /// <summary>True once a packet from the peer was decrypted and accepted (RFC 9001 §5: anything else is dropped unread).</summary>
    internal bool HasReceivedPacket => _receivedFirstPacket;

    /// <summary>True when the connection is closed and can be forgotten.</summary>
    public bool IsClosed => _state == QuicConnectionState.Closed;

    /// <summary>The negotiated application protocol (ALPN), once known.</summary>
    public string? ApplicationProtocol => _tls.ApplicationProtocol;

    /// <summary>The server name the client asked for (SNI), once known.</summary>
    public string? ServerName => _tls.ServerName;

    /// <summary>The peer's address as currently validated and used.</summary>
    public IPEndPoint RemoteAddress => _remote;

    /// <summary>Loss recovery state, for telemetry and tests (RTT, congestion window, bytes in flight).</summary>
    public QuicLossRecovery Recovery => _recovery;

    /// <summary>The connection ID we currently send to.</summary>
    public QuicConnectionId PeerConnectionId => _peerId;

    /// <summary>Key phase of the 1-RTT keys we send with (RFC 9001 §6); flips with each key update.</summary>
    public bool KeyPhase => _writePhase;

    /// <summary>How many key updates completed (either side started them).</summary>
    public int KeyUpdateCount { get; private set; }

    /// <summary>
    /// Whether the peer's address is validated (RFC 9000 §8.1): always for a client; for a server once a token (Retry or
    /// NEW_TOKEN) proved it or a Handshake packet arrived. Until then a server sends at most three times what it received.
    /// </summary>
    public bool IsAddressValidated => _addressValidated;

    /// <summary>
    /// Client: the token of the last NEW_TOKEN frame the server sent (RFC 9000 §19.7), for the Token field of the first
    /// Initial of a later connection to the same server (<see cref="CreateClient"/>); null when none came.
    /// </summary>
    public ReadOnlyMemory<byte>? ReceivedToken => _receivedToken is null ? default(ReadOnlyMemory<byte>?) : _receivedToken.AsMemory();

    /// <summary>
    /// Server: queues one NEW_TOKEN frame (RFC 9000 §19.7) carrying <paramref name="token"/> in the next 1-RTT packet,
    /// resent if lost. The endpoint calls this once the handshake is confirmed (§8.1.3).
    /// </summary>
    /// <exception cref="InvalidOperationException">A client connection: §19.7 "Clients MUST NOT send NEW_TOKEN frames".</exception>
    /// <exception cref="ArgumentException">An empty token (§19.7: "The token MUST NOT be empty").</exception>
    public void SendNewToken(ReadOnlySpan<byte> token)
    {
        if (_role != QuicRole.Server)
        {
            throw new InvalidOperationException("RFC 9000 §19.7: clients MUST NOT send NEW_TOKEN frames.");
        }

        if (token.IsEmpty)
        {
            throw new ArgumentException("RFC 9000 §19.7: the token MUST NOT be empty.", nameof(token));
        }

        _newToken = token.ToArray();
        _newTokenPending = true;
    }

    /// <summary>Creates a client connection and queues its first Initial (RFC 9000 §7).</summary>
    /// <param name="tlsOptions">Server name, ALPN, certificate validation.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="remote">The server's address.</param>
    /// <param name="now">The current time, microseconds.</param>
    /// <param name="token">
    /// A token from a NEW_TOKEN frame of an earlier connection to this server (<see cref="ReceivedToken"/>), sent in the
    /// Token field of the first Initial so the server can skip address validation (RFC 9000 §8.1.3); null for none.
    /// </param>
    public static QuicConnection CreateClient(QuicTlsClientOptions tlsOptions, QuicConnectionOptions? options, IPEndPoint remote, long now, ReadOnlyMemory<byte>? token = null)
    {
        ArgumentNullException.ThrowIfNull(tlsOptions);
        ArgumentNullException.ThrowIfNull(remote);
        options ??= new QuicConnectionOptions();

        // RFC 9000 §7.2: the first Destination Connection ID is unpredictable and at least 8 bytes.
        var destination = new QuicConnectionId(RandomNumberGenerator.GetBytes(8));
        var source = new QuicConnectionId(RandomNumberGenerator.GetBytes(options.ConnectionIdLength));
        var parameters = LocalParameters(options, source) with { };
        var tls = QuicTlsHandshake.CreateClient(tlsOptions, parameters);
        var connection = new QuicConnection(QuicRole.Client, options, tls, remote, now)
        {
            _originalDestinationId = destination,
            _peerId = destination,
            _token = token is { } value ? value.ToArray() : [],
        };
        connection._sourceId = source;
        connection.AddLocalId(source, sequence: 0);
        connection.InstallInitialKeys(destination);
        tls.Start();
        connection.DrainTls(now);
        return connection;
    }

    /// <summary>
    /// Creates a server connection for a client's first Initial (the endpoint calls this; RFC 9000 §7.2).
    /// </summary>
    /// <param name="tlsOptions">Certificate and ALPN.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <param name="initialDestinationId">The Destination Connection ID of the Initial being answered (keys derive from it).</param>
    /// <param name="originalDestinationId">The client's very first Destination Connection ID (before any Retry).</param>
    /// <param name="clientSourceId">The client's Source Connection ID.</param>
    /// <param name="localId">The connection ID this server chose for itself.</param>
    /// <param name="retrySourceId">The Source Connection ID of the Retry sent, when one was.</param>
    /// <param name="remote">The client's address.</param>
    /// <param name="addressValidated">Whether a Retry token already validated the address (RFC 9000 §8.1.2).</param>
    /// <param name="now">The current time, microseconds.</param>
    public static QuicConnection CreateServer(
        QuicTlsServerOptions tlsOptions,
        QuicConnectionOptions? options,
        QuicConnectionId initialDestinationId,
        QuicConnectionId originalDestinationId,
        QuicConnectionId clientSourceId,
        QuicConnectionId localId,
        QuicConnectionId? retrySourceId,
        IPEndPoint remote,
        bool addressValidated,
        long now)
    {
        ArgumentNullException.ThrowIfNull(tlsOptions);
        ArgumentNullException.ThrowIfNull(remote);
        options ??= new QuicConnectionOptions();
        var resetKey = options.StatelessResetKey ?? RandomNumberGenerator.GetBytes(32);
        options = options with { StatelessResetKey = resetKey };
        var parameters = LocalParameters(options, localId) with
        {
            OriginalDestinationConnectionId = originalDestinationId,
            RetrySourceConnectionId = retrySourceId,
            StatelessResetToken = new QuicStatelessResetToken(DeriveResetToken(resetKey, localId.Span)),
        };
        var tls = QuicTlsHandshake.CreateServer(tlsOptions, parameters);
        var connection = new QuicConnection(QuicRole.Server, options, tls, remote, now)
        {
            _originalDestinationId = originalDestinationId,
            _peerId = clientSourceId,
            _peerInitialSourceId = clientSourceId,
            _retrySourceId = retrySourceId,
            _addressValidated = addressValidated,
        };
        connection._sourceId = localId;
        connection.AddLocalId(localId, sequence: 0);
        connection.InstallInitialKeys(initialDestinationId);
        return connection;
    }

    private static QuicTransportParameters LocalParameters(QuicConnectionOptions options, QuicConnectionId source) => new()
    {
        InitialSourceConnectionId = source,
        MaxIdleTimeout = (ulong)(options.IdleTimeout / 1000),
        InitialMaxData = options.Limits.MaxData,
        InitialMaxStreamDataBidiLocal = options.Limits.MaxStreamDataBidiLocal,
        InitialMaxStreamDataBidiRemote = options.Limits.MaxStreamDataBidiRemote,
        InitialMaxStreamDataUni = options.Limits.MaxStreamDataUni,
        InitialMaxStreamsBidi = options.Limits.MaxStreamsBidi,
        InitialMaxStreamsUni = options.Limits.MaxStreamsUni,
        ActiveConnectionIdLimit = (ulong)Math.Max(2, options.ActiveConnectionIdLimit),
        MaxUdpPayloadSize = (ulong)Math.Max(1200, options.MaxDatagramSize),
    };

    /// <summary>Pulls the next event, oldest first; false when none is waiting.</summary>
    public bool TryReadEvent(out QuicConnectionEvent connectionEvent) => _events.TryDequeue(out connectionEvent);

    /// <summary>Opens a bidirectional stream if the peer's limit allows (RFC 9000 §4.6); false otherwise (STREAMS_BLOCKED is sent).</summary>
    public bool TryOpenBidirectionalStream(out ulong streamId) => TryOpen(true, out streamId);

    /// <summary>Opens a unidirectional stream if the peer's limit allows (RFC 9000 §4.6); false otherwise.</summary>
    public bool TryOpenUnidirectionalStream(out ulong streamId) => TryOpen(false, out streamId);

    private bool TryOpen(bool bidirectional, out ulong streamId)
    {
        if (_state is not (QuicConnectionState.Handshaking or QuicConnectionState.Established) || !_peerParametersApplied)
        {
            streamId = 0;
            return false;
        }

        return _streams.TryOpenStream(bidirectional, out streamId);
    }

    /// <summary>
    /// Buffers bytes on a stream, up to the send-buffer limit; returns how many were taken (a StreamWritable event
    /// follows when room comes back). <paramref name="fin"/> ends the stream once all of <paramref name="data"/> is taken.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream is receive-only or already finished.</exception>
    public int Write(ulong streamId, ReadOnlySpan<byte> data, bool fin) =>
        _state is QuicConnectionState.Handshaking or QuicConnectionState.Established ? _streams.Write(streamId, data, fin) : 0;

    /// <summary>Reads in-order bytes of a stream; <paramref name="fin"/> says the end was reached.</summary>
    public int Read(ulong streamId, Span<byte> destination, out bool fin) => _streams.Read(streamId, destination, out fin);

    /// <summary>Abandons sending on a stream with RESET_STREAM (RFC 9000 §19.4).</summary>
    public void ResetStream(ulong streamId, ulong applicationErrorCode) => _streams.ResetStream(streamId, applicationErrorCode);

    /// <summary>Asks the peer to stop sending on a stream with STOP_SENDING (RFC 9000 §19.5).</summary>
    public void StopSending(ulong streamId, ulong applicationErrorCode) => _streams.StopSending(streamId, applicationErrorCode);

    /// <summary>Closes the connection with an application error code (CONNECTION_CLOSE type 0x1d, RFC 9000 §10.2).</summary>
    public void Close(ulong applicationErrorCode, string reason = "")
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (_state is QuicConnectionState.Closing or QuicConnectionState.Draining or QuicConnectionState.Closed)
        {
            return;
        }

        EnterClosing(applicationErrorCode, 0, isApplication: true, reason, _lastActivity);
    }

    /// <summary>Closes with a transport error code chosen by the endpoint (RFC 9000 §10.2), e.g. CONNECTION_REFUSED.</summary>
    internal void CloseWithTransportError(QuicError error, long now) => CloseWithError(error, now);

    /// <summary>Closes with a transport error (a peer fault found while processing input).</summary>
    private void CloseWithError(QuicError error, long now)
    {
        if (_state is QuicConnectionState.Closing or QuicConnectionState.Draining or QuicConnectionState.Closed)
        {
            return;
        }

        EnterClosing((ulong)error.Code, error.FrameType, isApplication: false, error.Reason ?? string.Empty, now);
    }

    private void EnterClosing(ulong code, ulong frameType, bool isApplication, string reason, long now)
    {
        _closeCode = code;
        _closeFrameType = frameType;
        _closeIsApplication = isApplication;
        _closeReason = reason.Length > 256 ? reason[..256] : reason;
        _closePending = true;
        _state = QuicConnectionState.Closing;
        _closeDeadline = now + (PtoCountForClosing * ProbeTimeout());
        _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.ConnectionClosed, 0, code, isApplication, reason));
    }

    private void EnterDraining(ulong code, bool isApplication, string reason, long now)
    {
        bool wasClosing = _state == QuicConnectionState.Closing;
        _state = QuicConnectionState.Draining;
        _closePending = false;
        _closeDeadline = now + (PtoCountForClosing * ProbeTimeout());
        if (!wasClosing)
        {
            _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.ConnectionClosed, 0, code, isApplication, reason));
        }
    }

    private void EnterClosed(ulong code, string reason)
    {
        if (_state is not (QuicConnectionState.Closing or QuicConnectionState.Draining or QuicConnectionState.Closed))
        {
            _events.Enqueue(new QuicConnectionEvent(QuicConnectionEventKind.ConnectionClosed, 0, code, false, reason));
        }

        _state = QuicConnectionState.Closed;
        _closePending = false;
    }

    /// <summary>The PTO period without backoff (RFC 9002 §6.2.1), microseconds.</summary>
    private long ProbeTimeout()
    {
        var rtt = _recovery.Rtt;
        long pto = rtt.SmoothedRtt + Math.Max(4 * rtt.RttVariation, 1000);
        return _handshakeConfirmed ? pto + _recovery.PeerMaxAckDelay : pto;
    }

    /// <summary>The next time <see cref="OnTimeout"/> must run, microseconds; null when nothing is armed.</summary>
    public long? NextDeadline
    {
        get
        {
            if (_state == QuicConnectionState.Closed)
            {
                return null;
            }

            if (_state is QuicConnectionState.Closing or QuicConnectionState.Draining)
            {
                return _closeDeadline;
            }

            long deadline = long.MaxValue;
            if (_idleTimeout > 0)
            {
                deadline = IdleDeadline;
            }

            if (_recovery.LossDetectionDeadline is { } loss)
            {
                deadline = Math.Min(deadline, loss);
            }

            foreach (var space in _spaces)
            {
                if (space.CanSend && space.Ack.AckDeadline is { } ack)
                {
                    deadline = Math.Min(deadline, ack);
                }
            }

            if (_pacingDeadline is { } pacing)
            {
                deadline = Math.Min(deadline, pacing);
            }

            return deadline == long.MaxValue ? null : deadline;
        }
    }

    // RFC 9000 §10.1: the effective timeout is at least three PTOs, so a slow path does not close early.
    private long IdleDeadline => _lastActivity + Math.Max(_idleTimeout, 3 * ProbeTimeout());

    /// <summary>Runs what is due at <paramref name="now"/>: loss detection and probes, idle timeout, the end of closing or draining.</summary>
    public void OnTimeout(long now)
    {
        if (_state == QuicConnectionState.Closed)
        {
            return;
        }

        if (_state is QuicConnectionState.Closing or QuicConnectionState.Draining)
        {
            if (now >= _closeDeadline)
            {
                _state = QuicConnectionState.Closed;
            }

            return;
        }

        if (_idleTimeout > 0 && now >= IdleDeadline)
        {
            // RFC 9000 §10.1: the connection is silently closed and its state discarded.
            EnterClosed((ulong)QuicTransportErrorCode.NO_ERROR, QuicConnectionErrors.IdleTimeout);
            return;
        }

        if (_pacingDeadline is { } pacing && now >= pacing)
        {
            _pacingDeadline = null;
        }

        if (_recovery.LossDetectionDeadline is { } loss && now >= loss)
        {
            _lostPackets.Clear();
            var action = _recovery.OnLossDetectionTimeout(now, _lostPackets);
            HandleLost(now);
            if (action.ProbeSpace is { } probeSpace)
            {
                var space = _spaces[(int)probeSpace];
                if (space.CanSend)
                {
                    space.ProbesPending = Math.Max(space.ProbesPending, action.ProbeCount);

                    // RFC 9002 §6.2.4: a probe carries the oldest unacknowledged data when there is some.
                    space.CryptoSend.RequeueUnacknowledged();
                }
                else if (_spaces[(int)QuicPacketNumberSpace.Handshake].CanSend)
                {
                    _spaces[(int)QuicPacketNumberSpace.Handshake].ProbesPending = action.ProbeCount;
                }
                else if (_spaces[0].CanSend)
                {
                    _spaces[0].ProbesPending = action.ProbeCount;
                }
            }
        }
    }

    /// <summary>Returns the keys and buffers to their pools.</summary>
    public void Dispose()
    {
        foreach (var space in _spaces)
        {
            space.DisposeKeys();
        }

        DisposeApplicationKeys();
        _streams.Dispose();
        _tls.Dispose();
        _state = QuicConnectionState.Closed;
    }

    private QuicSentPacket RentPacket() => _packetPool.TryPop(out var packet) ? packet : new QuicSentPacket();

    private void ReturnPacket(QuicSentPacket packet)
    {
        packet.Reset();
        if (_packetPool.Count < 1024)
        {
            _packetPool.Push(packet);
        }
    }

    internal static byte[] DeriveResetToken(byte[] key, ReadOnlySpan<byte> connectionId)
    {
        // RFC 9000 §10.3.2: a token derived from a static key and the connection ID, so it can be recomputed statelessly.
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, connectionId, mac);
        return mac[..QuicStatelessResetToken.Length].ToArray();
    }
}
