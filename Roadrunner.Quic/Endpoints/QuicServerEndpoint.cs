using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.Endpoints;

/// <summary>
/// The server side of a UDP port, sans-IO: routes datagrams to connections by Destination Connection ID, creates a
/// connection for each valid client Initial, answers unknown versions with Version Negotiation (RFC 9000 §6), can
/// demand a Retry round trip with address-bound tokens (§8.1.2) always or only under load, sends rate-limited stateless
/// resets for packets of unknown connections (§10.3), gives each confirmed client a NEW_TOKEN for its next connection
/// and honours it (§8.1.3), and hands out the datagrams of all connections in turn. Handshakes in progress have their
/// own cap and a deadline, so Initials from spoofed addresses cannot crowd out real clients.
/// </summary>
/// <example>
/// <code>
/// var endpoint = new QuicServerEndpoint(new QuicServerEndpointOptions { Tls = new() { Certificate = cert } });
/// endpoint.Receive(datagram, new QuicReceiveInfo(remote), now);
/// while (endpoint.TryReadEvent(out var e)) { /* ConnectionAccepted: e.Connection */ }
/// int n;
/// while ((n = endpoint.Send(buffer, now, out var info)) > 0) socket.SendTo(buffer[..n], info.Remote);
/// </code>
/// </example>
public sealed class QuicServerEndpoint : IDisposable
{
    private const int StatelessQueueLimit = 64;
    private static readonly uint[] SupportedVersions = [QuicVersion.Version1];

    private readonly QuicServerEndpointOptions _options;
    private readonly QuicConnectionOptions _connectionOptions;
    private readonly byte[] _staticKey;
    private readonly QuicAddressTokens _tokens;
    private readonly Dictionary<QuicConnectionId, QuicConnection> _routes = [];
    private readonly Dictionary<QuicConnection, QuicConnectionId> _initialRoutes = [];

    /// <summary>The connections still in their handshake, with the time each must have completed it by.</summary>
    private readonly Dictionary<QuicConnection, long> _handshakes = [];
    private readonly List<QuicConnection> _connections = [];
    private readonly Queue<(byte[] Buffer, int Length, IPEndPoint Remote)> _stateless = new();
    private readonly Queue<QuicServerEndpointEvent> _events = new();
    private readonly int _idLength;
    private int _sendIndex;
    private long _resetWindowStart;
    private int _resetsInWindow;

    /// <summary>Creates an endpoint.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or a key is not 32 bytes.</exception>
    public QuicServerEndpoint(QuicServerEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _staticKey = options.StaticKey ?? RandomNumberGenerator.GetBytes(QuicServerEndpointOptions.KeyLength);
        _connectionOptions = options.Connection with { StatelessResetKey = _staticKey };
        _idLength = _connectionOptions.ConnectionIdLength;
        _tokens = new QuicAddressTokens(options.TokenKey ?? _staticKey);
    }

    /// <summary>The live connections.</summary>
    public IReadOnlyList<QuicConnection> Connections => _connections;

    /// <summary>How many connections are still in their handshake (counted under <see cref="QuicServerEndpointOptions.MaxHandshakes"/>).</summary>
    public int HandshakeCount => _handshakes.Count;

    /// <summary>Retry packets sent since the endpoint was made (RFC 9000 §17.2.5).</summary>
    public long RetriesSent { get; private set; }

    /// <summary>Connections dropped because their handshake did not complete within <see cref="QuicServerEndpointOptions.HandshakeTimeout"/>.</summary>
    public long HandshakesTimedOut { get; private set; }

    /// <summary>
    /// Client Initials dropped because <see cref="QuicServerEndpointOptions.MaxConnections"/> or
    /// <see cref="QuicServerEndpointOptions.MaxHandshakes"/> was reached, and handshakes refused on completion for the first.
    /// </summary>
    public long InitialsRefused { get; private set; }

    /// <summary>Datagrams waiting in the stateless answer queue; at most 64. For tests.</summary>
    internal int StatelessQueueCount => _stateless.Count;

    /// <summary>Entries in the connection ID routing table. For tests.</summary>
    internal int RouteCount => _routes.Count;

    /// <summary>Connections still routed by the client's first Destination Connection ID. For tests.</summary>
    internal int InitialRouteCount => _initialRoutes.Count;

    /// <summary>Pulls the next endpoint event.</summary>
    public bool TryReadEvent(out QuicServerEndpointEvent endpointEvent) => _events.TryDequeue(out endpointEvent);

