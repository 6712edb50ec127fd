using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.Endpoints;

/// <summary>
/// The server side of a UDP port, sans-IO: routes datagrams to connections by Destination Connection ID, creates a
/// connection for each valid client Initial, answers unknown versions with Version Negotiation (RFC 9000 §6), can
/// demand a Retry round trip with address-bound tokens (§8.1.2), sends rate-limited stateless resets for packets of
/// unknown connections (§10.3), gives each confirmed client a NEW_TOKEN for its next connection and honours it (§8.1.3),
/// and hands out the datagrams of all connections in turn.
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
    private const int TokenNonceLength = 12;
    private const int TokenTagLength = 16;

    // RFC 9000 §8.1.3: "A server MUST ensure that tokens it sends in NEW_TOKEN frames are distinguishable from Retry
    // tokens"; the kind byte leads the token and is authenticated with it, so one kind can never pass for the other.
    private const byte RetryTokenKind = 0x52;
    private const byte NewTokenKind = 0x4e;
    private static readonly uint[] SupportedVersions = [QuicVersion.Version1];

    private readonly QuicServerEndpointOptions _options;
    private readonly QuicConnectionOptions _connectionOptions;
    private readonly byte[] _staticKey;
    private readonly AesGcm _tokenCipher;
    private readonly Dictionary<QuicConnectionId, QuicConnection> _routes = [];
    private readonly Dictionary<QuicConnection, QuicConnectionId> _initialRoutes = [];
    private readonly List<QuicConnection> _connections = [];
    private readonly Queue<(byte[] Buffer, int Length, IPEndPoint Remote)> _stateless = new();
    private readonly Queue<QuicServerEndpointEvent> _events = new();
    private readonly int _idLength;
    private int _sendIndex;
    private long _resetWindowStart;
    private int _resetsInWindow;

    /// <summary>Creates an endpoint.</summary>
    public QuicServerEndpoint(QuicServerEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _staticKey = options.StaticKey ?? RandomNumberGenerator.GetBytes(32);
        _connectionOptions = options.Connection with { StatelessResetKey = _staticKey };
        _idLength = _connectionOptions.ConnectionIdLength;
        Span<byte> tokenKey = stackalloc byte[32];
        HMACSHA256.HashData(_staticKey, "retry token key"u8, tokenKey);
        _tokenCipher = new AesGcm(tokenKey, TokenTagLength);
    }

    /// <summary>The live connections.</summary>
    public IReadOnlyList<QuicConnection> Connections => _connections;

    /// <summary>Pulls the next endpoint event.</summary>
    public bool TryReadEvent(out QuicServerEndpointEvent endpointEvent) => _events.TryDequeue(out endpointEvent);

    /// <summary>
    /// Takes one datagram: hands it to its connection, or creates one for a client Initial of at least 1200 bytes
    /// (RFC 9000 §14.1), or answers statelessly. Never throws on wire input.
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
            // RFC 9000 §6.1: answer with Version Negotiation, only for datagrams large enough to be a first Initial.
            if (datagram.Length >= 1200)
            {
                QueueVersionNegotiation(header, info.Remote);
            }

            return;
        }

        if (header.Type == QuicPacketType.VersionNegotiation)
        {
            // RFC 9000 §6.1: only a client acts on Version Negotiation; a server drops it. Its connection IDs follow
            // RFC 8999 §5.1 (up to 255 bytes), so they must not reach the version 1 routing table.
            return;
        }

        var destination = new QuicConnectionId(header.DestinationConnectionId);
        if (_routes.TryGetValue(destination, out var connection))
        {
            Deliver(connection, datagram, info, now);
            return;
        }

        if (header.Type != QuicPacketType.Initial || datagram.Length < 1200 || _connections.Count >= _options.MaxConnections ||
            header.DestinationConnectionId.Length < 8)
        {
            // RFC 9000 §14.1: "A server MUST discard an Initial packet that is carried in a UDP datagram with a payload
            // that is smaller than the smallest allowed maximum datagram size of 1200 bytes"; §7.2: the first DCID is
            // at least 8 bytes.
            return;
        }

        var originalDestination = destination;
        QuicConnectionId? retrySource = null;
        bool validated = false;
        if (!header.Token.IsEmpty && TryOpenToken(header.Token, info.Remote, now, out byte kind, out var tokenOriginal, out var tokenRetrySource))
        {
            if (kind == RetryTokenKind && tokenRetrySource == destination)
            {
                originalDestination = tokenOriginal;
                retrySource = tokenRetrySource;
                validated = true;
            }
            else if (kind == NewTokenKind)
            {
                // RFC 9000 §8.1.3: a NEW_TOKEN token only proves the address; it says nothing of a Retry, so the
                // connection's original DCID stays this Initial's and no retry_source_connection_id is sent.
                validated = true;
            }
        }

        // RFC 9000 §8.1.3: "If the token is invalid, the server SHOULD proceed as if the client did not have a validated
        // address, including potentially sending a Retry"; an invalid, expired or foreign token is simply ignored.

        if (_options.RequireRetry && !validated)
        {
            QueueRetry(header, info.Remote, now);
            return;
        }

        var localId = new QuicConnectionId(RandomNumberGenerator.GetBytes(_idLength));
        connection = QuicConnection.CreateServer(
            _options.Tls,
            _connectionOptions,
            destination,
            originalDestination,
            new QuicConnectionId(header.SourceConnectionId),
            localId,
            retrySource,
            info.Remote,
            validated,
            now);
        _connections.Add(connection);
        _routes[destination] = connection;
        _initialRoutes[connection] = destination;
        _events.Enqueue(new QuicServerEndpointEvent(QuicServerEndpointEventKind.ConnectionAccepted, connection));
        Deliver(connection, datagram, info, now);
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

        if (connection.IsHandshakeConfirmed && _initialRoutes.Remove(connection, out var initial))
        {
            // The client's first Destination Connection ID routes only until the handshake is confirmed.
            _routes.Remove(initial);

            // RFC 9000 §8.1.3: once the handshake is confirmed, a token for the client's next connection from this
            // address, so that one can skip address validation.
            if (_options.IssueNewTokens)
            {
                connection.SendNewToken(SealToken(NewTokenKind, default, default, connection.RemoteAddress, now));
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

    /// <summary>The earliest deadline of all connections, microseconds; null when none.</summary>
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

            return earliest;
        }
    }

    /// <summary>Runs the timers that are due and removes closed connections.</summary>
    public void OnTimeout(long now)
    {
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            var connection = _connections[i];
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
        _connections.RemoveAt(index);
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

        _events.Enqueue(new QuicServerEndpointEvent(QuicServerEndpointEventKind.ConnectionRemoved, connection));
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
        var token = SealToken(RetryTokenKind, new QuicConnectionId(header.DestinationConnectionId), retrySource, remote, now);
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

    private byte[] SealToken(byte kind, QuicConnectionId original, QuicConnectionId retrySource, IPEndPoint remote, long now)
    {
        // Token = kind || nonce || AES-GCM(issue time, original DCID, retry SCID) || tag, with the kind and the client
        // address as associated data. A NEW_TOKEN token carries empty connection IDs.
        int plainLength = 8 + 1 + original.Length + 1 + retrySource.Length;
        var whole = new byte[1 + TokenNonceLength + plainLength + TokenTagLength];
        whole[0] = kind;
        var token = whole.AsSpan(1);
        var nonce = token[..TokenNonceLength];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[plainLength];
        BinaryPrimitives.WriteInt64BigEndian(plain, now);
        plain[8] = (byte)original.Length;
        original.Span.CopyTo(plain[9..]);
        plain[9 + original.Length] = (byte)retrySource.Length;
        retrySource.Span.CopyTo(plain[(10 + original.Length)..]);
        Span<byte> associated = stackalloc byte[33];
        associated[0] = kind;
        int associatedLength = 1 + WriteAddress(remote, associated[1..]);
        _tokenCipher.Encrypt(nonce, plain, token.Slice(TokenNonceLength, plainLength), token[(TokenNonceLength + plainLength)..], associated[..associatedLength]);
        return whole;
    }

    private bool TryOpenToken(ReadOnlySpan<byte> whole, IPEndPoint remote, long now, out byte kind, out QuicConnectionId original, out QuicConnectionId retrySource)
    {
        original = default;
        retrySource = default;
        kind = whole.IsEmpty ? (byte)0 : whole[0];
        if (kind is not (RetryTokenKind or NewTokenKind))
        {
            return false;
        }

        var token = whole[1..];
        int plainLength = token.Length - TokenNonceLength - TokenTagLength;
        if (plainLength < 10 || plainLength > 64)
        {
            return false;
        }

        Span<byte> plain = stackalloc byte[plainLength];
        Span<byte> associated = stackalloc byte[33];
        associated[0] = kind;
        int associatedLength = 1 + WriteAddress(remote, associated[1..]);
        try
        {
            _tokenCipher.Decrypt(token[..TokenNonceLength], token.Slice(TokenNonceLength, plainLength), token[^TokenTagLength..], plain, associated[..associatedLength]);
        }
        catch (CryptographicException)
        {
            return false;
        }

        long issued = BinaryPrimitives.ReadInt64BigEndian(plain);
        long lifetime = kind == NewTokenKind ? _options.NewTokenLifetime : _options.RetryTokenLifetime;
        if (now - issued > lifetime || issued > now)
        {
            return false;
        }

        int originalLength = plain[8];
        if (originalLength > 20 || 10 + originalLength > plainLength || plain[9 + originalLength] > 20 || 10 + originalLength + plain[9 + originalLength] != plainLength)
        {
            return false;
        }

        original = new QuicConnectionId(plain.Slice(9, originalLength));
        retrySource = new QuicConnectionId(plain[(10 + originalLength)..]);
        return true;
    }

    private static int WriteAddress(IPEndPoint remote, Span<byte> destination)
    {
        remote.Address.TryWriteBytes(destination, out int written);
        BinaryPrimitives.WriteUInt16BigEndian(destination[written..], (ushort)remote.Port);
        return written + 2;
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
        _tokenCipher.Dispose();
    }
}
