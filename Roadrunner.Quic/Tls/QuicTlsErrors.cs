namespace Roadrunner.Quic.Tls;

/// <summary>
/// The constant reasons of the <see cref="Errors.QuicError"/>s <see cref="QuicTlsHandshake.Receive"/> returns, each
/// naming the RFC rule the peer broke. The code is CRYPTO_ERROR plus the alert named here (RFC 9001 §4.8), except where
/// noted.
/// </summary>
public static class QuicTlsErrors
{
    /// <summary>unexpected_message: a message out of order, of an unknown type, or at the wrong encryption level.</summary>
    public const string MessageUnexpected = "RFC 8446 §4, RFC 9001 §4.1.3: handshake message out of order or at the wrong encryption level";

    /// <summary>unexpected_message: bytes left at an encryption level the handshake has moved past.</summary>
    public const string DataAfterKeyChange = "RFC 8446 §5.1: handshake data left at an encryption level the handshake has moved past";

    /// <summary>unexpected_message: a TLS KeyUpdate message, which QUIC forbids.</summary>
    public const string KeyUpdateForbidden = "RFC 9001 §6: TLS KeyUpdate message received";

    /// <summary>CRYPTO_BUFFER_EXCEEDED (not an alert): a handshake message longer than the configured limit.</summary>
    public const string MessageTooLarge = "RFC 9000 §7.5: handshake message longer than the configured limit";

    /// <summary>decode_error: a field out of its range, or lengths that do not add up.</summary>
    public const string MessageMalformed = "RFC 8446 §4: malformed handshake message";

    /// <summary>illegal_parameter: the same extension twice in one block.</summary>
    public const string ExtensionDuplicate = "RFC 8446 §4.2: extension repeated in one extension block";

    /// <summary>unsupported_extension: an extension response the client did not ask for.</summary>
    public const string ExtensionUnsolicited = "RFC 8446 §4.2: extension the client did not offer";

    /// <summary>illegal_parameter: pre_shared_key is not the last extension of the ClientHello.</summary>
    public const string PreSharedKeyNotLast = "RFC 8446 §4.2.11: pre_shared_key is not the last extension";

    /// <summary>illegal_parameter: legacy_compression_methods other than the single null method.</summary>
    public const string CompressionMethods = "RFC 8446 §4.1.2: legacy_compression_methods is not [0]";

    /// <summary>protocol_version: the peer does not offer or select TLS 1.3.</summary>
    public const string VersionNotTls13 = "RFC 8446 §4.2.1: peer does not speak TLS 1.3";

    /// <summary>illegal_parameter: a ServerHello selecting a version other than TLS 1.3.</summary>
    public const string VersionNotOffered = "RFC 8446 §4.2.1: ServerHello selects a version the client did not offer";

    /// <summary>handshake_failure: no cipher suite both sides support.</summary>
    public const string NoCipherSuite = "RFC 8446 §4.1.1: no cipher suite in common";

    /// <summary>illegal_parameter: a ServerHello selecting a cipher suite the client did not offer.</summary>
    public const string CipherSuiteNotOffered = "RFC 8446 §4.1.3: ServerHello selects a cipher suite the client did not offer";

    /// <summary>PROTOCOL_VIOLATION (not an alert): a ClientHello asking for middlebox compatibility mode.</summary>
    public const string SessionIdNotEmpty = "RFC 9001 §8.4: ClientHello with a non-empty legacy_session_id";

    /// <summary>illegal_parameter: the session ID echo differs from the client's (empty) session ID.</summary>
    public const string SessionIdMismatch = "RFC 8446 §4.1.3: legacy_session_id_echo differs from the client's";

    /// <summary>missing_extension: no quic_transport_parameters.</summary>
    public const string TransportParametersMissing = "RFC 9001 §8.2: quic_transport_parameters extension missing";

    /// <summary>no_application_protocol: ALPN absent (QUIC requires it).</summary>
    public const string ApplicationProtocolMissing = "RFC 9001 §8.1: no application protocol negotiated";