    /// <summary>
    /// Takes one datagram: hands it to its connection, or creates one for a client Initial of at least 1200 bytes
    /// (RFC 9000 §14.1) that decrypts, or answers statelessly. Never throws on wire input.
    /// </summary>
    public void Receive(Span<byte> datagram, QuicReceiveInfo info, long now)
    {
        if (datagram.Length == 0 || info.Remote is null)
        {
            return;
        }

        if ((datagram[0] & 0x80) == 0)
        {
            ReceiveShort(datagram, info, now);
            return;
        }

        if (!QuicPacketParser.TryParse(datagram, 0, _idLength, out var header).IsNone)
        {
            return;
        }

        if (header.Type == QuicPacketType.UnsupportedVersion)
        {
            // RFC 9000 §6.1: answer with Version Negotiation, only for datagrams large enough to be a first Initial. The
            // answer echoes connection IDs of any length up to 255 bytes (RFC 8999 §6).
            if (datagram.Length >= 1200)
            {
                QueueVersionNegotiation(header, info.Remote);
            }

            return;
        }

        // RFC 9000 §6.1: "An endpoint MUST NOT send a Version Negotiation packet in response to receiving a Version
        // Negotiation packet", and a client never sends one to a server: it is dropped. Its connection IDs are those of
        // RFC 8999, up to 255 bytes, so they are not looked up either (§17.2: version 1 IDs are at most 20 bytes).
        if (header.Type == QuicPacketType.VersionNegotiation || header.DestinationConnectionId.Length > QuicConnectionId.MaxLength)
        {
            return;
        }

        var destination = new QuicConnectionId(header.DestinationConnectionId);
        if (_routes.TryGetValue(destination, out var connection))
        {
            Deliver(connection, datagram, info, now);
            return;
        }

        if (header.Type != QuicPacketType.Initial || datagram.Length < 1200 || header.DestinationConnectionId.Length < 8)
        {
            // RFC 9000 §14.1: "A server MUST discard an Initial packet that is carried in a UDP datagram with a payload
            // that is smaller than the smallest allowed maximum datagram size of 1200 bytes"; §7.2: the first DCID is
            // at least 8 bytes.
            return;
        }

        if (_connections.Count - _handshakes.Count >= _options.MaxConnections)
        {
            InitialsRefused++;
            return;
        }

        Accept(datagram, header, destination, info, now);
    }

    private void Accept(Span<byte> datagram, in QuicPacketHeader header, QuicConnectionId destination, QuicReceiveInfo info, long now)
    {
        var remote = info.Remote!;
        var originalDestination = destination;
        QuicConnectionId? retrySource = null;
        bool validated = false;
        if (!header.Token.IsEmpty &&
            _tokens.TryOpen(header.Token, remote, now, _options.RetryTokenLifetime, _options.NewTokenLifetime, out byte kind, out var tokenOriginal, out var tokenRetrySource))
        {
            if (kind == QuicAddressTokens.RetryKind && tokenRetrySource == destination)
            {
                originalDestination = tokenOriginal;
                retrySource = tokenRetrySource;
                validated = true;
            }
            else if (kind == QuicAddressTokens.NewTokenKind)
            {
                // RFC 9000 §8.1.3: a NEW_TOKEN token only proves the address; it says nothing of a Retry, so the
                // connection's original DCID stays this Initial's and no retry_source_connection_id is sent.
                validated = true;
            }
        }

        // RFC 9000 §8.1.3: "If the token is invalid, the server SHOULD proceed as if the client did not have a validated
        // address, including potentially sending a Retry"; an invalid, expired or foreign token is simply ignored.
        // §8.1.2: a Retry holds no state, so Initials from spoofed addresses stop at it; only a client that receives it
        // at its address can come back with the token.
        if (!validated && (_options.Retry == QuicRetryMode.Always || (_options.Retry == QuicRetryMode.UnderLoad && _handshakes.Count >= _options.RetryThreshold)))
        {
            QueueRetry(header, remote, now);
            return;
        }

        if (_handshakes.Count >= _options.MaxHandshakes)
        {
            InitialsRefused++;
            return;
        }

        var localId = new QuicConnectionId(RandomNumberGenerator.GetBytes(_idLength));
        var connection = QuicConnection.CreateServer(
            _options.Tls,
            _connectionOptions,
            destination,
            originalDestination,
            new QuicConnectionId(header.SourceConnectionId),
            localId,
            retrySource,
            remote,
            validated,
            now);
        _connections.Add(connection);
        _routes[destination] = connection;
        _initialRoutes[connection] = destination;
        _handshakes[connection] = now + _options.HandshakeTimeout;
        connection.Receive(datagram, info, now);
        if (!connection.HasReceivedPacket)
        {
            // RFC 9001 §5.2: Initial keys derive from the Destination Connection ID alone, so anyone can write an Initial
            // header; one whose payload does not open is discarded, and no connection is kept for it.
            Forget(_connections.Count - 1);
            return;
        }

        _events.Enqueue(new QuicServerEndpointEvent(QuicServerEndpointEventKind.ConnectionAccepted, connection));
        SyncRoutes(connection, now);
    }

