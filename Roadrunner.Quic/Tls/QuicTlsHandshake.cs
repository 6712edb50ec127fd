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
public sealed class QuicTlsHandshake
{
    private QuicTlsHandshake()
    {
    }

    /// <summary>Creates the server side; it waits for the client's ClientHello at the Initial level.</summary>
    /// <param name="options">Certificate, ALPN and cipher suites.</param>
    /// <param name="localParameters">The server's transport parameters, sent in EncryptedExtensions.</param>
    public static QuicTlsHandshake CreateServer(QuicTlsServerOptions options, QuicTransportParameters localParameters) =>
        throw new NotImplementedException();

    /// <summary>Creates the client side; <see cref="Start"/> produces its ClientHello.</summary>
    /// <param name="options">Server name, ALPN, cipher suites and certificate validation.</param>
    /// <param name="localParameters">The client's transport parameters, sent in the ClientHello.</param>
    public static QuicTlsHandshake CreateClient(QuicTlsClientOptions options, QuicTransportParameters localParameters) =>
        throw new NotImplementedException();

    /// <summary>Which side this is.</summary>
    public QuicRole Role => throw new NotImplementedException();

    /// <summary>Client only: queues the ClientHello as Initial CRYPTO data. Throws if called twice or on a server.</summary>
    public void Start() => throw new NotImplementedException();

    /// <summary>
    /// Feeds CRYPTO stream bytes received at <paramref name="level"/>, in stream order (the connection reassembles
    /// CRYPTO frames first). Messages may arrive split across calls; partial ones are buffered up to the options'
    /// message-size limit. Returns <see cref="QuicError"/> with <see cref="QuicError.IsNone"/> true on success.
    /// </summary>
    public QuicError Receive(QuicEncryptionLevel level, ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>Pulls the next event, oldest first; false when none is waiting.</summary>
    public bool TryReadEvent(out QuicTlsEvent? tlsEvent) => throw new NotImplementedException();

    /// <summary>True once <see cref="QuicTlsHandshakeComplete"/> has been produced.</summary>
    public bool IsComplete => throw new NotImplementedException();

    /// <summary>The negotiated cipher suite, once the ServerHello is sent or received.</summary>
    public CipherSuite? CipherSuite => throw new NotImplementedException();

    /// <summary>The negotiated application protocol, once known.</summary>
    public string? ApplicationProtocol => throw new NotImplementedException();

    /// <summary>The server name the client sent (server) or asked for (client); null when none.</summary>
    public string? ServerName => throw new NotImplementedException();

    /// <summary>
    /// The peer's transport parameters, decoded and validated by <see cref="QuicTransportParametersCodec"/>, as soon as
    /// they arrive (ClientHello on a server, EncryptedExtensions on a client); null before.
    /// </summary>
    public QuicTransportParameters? PeerTransportParameters => throw new NotImplementedException();
}
