using Roadrunner.Quic;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.TransportParameters;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §18 (Transport Parameter Encoding), §18.2 (definitions) and the §7.3 / §7.4 rules on receipt.</summary>
[TestClass]
public sealed class Section18_TransportParameterTests
{
    private static readonly QuicConnectionId Scid = new([0x5c, 0x1d]);
    private static readonly QuicConnectionId Odcid = new([0x8, 0x3, 0x9, 0x4]);

    // id, length, value; initial_source_connection_id (0x0f) is always required.
    private static byte[] Params(params byte[][] entries) => [.. entries.SelectMany(e => e), 0x0f, 0x02, 0x5c, 0x1d];

    private static byte[] ServerParams(params byte[][] entries) => Params([.. entries, [0x00, 0x04, 0x8, 0x3, 0x9, 0x4]]);

    private static void ShouldFail(byte[] encoded, QuicRole sender, string reason)
    {
        var error = QuicTransportParametersCodec.TryDecode(encoded, sender, out var parameters);
        error.Code.ShouldBe(QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR);
        error.Reason.ShouldBe(reason);
        parameters.ShouldBeNull();
    }

    /// <summary>RFC 9000 §18.2: every parameter, encoded and decoded back to an equal record.</summary>
    [TestMethod]
    public void S18_2_AllParameters_RoundTrip()
    {
        var original = new QuicTransportParameters
        {
            OriginalDestinationConnectionId = Odcid,
            MaxIdleTimeout = 30_000,
            StatelessResetToken = new QuicStatelessResetToken(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()),
            MaxUdpPayloadSize = 1452,
            InitialMaxData = 1 << 20,
            InitialMaxStreamDataBidiLocal = 1 << 16,
            InitialMaxStreamDataBidiRemote = 1 << 17,
            InitialMaxStreamDataUni = 1 << 18,
            InitialMaxStreamsBidi = 100,
            InitialMaxStreamsUni = 1UL << 60,
            AckDelayExponent = 20,
            MaxAckDelay = (1 << 14) - 1,
            DisableActiveMigration = true,
            PreferredAddress = new QuicPreferredAddress(0x7f000001, 4433, UInt128.One, 4434, new QuicConnectionId([1, 2, 3]), new QuicStatelessResetToken(new byte[16])),
            ActiveConnectionIdLimit = 8,
            InitialSourceConnectionId = Scid,
            RetrySourceConnectionId = new QuicConnectionId([]),
        };
        var buffer = new byte[QuicTransportParametersCodec.GetEncodedLength(original)];
        QuicTransportParametersCodec.TryEncode(original, buffer, out int written).ShouldBeTrue();
        written.ShouldBe(buffer.Length);
        var error = QuicTransportParametersCodec.TryDecode(buffer, QuicRole.Server, out var decoded);
        error.IsNone.ShouldBeTrue(error.Reason);
        decoded.ShouldBe(original);
    }

    /// <summary>RFC 9000 §18.2: absent parameters take their defaults, and defaults are not sent.</summary>
    [TestMethod]
    public void S18_2_Defaults()
    {
        var defaults = new QuicTransportParameters { InitialSourceConnectionId = Scid };
        defaults.MaxUdpPayloadSize.ShouldBe(65527UL);
        defaults.AckDelayExponent.ShouldBe(3UL);
        defaults.MaxAckDelay.ShouldBe(25UL);
        defaults.ActiveConnectionIdLimit.ShouldBe(2UL);
        defaults.MaxIdleTimeout.ShouldBe(0UL);
        QuicTransportParametersCodec.GetEncodedLength(defaults).ShouldBe(4);
        QuicTransportParametersCodec.TryDecode(Params(), QuicRole.Client, out var decoded).IsNone.ShouldBeTrue();
        decoded.ShouldBe(defaults);
    }

    /// <summary>RFC 9000 §7.4.2: "An endpoint MUST ignore transport parameters that it does not support." §18.1: identifiers 31 * N + 27 are reserved to exercise that.</summary>
    [TestMethod]
    public void S18_1_UnknownAndGreaseParameters_AreIgnored()
    {
        byte[] encoded = Params([27, 0], [0x40, 58, 3, 1, 2, 3], [0x7f, 0xff, 1, 0], [0x11, 2, 0xff, 0xff], [0x40, 27, 0]);
        QuicTransportParametersCodec.TryDecode(encoded, QuicRole.Client, out var decoded).IsNone.ShouldBeTrue();
        decoded.ShouldBe(new QuicTransportParameters { InitialSourceConnectionId = Scid });
    }

    /// <summary>RFC 9000 §7.4: "An endpoint SHOULD treat receipt of duplicate transport parameters as a connection error of type TRANSPORT_PARAMETER_ERROR."</summary>
    [TestMethod]
    public void S7_4_DuplicateParameter_IsTransportParameterError()
    {
        ShouldFail(Params([0x04, 1, 5], [0x04, 1, 6]), QuicRole.Client, QuicErrors.TransportParameterDuplicate);
        ShouldFail(Params([0x0f, 0]), QuicRole.Client, QuicErrors.TransportParameterDuplicate);
    }