    private void ReceiveShort(Span<byte> datagram, QuicReceiveInfo info, long now)
    {
        if (datagram.Length < 1 + _idLength)
        {
            return;
        }

        var destination = new QuicConnectionId(datagram.Slice(1, _idLength));
        if (_routes.TryGetValue(destination, out var connection))
        {
            Deliver(connection, datagram, info, now);
            return;
        }

        QueueStatelessReset(datagram, destination, info.Remote, now);
    }

    private void Deliver(QuicConnection connection, Span<byte> datagram, QuicReceiveInfo info, long now)
    {
        connection.Receive(datagram, info, now);
        SyncRoutes(connection, now);
    }

    private void SyncRoutes(QuicConnection connection, long now)
    {
        while (connection.TryTakeIdChange(out var change))
        {
            if (change.Added)
            {
                _routes[change.Id] = connection;
            }
            else if (_routes.TryGetValue(change.Id, out var owner) && owner == connection)
            {
                _routes.Remove(change.Id);
            }
        }

        if (connection.IsHandshakeComplete && _handshakes.Remove(connection) && _connections.Count - _handshakes.Count > _options.MaxConnections)
        {
            // Established connections are capped apart from handshakes; one that completes while the cap is full is
            // refused (RFC 9000 §20.1: "CONNECTION_REFUSED (0x02): The server refused to accept a new connection").
            InitialsRefused++;
            connection.CloseWithTransportError(QuicError.Of(QuicTransportErrorCode.CONNECTION_REFUSED, QuicConnectionErrors.ConnectionRefused), now);
        }

        if (connection.IsHandshakeConfirmed && _initialRoutes.Remove(connection, out var initial))
        {
            // The client's first Destination Connection ID routes only until the handshake is confirmed.
            _routes.Remove(initial);

            // RFC 9000 §8.1.3: once the handshake is confirmed, a token for the client's next connection from this
            // address, so that one can skip address validation.
            if (_options.IssueNewTokens)
            {
                connection.SendNewToken(_tokens.Seal(QuicAddressTokens.NewTokenKind, default, default, connection.RemoteAddress, now));
            }
        }
    }

    /// <summary>
    /// Fills one datagram: stateless answers first, then each connection in turn (round-robin). Returns its length and
    /// where to send it; 0 when nothing is due.
    /// </summary>
    public int Send(Span<byte> datagram, long now, out QuicSendInfo info)
    {
        if (_stateless.TryDequeue(out var pending))
        {
            pending.Buffer.AsSpan(0, pending.Length).CopyTo(datagram);
            info = new QuicSendInfo(pending.Remote);
            return pending.Length;
        }

        int count = _connections.Count;
        for (int i = 0; i < count; i++)
        {
            int index = (_sendIndex + i) % count;
            var connection = _connections[index];
            int written = connection.Send(datagram, now, out info);
            SyncRoutes(connection, now);
            if (written > 0)
            {
                _sendIndex = index + 1;
                return written;
            }
        }

        info = default;
        return 0;
    }

    /// <summary>The earliest deadline of all connections and handshakes, microseconds; null when none.</summary>
    public long? NextDeadline
    {
        get
        {
            long? earliest = null;
            foreach (var connection in _connections)
            {
                if (connection.NextDeadline is { } deadline && (earliest is null || deadline < earliest))
                {
                    earliest = deadline;
                }
            }

            foreach (long deadline in _handshakes.Values)
            {
                if (earliest is null || deadline < earliest)
                {
                    earliest = deadline;
                }
            }

            return earliest;
        }
    }

