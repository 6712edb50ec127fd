using Roadrunner.Quic.Errors;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §20.1 (Transport Error Codes) and the CRYPTO_ERROR range.</summary>
[TestClass]
public sealed class Section20_ErrorCodeTests
{
    /// <summary>RFC 9000 §20.1: the codes have the RFC's values.</summary>
    [TestMethod]
    public void S20_1_CodeValues()
    {
        ((ulong)QuicTransportErrorCode.NO_ERROR).ShouldBe(0x00UL);
        ((ulong)QuicTransportErrorCode.FRAME_ENCODING_ERROR).ShouldBe(0x07UL);
        ((ulong)QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR).ShouldBe(0x08UL);
        ((ulong)QuicTransportErrorCode.PROTOCOL_VIOLATION).ShouldBe(0x0aUL);
        ((ulong)QuicTransportErrorCode.NO_VIABLE_PATH).ShouldBe(0x10UL);
        Enum.GetValues<QuicTransportErrorCode>().Length.ShouldBe(18);
    }

    /// <summary>RFC 9000 §20.1: "CRYPTO_ERROR (0x0100-0x01ff): The cryptographic handshake failed. A range of 256 values is reserved for carrying error codes specific to the cryptographic handshake that is used."</summary>
    [TestMethod]
    public void S20_1_CryptoErrorRange()
    {
        var code = QuicCryptoError.FromAlert(40); // handshake_failure
        ((ulong)code).ShouldBe(0x128UL);
        QuicCryptoError.IsCryptoError(code).ShouldBeTrue();
        QuicCryptoError.TryGetAlert(code, out byte alert).ShouldBeTrue();
        alert.ShouldBe((byte)40);
        QuicCryptoError.IsCryptoError((QuicTransportErrorCode)0x200).ShouldBeFalse();
        QuicCryptoError.TryGetAlert(QuicTransportErrorCode.PROTOCOL_VIOLATION, out _).ShouldBeFalse();
        QuicCryptoError.IsCryptoError(QuicCryptoError.FromAlert(255)).ShouldBeTrue();
    }
}