    /// <summary>RFC 9000 §18.2: "A server MUST treat receipt of any of these transport parameters as a connection error of type TRANSPORT_PARAMETER_ERROR" — original_destination_connection_id, preferred_address, retry_source_connection_id, stateless_reset_token from a client.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x00, 1, 7 })]
    [DataRow(new byte[] { 0x02, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [DataRow(new byte[] { 0x10, 1, 7 })]
    [DataRow(new byte[] { 0x0d, 0 })]
    public void S18_2_ServerOnlyParameterFromClient_IsTransportParameterError(byte[] entry)
    {
        ShouldFail(Params(entry), QuicRole.Client, QuicErrors.TransportParameterServerOnly);
    }

    /// <summary>RFC 9000 §18.2 value rules, each sent with the bad value.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x03, 2, 0x44, 0xaf }, QuicErrors.TransportParameterMaxUdpPayloadSizeTooSmall)]         // 1199: "Values below 1200 are invalid."
    [DataRow(new byte[] { 0x0a, 1, 21 }, QuicErrors.TransportParameterAckDelayExponentTooLarge)]                   // "Values above 20 are invalid."
    [DataRow(new byte[] { 0x0b, 4, 0x80, 0, 0x40, 0 }, QuicErrors.TransportParameterMaxAckDelayTooLarge)]          // 2^14: "Values of 2^14 or greater are invalid."
    [DataRow(new byte[] { 0x0e, 1, 1 }, QuicErrors.TransportParameterActiveConnectionIdLimitTooSmall)]             // "MUST be at least 2."
    [DataRow(new byte[] { 0x0e, 1, 0 }, QuicErrors.TransportParameterActiveConnectionIdLimitTooSmall)]
    [DataRow(new byte[] { 0x08, 8, 0xd0, 0, 0, 0, 0, 0, 0, 1 }, QuicErrors.TransportParameterMaxStreamsTooLarge)]  // 2^60 + 1 (§4.6).
    [DataRow(new byte[] { 0x09, 8, 0xd0, 0, 0, 0, 0, 0, 0, 1 }, QuicErrors.TransportParameterMaxStreamsTooLarge)]
    [DataRow(new byte[] { 0x02, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, QuicErrors.TransportParameterStatelessResetTokenLength)]
    [DataRow(new byte[] { 0x02, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, QuicErrors.TransportParameterStatelessResetTokenLength)]
    public void S18_2_InvalidValue_IsTransportParameterError(byte[] entry, string reason)
    {
        ShouldFail(ServerParams(entry), QuicRole.Server, reason);
    }

    /// <summary>RFC 9000 §18.2: "a server MUST NOT include a zero-length connection ID in this transport parameter. A client MUST treat a violation of these requirements as a connection error of type TRANSPORT_PARAMETER_ERROR."</summary>
    [TestMethod]
    public void S18_2_PreferredAddressWithEmptyConnectionId_IsTransportParameterError()
    {
        byte[] value = [.. new byte[4], 0, 0, .. new byte[16], 0, 0, 0, .. new byte[16]];
        ShouldFail(ServerParams([0x0d, (byte)value.Length, .. value]), QuicRole.Server, QuicErrors.TransportParameterPreferredAddressConnectionId);
    }

    /// <summary>RFC 9000 §18: malformed entries — a truncated header or value, a varint value not filling its length, a non-empty disable_active_migration, an over-long connection ID — are TRANSPORT_PARAMETER_ERROR.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x04 })]
    [DataRow(new byte[] { 0x04, 5, 1 })]
    [DataRow(new byte[] { 0x04, 2, 1, 2 })]
    [DataRow(new byte[] { 0x04, 1, 0x40 })]
    [DataRow(new byte[] { 0x04, 0 })]
    [DataRow(new byte[] { 0x0c, 1, 0 })]
    [DataRow(new byte[] { 0x0d, 3, 1, 2, 3 })]
    [DataRow(new byte[] { 0x10, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void S18_MalformedParameter_IsTransportParameterError(byte[] entry)
    {
        byte[] encoded = [0x00, 0x01, 0x08, 0x0f, 0x00, .. entry];
        ShouldFail(encoded, QuicRole.Server, QuicErrors.TransportParametersMalformed);
    }

    /// <summary>RFC 9000 §7.3: "An endpoint MUST treat the absence of the initial_source_connection_id transport parameter from either endpoint or the absence of the original_destination_connection_id transport parameter from the server as a connection error of type TRANSPORT_PARAMETER_ERROR."</summary>
    [TestMethod]
    public void S7_3_MissingConnectionIdParameters_AreTransportParameterErrors()
    {
        ShouldFail([0x04, 1, 5], QuicRole.Client, QuicErrors.TransportParameterInitialSourceMissing);
        ShouldFail(Params(), QuicRole.Server, QuicErrors.TransportParameterOriginalDestinationMissing);
    }

    /// <summary>Encoding values the RFC forbids is a programmer error; a span too small is reported.</summary>
    [TestMethod]
    public void S18_2_EncodingMisuse()
    {
        Should.Throw<ArgumentException>(() => QuicTransportParametersCodec.GetEncodedLength(new QuicTransportParameters { MaxUdpPayloadSize = 1199 }));
        Should.Throw<ArgumentException>(() => QuicTransportParametersCodec.GetEncodedLength(new QuicTransportParameters { ActiveConnectionIdLimit = 1 }));
        Should.Throw<ArgumentException>(() => QuicTransportParametersCodec.GetEncodedLength(new QuicTransportParameters { AckDelayExponent = 21 }));
        Should.Throw<ArgumentException>(() => QuicTransportParametersCodec.GetEncodedLength(new QuicTransportParameters { MaxAckDelay = 1 << 14 }));
        QuicTransportParametersCodec.TryEncode(new QuicTransportParameters { InitialSourceConnectionId = Scid }, new byte[3], out int written).ShouldBeFalse();
        written.ShouldBe(0);
    }
}
