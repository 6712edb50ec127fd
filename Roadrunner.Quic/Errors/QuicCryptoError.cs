namespace Roadrunner.Quic.Errors;

/// <summary>
/// The CRYPTO_ERROR range of RFC 9000 §20.1: codes 0x0100–0x01ff, whose low byte is the TLS alert that ended the
/// handshake (RFC 9001 §4.8: "A TLS alert is converted into a QUIC connection error. The AlertDescription value is
/// added to 0x0100 to produce a QUIC error code from the range reserved for CRYPTO_ERROR").
/// </summary>
public static class QuicCryptoError
{
    /// <summary>The first code of the range.</summary>
    public const ulong First = 0x0100;

    /// <summary>The last code of the range.</summary>
    public const ulong Last = 0x01ff;

    /// <summary>The transport error code that carries TLS alert <paramref name="alert"/>.</summary>
    public static QuicTransportErrorCode FromAlert(byte alert) => (QuicTransportErrorCode)(First + alert);

    /// <summary>True when <paramref name="code"/> lies in the CRYPTO_ERROR range.</summary>
    public static bool IsCryptoError(QuicTransportErrorCode code) => (ulong)code is >= First and <= Last;

    /// <summary>Gets the TLS alert a CRYPTO_ERROR code carries; false for a code outside the range.</summary>
    public static bool TryGetAlert(QuicTransportErrorCode code, out byte alert)
    {
        if (!IsCryptoError(code))
        {
            alert = 0;
            return false;
        }

        alert = (byte)((ulong)code - First);
        return true;
    }
}
