using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// The TLS 1.3 handshake as QUIC uses it (RFC 9001 over RFC 8446), sans-IO and for either role: handshake messages in
/// at an encryption level, CRYPTO bytes, traffic secrets and completion out as <see cref="QuicTlsEvent"/>s. No TLS
/// record layer: QUIC carries the messages in CRYPTO frames (RFC 9001 §4.1).
/// </summary>
/// <remarks>
/// Groups x25519 and secp256r1; signatures ecdsa_secp256r1_sha256 and rsa_pss_rsae_sha256; no session resumption, no
/// 0-RTT, no client certificates. A failure is a <see cref="QuicError"/> whose code is CRYPTO_ERROR (0x100 + the TLS
/// alert, RFC 9001 §4.8), or TRANSPORT_PARAMETER_ERROR for bad quic_transport_parameters; after one, the handshake
/// accepts nothing more.
/// </remarks>
/// <example>
/// <code>
/// var client = QuicTlsHandshake.CreateClient(new QuicTlsClientOptions { ServerName = "example.com" }, clientParameters);
/// var server = QuicTlsHandshake.CreateServer(new QuicTlsServerOptions { Certificate = certificate }, serverParameters);
/// client.Start();
/// while (client.TryReadEvent(out var e))
/// {
///     if (e is QuicTlsCryptoData data) { var error = server.Receive(data.Level, data.Data); }
/// }
/// </code>
/// </example>
public sealed partial class QuicTlsHandshake : IDisposable
{
    private readonly QuicRole _role;
    private readonly QuicTlsServerOptions? _serverOptions;
    private readonly QuicTlsClientOptions? _clientOptions;
    private readonly byte[] _localParameters;
    private readonly RandomNumberGenerator _random;
    private readonly int _maxMessageSize;
    private readonly Queue<QuicTlsEvent> _events = new();
    private readonly TlsMessageBuffer[] _buffers = [new(), new(), new(), new()];
    private readonly TlsTranscript _transcript = new();
    private State _state;
    private QuicError _failure;
    private TlsKeySchedule? _schedule;
    private CipherSuite? _cipherSuite;
    private string? _applicationProtocol;
    private string? _serverName;
    private QuicTransportParameters? _peerParameters;
    private byte[]? _clientHandshakeSecret;
    private byte[]? _serverHandshakeSecret;

