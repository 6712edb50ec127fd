namespace Roadrunner.Quic.Tls;

/// <summary>The HandshakeType values of RFC 8446 §4 that a QUIC handshake without resumption meets.</summary>
internal enum TlsHandshakeType : byte
{
    /// <summary>client_hello(1).</summary>
    ClientHello = 1,

    /// <summary>server_hello(2), and the HelloRetryRequest that shares its type (RFC 8446 §4.1.4).</summary>
    ServerHello = 2,

    /// <summary>new_session_ticket(4): post-handshake, ignored (no resumption).</summary>
    NewSessionTicket = 4,

    /// <summary>end_of_early_data(5): forbidden in QUIC (RFC 9001 §8.3).</summary>
    EndOfEarlyData = 5,

    /// <summary>encrypted_extensions(8).</summary>
    EncryptedExtensions = 8,

    /// <summary>certificate(11).</summary>
    Certificate = 11,

    /// <summary>certificate_request(13): client certificates are not supported.</summary>
    CertificateRequest = 13,

    /// <summary>certificate_verify(15).</summary>
    CertificateVerify = 15,

    /// <summary>finished(20).</summary>
    Finished = 20,

    /// <summary>key_update(24): forbidden in QUIC (RFC 9001 §6).</summary>
    KeyUpdate = 24,

    /// <summary>message_hash(254): the synthetic message that replaces ClientHello1 after a HelloRetryRequest.</summary>
    MessageHash = 254,
}
