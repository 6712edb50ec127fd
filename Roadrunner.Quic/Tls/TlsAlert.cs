using Roadrunner.Quic.Errors;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// The TLS alerts the handshake ends with (RFC 8446 §6.2), and their conversion into a QUIC CRYPTO_ERROR
/// (RFC 9001 §4.8: 0x0100 + the AlertDescription).
/// </summary>
internal static class TlsAlert
{
    /// <summary>unexpected_message(10): a message out of order or at the wrong encryption level.</summary>
    public const byte UnexpectedMessage = 10;

    /// <summary>bad_certificate(42): the peer's certificate is corrupt or not trusted.</summary>
    public const byte BadCertificate = 42;

    /// <summary>handshake_failure(40): no acceptable set of parameters.</summary>
    public const byte HandshakeFailure = 40;

    /// <summary>illegal_parameter(47): a field is out of range or inconsistent with other fields.</summary>
    public const byte IllegalParameter = 47;

    /// <summary>decode_error(50): a message could not be decoded (a field out of its range, a bad length).</summary>
    public const byte DecodeError = 50;

    /// <summary>decrypt_error(51): a signature or Finished check failed.</summary>
    public const byte DecryptError = 51;

    /// <summary>protocol_version(70): the peer does not speak TLS 1.3.</summary>
    public const byte ProtocolVersion = 70;

    /// <summary>internal_error(80): a local failure unrelated to the peer.</summary>
    public const byte InternalError = 80;

    /// <summary>missing_extension(109): a mandatory extension is absent.</summary>
    public const byte MissingExtension = 109;

    /// <summary>unsupported_extension(110): an extension response the client did not solicit.</summary>
    public const byte UnsupportedExtension = 110;

    /// <summary>no_application_protocol(120): ALPN found no protocol both sides speak (RFC 7301 §3.2).</summary>
    public const byte NoApplicationProtocol = 120;

    /// <summary>The connection error that carries <paramref name="alert"/>.</summary>
    public static QuicError Error(byte alert, string reason) => QuicError.Of(QuicCryptoError.FromAlert(alert), reason);
}