    private QuicTlsHandshake(QuicRole role, QuicTlsServerOptions? serverOptions, QuicTlsClientOptions? clientOptions, QuicTransportParameters localParameters, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(localParameters);
        _role = role;
        _serverOptions = serverOptions;
        _clientOptions = clientOptions;
        _random = random;
        _maxMessageSize = serverOptions?.MaxHandshakeMessageSize ?? clientOptions!.MaxHandshakeMessageSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxMessageSize, 1, "MaxHandshakeMessageSize");
        _localParameters = new byte[QuicTransportParametersCodec.GetEncodedLength(localParameters)];
        QuicTransportParametersCodec.TryEncode(localParameters, _localParameters, out _);
    }

    private enum State
    {
        ClientIdle,
        ClientAwaitServerHello,
        ClientAwaitEncryptedExtensions,
        ClientAwaitCertificate,
        ClientAwaitCertificateVerify,
        ClientAwaitServerFinished,
        ServerAwaitClientHello,
        ServerAwaitSecondClientHello,
        ServerAwaitClientFinished,
        Complete,
    }

    /// <summary>Creates the server side; it waits for the client's ClientHello at the Initial level.</summary>
    /// <param name="options">Certificate, ALPN and cipher suites.</param>
    /// <param name="localParameters">The server's transport parameters, sent in EncryptedExtensions.</param>
    /// <exception cref="ArgumentException">
    /// The certificate has no private key or a key other than ECDSA P-256 or RSA; no cipher suite or application
    /// protocol is configured; the transport parameters hold a value RFC 9000 forbids.
    /// </exception>
    public static QuicTlsHandshake CreateServer(QuicTlsServerOptions options, QuicTransportParameters localParameters) =>
        CreateServer(options, localParameters, RandomNumberGenerator.Create());

    /// <summary>Creates the server side drawing its randomness from <paramref name="random"/>.</summary>
    internal static QuicTlsHandshake CreateServer(QuicTlsServerOptions options, QuicTransportParameters localParameters, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateLists(options.CipherSuites, options.ApplicationProtocols);
        var handshake = new QuicTlsHandshake(QuicRole.Server, options, null, localParameters, random)
        {
            _state = State.ServerAwaitClientHello,
        };
        handshake._signatureScheme = TlsSignature.SchemeOf(options.Certificate);
        return handshake;
    }

    /// <summary>Creates the client side; <see cref="Start"/> produces its ClientHello.</summary>
    /// <param name="options">Server name, ALPN, cipher suites and certificate validation.</param>
    /// <param name="localParameters">The client's transport parameters, sent in the ClientHello.</param>
    /// <exception cref="ArgumentException">
    /// No cipher suite or application protocol is configured, a protocol name is empty or longer than 255 bytes, or the
    /// transport parameters hold a value RFC 9000 forbids.
    /// </exception>
    public static QuicTlsHandshake CreateClient(QuicTlsClientOptions options, QuicTransportParameters localParameters) =>
        CreateClient(options, localParameters, RandomNumberGenerator.Create(), DefaultGroups, [TlsConstants.X25519]);

    /// <summary>
    /// Creates the client side with its randomness, the groups it lists in supported_groups and those it sends key
    /// shares for in its first ClientHello (a subset; empty asks the server for a HelloRetryRequest).
    /// </summary>
    internal static QuicTlsHandshake CreateClient(QuicTlsClientOptions options, QuicTransportParameters localParameters, RandomNumberGenerator random, ushort[] offeredGroups, ushort[] keyShareGroups)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateLists(options.CipherSuites, options.ApplicationProtocols);
        return new QuicTlsHandshake(QuicRole.Client, null, options, localParameters, random)
        {
            _state = State.ClientIdle,
            _serverName = options.ServerName,
            _offeredGroups = offeredGroups,
            _keyShareGroups = keyShareGroups,
        };
    }

    /// <summary>Which side this is.</summary>
    public QuicRole Role => _role;

    /// <summary>True once <see cref="QuicTlsHandshakeComplete"/> has been produced.</summary>
    public bool IsComplete => _state == State.Complete;

    /// <summary>The negotiated cipher suite, once the ServerHello is sent or received.</summary>
    public CipherSuite? CipherSuite => _cipherSuite;

    /// <summary>The negotiated application protocol, once known.</summary>
    public string? ApplicationProtocol => _applicationProtocol;

    /// <summary>The server name the client sent (server) or asked for (client); null when none.</summary>
    public string? ServerName => _serverName;

    /// <summary>
    /// The peer's transport parameters, decoded and validated by <see cref="QuicTransportParametersCodec"/>, as soon as
    /// they arrive (ClientHello on a server, EncryptedExtensions on a client); null before.
    /// </summary>
    public QuicTransportParameters? PeerTransportParameters => _peerParameters;

    /// <summary>The groups a client lists in supported_groups, most preferred first; also the server's preference.</summary>
    private static ushort[] DefaultGroups => [TlsConstants.X25519, TlsConstants.Secp256r1];

    /// <summary>
    /// Feeds CRYPTO stream bytes received at <paramref name="level"/>, in stream order (the connection reassembles
    /// CRYPTO frames first). Messages may arrive split across calls; partial ones are buffered up to the options'
    /// message-size limit. Returns <see cref="QuicError"/> with <see cref="QuicError.IsNone"/> true on success.
    /// </summary>
    /// <exception cref="InvalidOperationException">On a client, before <see cref="Start"/>.</exception>
    public QuicError Receive(QuicEncryptionLevel level, ReadOnlySpan<byte> data)
    {
        if (!_failure.IsNone)
        {
            return _failure;
        }

        if (_state == State.ClientIdle)
        {
            throw new InvalidOperationException("Start the client handshake before feeding it bytes.");
        }

        // RFC 9001 §4.1.3: 0-RTT carries no CRYPTO frames, and no other level exists.
        if (level is not (QuicEncryptionLevel.Initial or QuicEncryptionLevel.Handshake or QuicEncryptionLevel.Application))
        {
            return Fail(TlsAlert.Error(TlsAlert.UnexpectedMessage, QuicTlsErrors.MessageUnexpected));
        }

        var buffer = _buffers[(int)level];
        buffer.Append(data);
        while (true)
        {
            var pending = buffer.Pending;
            if (pending.Length < 4)
            {
                break;
            }

            // RFC 8446 §4: struct { HandshakeType msg_type; uint24 length; ... } Handshake. The type is judged as soon
            // as it is known, so a misplaced message is refused before its body is buffered.
            var type = (TlsHandshakeType)pending[0];
            int length = (pending[1] << 16) | (pending[2] << 8) | pending[3];
            if (!IsExpected(level, type))
            {
                return Fail(TlsAlert.Error(
                    TlsAlert.UnexpectedMessage,
                    type == TlsHandshakeType.KeyUpdate ? QuicTlsErrors.KeyUpdateForbidden : QuicTlsErrors.MessageUnexpected));
            }

            if (length > _maxMessageSize)
            {
                return Fail(QuicError.Of(QuicTransportErrorCode.CRYPTO_BUFFER_EXCEEDED, QuicTlsErrors.MessageTooLarge));
            }

            if (pending.Length < 4 + length)
            {
                break;
            }

            var error = Handle(type, pending[..(4 + length)]);
            buffer.Consume(4 + length);
            if (!error.IsNone)
            {
                return Fail(error);
            }

            // RFC 8446 §5.1: handshake messages "MUST NOT span key changes"; QUIC's levels are those keys.
            if (ExpectedLevel != level && !buffer.Pending.IsEmpty)
            {
                return Fail(TlsAlert.Error(TlsAlert.UnexpectedMessage, QuicTlsErrors.DataAfterKeyChange));
            }
        }

        return default;
    }

    /// <summary>Pulls the next event, oldest first; false when none is waiting.</summary>
    public bool TryReadEvent(out QuicTlsEvent? tlsEvent) => _events.TryDequeue(out tlsEvent);

    /// <summary>Zeroes the secrets still held and releases the ephemeral keys.</summary>
    public void Dispose()
    {
        _schedule?.Dispose();
        _schedule = null;
        ZeroAndForget(ref _clientHandshakeSecret);
        ZeroAndForget(ref _serverHandshakeSecret);
        ZeroAndForget(ref _expectedClientFinished);
        DisposeKeyShares();
    }

    private static void ValidateLists(IReadOnlyList<CipherSuite> suites, IReadOnlyList<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(protocols);
        if (suites.Count == 0)
        {
            throw new ArgumentException("At least one cipher suite is required.", nameof(suites));
        }

        foreach (var suite in suites)
        {
            _ = suite.HashLength();
        }

        // RFC 9001 §8.1: QUIC requires ALPN; RFC 7301 §3.1: ProtocolName<1..2^8-1>.
        if (protocols.Count == 0)
        {
            throw new ArgumentException("At least one application protocol is required.", nameof(protocols));
        }

        foreach (var protocol in protocols)
        {
            int bytes = System.Text.Encoding.ASCII.GetByteCount(protocol ?? string.Empty);
            if (bytes is 0 or > 255)
            {
                throw new ArgumentException("An application protocol name must be 1 to 255 bytes.", nameof(protocols));
            }
        }
    }

    private static void ZeroAndForget(ref byte[]? secret)
    {
        if (secret is not null)
        {
            CryptographicOperations.ZeroMemory(secret);
            secret = null;
        }
    }

    /// <summary>The level the next message is expected at; null when none is.</summary>
    private QuicEncryptionLevel? ExpectedLevel => _state switch
    {
        State.ClientAwaitServerHello or State.ServerAwaitClientHello or State.ServerAwaitSecondClientHello => QuicEncryptionLevel.Initial,
        State.ClientAwaitEncryptedExtensions or State.ClientAwaitCertificate or State.ClientAwaitCertificateVerify
            or State.ClientAwaitServerFinished or State.ServerAwaitClientFinished => QuicEncryptionLevel.Handshake,
        State.Complete when _role == QuicRole.Client => QuicEncryptionLevel.Application,
        _ => null,
    };

    /// <summary>The handshake state machine (RFC 8446 §A.1, §A.2) as a table: the one message each state accepts.</summary>
    private bool IsExpected(QuicEncryptionLevel level, TlsHandshakeType type) => level == ExpectedLevel && type == _state switch
    {
        State.ClientAwaitServerHello => TlsHandshakeType.ServerHello,
        State.ClientAwaitEncryptedExtensions => TlsHandshakeType.EncryptedExtensions,
        State.ClientAwaitCertificate => TlsHandshakeType.Certificate,
        State.ClientAwaitCertificateVerify => TlsHandshakeType.CertificateVerify,
        State.ClientAwaitServerFinished or State.ServerAwaitClientFinished => TlsHandshakeType.Finished,
        State.ServerAwaitClientHello or State.ServerAwaitSecondClientHello => TlsHandshakeType.ClientHello,

        // A client may be sent NewSessionTicket after the handshake; without resumption it is read and dropped.
        State.Complete => TlsHandshakeType.NewSessionTicket,
        _ => (TlsHandshakeType)0,
    };

    private QuicError Handle(TlsHandshakeType type, ReadOnlySpan<byte> message) => _state switch
    {
        State.ServerAwaitClientHello => HandleClientHello(message, second: false),
        State.ServerAwaitSecondClientHello => HandleClientHello(message, second: true),
        State.ServerAwaitClientFinished => HandleClientFinished(message),
        State.ClientAwaitServerHello => HandleServerHello(message),
        State.ClientAwaitEncryptedExtensions => HandleEncryptedExtensions(message),
        State.ClientAwaitCertificate => HandleCertificate(message),
        State.ClientAwaitCertificateVerify => HandleCertificateVerify(message),
        State.ClientAwaitServerFinished => HandleServerFinished(message),
        _ => default, // NewSessionTicket after completion: ignored.
    };

    private QuicError Fail(QuicError error)
    {
        _failure = error;
        return error;
    }

    private static QuicError Malformed() => TlsAlert.Error(TlsAlert.DecodeError, QuicTlsErrors.MessageMalformed);

    private static QuicError Alert(byte alert, string reason) => TlsAlert.Error(alert, reason);

    /// <summary>The transcript hash so far, under the negotiated suite's hash.</summary>
    private byte[] TranscriptHash()
    {
        var hash = new byte[_schedule!.HashLength];
        _transcript.Hash(_schedule.Hash, hash);
        return hash;
    }

    /// <summary>Writes the ALPN extension body: ProtocolNameList with the given names (RFC 7301 §3.1).</summary>
    private static void WriteApplicationProtocols(TlsWriter writer, IEnumerable<string> protocols)
    {
        writer.WriteUInt16(TlsExtensionType.ApplicationLayerProtocolNegotiation);
        int extension = writer.StartVector(2);
        int list = writer.StartVector(2);
        foreach (var protocol in protocols)
        {
            writer.WriteVector8(System.Text.Encoding.ASCII.GetBytes(protocol));
        }

        writer.EndVector(list, 2);
        writer.EndVector(extension, 2);
    }

    /// <summary>
    /// Reads ProtocolNameList (RFC 7301 §3.1: ProtocolName protocol_name_list&lt;2..2^16-1&gt;, each &lt;1..2^8-1&gt;);
    /// false when malformed.
    /// </summary>
    private static bool TryReadApplicationProtocols(ReadOnlySpan<byte> body, List<string> names)
    {
        var reader = new TlsReader(body);
        if (!reader.TryReadVector16(out var list) || reader.Remaining != 0 || list.IsEmpty)
        {
            return false;
        }

        var entries = new TlsReader(list);
        while (entries.Remaining > 0)
        {
            if (!entries.TryReadVector8(out var name) || name.IsEmpty)
            {
                return false;
            }

            names.Add(System.Text.Encoding.Latin1.GetString(name));
        }

        return true;
    }

    private void EmitSecrets(QuicEncryptionLevel level, byte[] read, byte[] write) =>
        _events.Enqueue(new QuicTlsSecrets(level, _cipherSuite!.Value, (byte[])read.Clone(), (byte[])write.Clone()));

    private static X509Certificate2? TryLoadCertificate(ReadOnlySpan<byte> data)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(data);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
