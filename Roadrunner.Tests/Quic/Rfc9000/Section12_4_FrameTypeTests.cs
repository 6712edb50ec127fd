using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §12.4 (Frames and Frame Types): Table 3's packet-type column, unknown types, encodings and empty payloads.</summary>
[TestClass]
public sealed class Section12_4_FrameTypeTests
{
    // One minimal valid body per frame type 0x00..0x1e, after the type byte.
    private static byte[] FrameOf(byte type) => type switch
    {
        0x00 or 0x01 or 0x1e => [type],
        0x02 => [type, 0, 0, 0, 0],
        0x03 => [type, 0, 0, 0, 0, 0, 0, 0],
        0x04 => [type, 0, 0, 0],
        0x05 or 0x11 or 0x15 => [type, 0, 0],
        0x06 => [type, 0, 1, 0xAA],
        0x07 => [type, 1, 0xAA],
        >= 0x08 and <= 0x0f => [type, 0, 0, 0, 0],
        0x10 or 0x12 or 0x13 or 0x14 or 0x16 or 0x17 or 0x19 => [type, 0],
        0x18 => [type, 0, 0, 1, 0xAA, .. new byte[16]],
        0x1a or 0x1b => [type, .. new byte[8]],
        0x1c => [type, 0, 0, 0],
        _ => [type, 0, 0],
    };

    // RFC 9000 Table 3, "Pkts" column, transcribed: I = Initial, H = Handshake, 0 = 0-RTT, 1 = 1-RTT.
    private static readonly string[] Table3 =
    [
        "IH01", "IH01", "IH_1", "IH_1", "__01", "__01", "IH_1", "___1",
        "__01", "__01", "__01", "__01", "__01", "__01", "__01", "__01",
        "__01", "__01", "__01", "__01", "__01", "__01", "__01", "__01",
        "__01", "__01", "__01", "___1", "IH01", "__01", "___1",
    ];

    /// <summary>RFC 9000 §12.4: "An endpoint MUST treat receipt of a frame in a packet type that is not permitted as a connection error of type PROTOCOL_VIOLATION." Every type in every packet type, against Table 3.</summary>
    [TestMethod]
    public void S12_4_Table3_IsEnforcedForEveryFrameAndPacketType()
    {
        var packetTypes = new[] { (QuicPacketType.Initial, 'I'), (QuicPacketType.Handshake, 'H'), (QuicPacketType.ZeroRtt, '0'), (QuicPacketType.OneRtt, '1') };
        for (byte type = 0; type <= 0x1e; type++)
        {
            foreach (var (packetType, letter) in packetTypes)
            {
                bool allowed = Table3[type].Contains(letter, StringComparison.Ordinal);
                QuicFrameRules.IsAllowed(type, packetType).ShouldBe(allowed, $"type 0x{type:x2} in {packetType}");
                var reader = new QuicFrameReader(FrameOf(type), packetType);
                bool read = reader.TryReadFrame(out _, out var error);
                read.ShouldBe(allowed, $"type 0x{type:x2} in {packetType}: {error.Reason}");
                if (!allowed)
                {
                    error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
                    error.Reason.ShouldBe(QuicErrors.FrameNotAllowedInPacketType);
                    error.FrameType.ShouldBe((ulong)type);
                }
            }
        }
    }

    /// <summary>RFC 9000 §12.4: "An endpoint MUST treat the receipt of a frame of unknown type as a connection error of type FRAME_ENCODING_ERROR."</summary>
    [TestMethod]
    [DataRow(new byte[] { 0x1f })]
    [DataRow(new byte[] { 0x40, 0x30 })]
    [DataRow(new byte[] { 0x80, 0x00, 0xff, 0x00 })]
    public void S12_4_UnknownFrameType_IsFrameEncodingError(byte[] payload)
    {
        var reader = new QuicFrameReader(payload, QuicPacketType.OneRtt);
        reader.TryReadFrame(out _, out var error).ShouldBeFalse();
        error.Code.ShouldBe(QuicTransportErrorCode.FRAME_ENCODING_ERROR);
        error.Reason.ShouldBe(QuicErrors.FrameTypeUnknown);
    }

    /// <summary>RFC 9000 §12.4: "An endpoint MAY treat the receipt of a frame type that uses a longer encoding than necessary as a connection error of type PROTOCOL_VIOLATION."</summary>
    [TestMethod]
    public void S12_4_FrameTypeNotMinimal_IsProtocolViolation()
    {
        var reader = new QuicFrameReader([0x40, 0x01], QuicPacketType.OneRtt);
        reader.TryReadFrame(out _, out var error).ShouldBeFalse();
        error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
        error.Reason.ShouldBe(QuicErrors.FrameTypeNotMinimal);
        error.FrameType.ShouldBe(0x01UL);
    }

    /// <summary>RFC 9000 §12.4: "An endpoint MUST treat receipt of a packet containing no frames as a connection error of type PROTOCOL_VIOLATION."</summary>
    [TestMethod]
    public void S12_4_EmptyPayload_IsProtocolViolation()
    {
        var reader = new QuicFrameReader([], QuicPacketType.Handshake);
        reader.TryReadFrame(out _, out var error).ShouldBeFalse();
        error.Code.ShouldBe(QuicTransportErrorCode.PROTOCOL_VIOLATION);
        error.Reason.ShouldBe(QuicErrors.PacketWithoutFrames);
    }

    /// <summary>RFC 9000 Table 3 "Spec" column: N (not ack-eliciting) and P (probing).</summary>
    [TestMethod]
    public void S12_4_Table3_SpecColumn()
    {
        var notAckEliciting = new ulong[] { 0x00, 0x02, 0x03, 0x1c, 0x1d };
        var probing = new ulong[] { 0x00, 0x18, 0x1a, 0x1b };
        for (ulong type = 0; type <= 0x1e; type++)
        {
            QuicFrameRules.IsAckEliciting(type).ShouldBe(!notAckEliciting.Contains(type), $"0x{type:x2}");
            QuicFrameRules.IsProbing(type).ShouldBe(probing.Contains(type), $"0x{type:x2}");
        }

        QuicFrameRules.IsAckEliciting(0x1f).ShouldBeFalse();
    }

    /// <summary>Retry and Version Negotiation packets carry no frames; asking to read frames from one is a programmer error.</summary>
    [TestMethod]
    public void S12_4_PacketTypesWithoutFrames_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new QuicFrameReader([1], QuicPacketType.Retry));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicFrameRules.IsAllowed(1, QuicPacketType.VersionNegotiation));
    }
}