    /// <summary>no_application_protocol: no protocol both sides speak.</summary>
    public const string ApplicationProtocolNoOverlap = "RFC 7301 §3.2: no application protocol in common";

    /// <summary>illegal_parameter: the server selected a protocol the client did not offer.</summary>
    public const string ApplicationProtocolNotOffered = "RFC 7301 §3.1: server selected an application protocol the client did not offer";

    /// <summary>illegal_parameter: a server_name host_name that is empty or not an ASCII host name.</summary>
    public const string ServerNameInvalid = "RFC 6066 §3: server_name host_name is not an ASCII host name";

    /// <summary>missing_extension: no signature_algorithms in a certificate-authenticated handshake.</summary>
    public const string SignatureAlgorithmsMissing = "RFC 8446 §9.2: signature_algorithms extension missing";

    /// <summary>handshake_failure: the client accepts no signature scheme the server's certificate can make.</summary>
    public const string NoSignatureScheme = "RFC 8446 §4.4.2.2: client accepts no signature scheme of the server certificate";

    /// <summary>missing_extension: supported_groups or key_share missing.</summary>
    public const string KeyShareMissing = "RFC 8446 §9.2: supported_groups or key_share extension missing";

    /// <summary>handshake_failure: no key exchange group both sides support.</summary>
    public const string NoGroup = "RFC 8446 §4.1.1: no key exchange group in common";

    /// <summary>illegal_parameter: a key share repeated, for a group not offered, or not a valid public key.</summary>
    public const string KeyShareIllegal = "RFC 8446 §4.2.8: key share for a group not offered, repeated, or not a valid public key";

    /// <summary>illegal_parameter: the second ClientHello lacks exactly the key share the HelloRetryRequest asked for.</summary>
    public const string SecondClientHelloKeyShare = "RFC 8446 §4.1.4: second ClientHello without the requested key share";

    /// <summary>illegal_parameter: the cipher suite changed between HelloRetryRequest and ServerHello or ClientHellos.</summary>
    public const string CipherSuiteChanged = "RFC 8446 §4.1.4: cipher suite differs from the HelloRetryRequest's";

    /// <summary>unexpected_message: a second HelloRetryRequest.</summary>
    public const string HelloRetryRequestRepeated = "RFC 8446 §4.1.4: second HelloRetryRequest";

    /// <summary>illegal_parameter: a HelloRetryRequest that would not change the ClientHello, or asks for a bad group.</summary>
    public const string HelloRetryRequestIllegal = "RFC 8446 §4.1.4: HelloRetryRequest asks for no change or an unusable group";

    /// <summary>illegal_parameter: certificate_request_context not empty in the server's Certificate.</summary>
    public const string CertificateContextNotEmpty = "RFC 8446 §4.4.2: certificate_request_context is not empty";

    /// <summary>decode_error: a Certificate message with no certificate.</summary>
    public const string CertificateEmpty = "RFC 8446 §4.4.2.4: empty Certificate message";

    /// <summary>bad_certificate: a certificate that cannot be parsed.</summary>
    public const string CertificateUnreadable = "RFC 8446 §4.4.2: certificate cannot be parsed";

    /// <summary>bad_certificate: the certificate validation callback refused the chain.</summary>
    public const string CertificateRejected = "RFC 8446 §4.4.2.4: certificate chain not trusted";

    /// <summary>illegal_parameter: a CertificateVerify with a scheme the client did not offer.</summary>
    public const string SignatureSchemeNotOffered = "RFC 8446 §4.4.3: CertificateVerify scheme the client did not offer";

    /// <summary>decrypt_error: the CertificateVerify signature does not verify.</summary>
    public const string SignatureInvalid = "RFC 8446 §4.4.3: CertificateVerify signature does not verify";

    /// <summary>decrypt_error: the Finished verify_data is not the expected HMAC.</summary>
    public const string FinishedInvalid = "RFC 8446 §4.4.4: Finished verify_data mismatch";
}