    /// <summary>
    /// Runs the timers that are due, drops the connections whose handshake ran out of time and removes closed ones.
    /// </summary>
    public void OnTimeout(long now)
    {
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            var connection = _connections[i];
            if (_handshakes.TryGetValue(connection, out long handshakeDeadline) && handshakeDeadline <= now)
            {
                // The handshake did not complete in time: the connection is forgotten without a word, as a server that
                // never saw it would (a spoofed client would not hear a close anyway), and its place is free.
                HandshakesTimedOut++;
                Remove(i);
                continue;
            }

            if (connection.NextDeadline is { } deadline && deadline <= now)
            {
                connection.OnTimeout(now);
                SyncRoutes(connection, now);
            }

            if (connection.IsClosed)
            {
                Remove(i);
            }
        }
    }

    private void Remove(int index)
    {
        var connection = _connections[index];
        Forget(index);
        _events.Enqueue(new QuicServerEndpointEvent(QuicServerEndpointEventKind.ConnectionRemoved, connection));
    }

    /// <summary>Drops a connection and every route to it, without an event.</summary>
    private void Forget(int index)
    {
        var connection = _connections[index];
        _connections.RemoveAt(index);
        _handshakes.Remove(connection);
        foreach (var id in connection.LocalConnectionIds)
        {
            _routes.Remove(id);
        }

        if (_initialRoutes.Remove(connection, out var initial))
        {
            _routes.Remove(initial);
        }

        while (connection.TryTakeIdChange(out _))
        {
        }

        connection.Dispose();
    }

    private void QueueVersionNegotiation(in QuicPacketHeader header, IPEndPoint remote)
    {
        if (_stateless.Count >= StatelessQueueLimit)
        {
            return;
        }

        var buffer = new byte[16 + header.SourceConnectionId.Length + header.DestinationConnectionId.Length];
        if (QuicPacketWriter.TryWriteVersionNegotiation(buffer, header.SourceConnectionId, header.DestinationConnectionId, SupportedVersions, out int written))
        {
            _stateless.Enqueue((buffer, written, remote));
        }
    }

    private void QueueRetry(in QuicPacketHeader header, IPEndPoint remote, long now)
    {
        if (_stateless.Count >= StatelessQueueLimit)
        {
            return;
        }

        var retrySource = new QuicConnectionId(RandomNumberGenerator.GetBytes(_idLength));
        var token = _tokens.Seal(QuicAddressTokens.RetryKind, new QuicConnectionId(header.DestinationConnectionId), retrySource, remote, now);
        var buffer = new byte[64 + token.Length + header.SourceConnectionId.Length + retrySource.Length];
        Span<byte> tag = stackalloc byte[RetryIntegrity.TagLength];
        if (!QuicPacketWriter.TryWriteRetry(buffer, QuicVersion.Version1, header.SourceConnectionId, retrySource.Span, token, tag, out int written))
        {
            return;
        }

        // RFC 9001 §5.8: the tag covers the pseudo-packet of the client's original DCID and the Retry without its tag.
        RetryIntegrity.ComputeTag(header.DestinationConnectionId, buffer.AsSpan(0, written - RetryIntegrity.TagLength), tag);
        tag.CopyTo(buffer.AsSpan(written - RetryIntegrity.TagLength));
        _stateless.Enqueue((buffer, written, remote));
        RetriesSent++;
    }

    private void QueueStatelessReset(ReadOnlySpan<byte> received, QuicConnectionId destination, IPEndPoint remote, long now)
    {
        // RFC 9000 §10.3.3: a reset must be smaller than the packet that triggered it (so two endpoints cannot loop),
        // and at least 21 bytes; a packet of 21 bytes or fewer gets none.
        if (received.Length <= 21 || _stateless.Count >= StatelessQueueLimit)
        {
            return;
        }

        if (now - _resetWindowStart >= 1_000_000)
        {
            _resetWindowStart = now;
            _resetsInWindow = 0;
        }

        if (++_resetsInWindow > _options.MaxStatelessResetsPerSecond)
        {
            return;
        }

        int length = Math.Min(received.Length - 1, 43);
        var buffer = new byte[length];
        RandomNumberGenerator.Fill(buffer);

        // §10.3: "Fixed Bit (1) = 1", header form 0, then unpredictable bits, the token in the last 16 bytes.
        buffer[0] = (byte)((buffer[0] & 0x3f) | 0x40);
        QuicConnection.DeriveResetToken(_staticKey, destination.Span).CopyTo(buffer.AsSpan(length - 16));
        _stateless.Enqueue((buffer, length, remote));
    }

    /// <summary>Disposes every connection and the token key.</summary>
    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        _routes.Clear();
        _handshakes.Clear();
        _initialRoutes.Clear();
        _tokens.Dispose();
    }
}
