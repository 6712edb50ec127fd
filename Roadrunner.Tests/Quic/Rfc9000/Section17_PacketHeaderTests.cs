using Roadrunner.Quic;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>
/// RFC 9000 §17 (Packet Formats) and RFC 8999 §5: parsing and writing long and short headers, using the unprotected
/// headers of RFC 9001 Appendix A verbatim.
/// </summary>
[TestClass]
public sealed class Section17_PacketHeaderTests
{
    // RFC 9001 §A.2: "The unprotected header indicates a length of 1182 bytes: c300000001088394c8f03e5157080000449e00000002".
    private const string ClientInitialHeader = "c300000001088394c8f03e5157080000449e00000002";

    // RFC 9001 §A.3: "The header from the server includes a new connection ID and a 2-byte packet number encoding for a packet number of 1: c1000000010008f067a5502a4262b50040750001".
    private const string ServerInitialHeader = "c1000000010008f067a5502a4262b50040750001";

    // RFC 9001 §A.4: the Retry packet "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba".
    private const string RetryPacket = "ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba";

    // RFC 9001 §A.5: "The unprotected header includes ... 4200bff4", a short header with an empty connection ID.
    private const string ShortHeader = "4200bff4";

    private static byte[] Packet(string headerHex, int payloadLength) => [.. Convert.FromHexString(headerHex), .. new byte[payloadLength]];

    private static QuicPacketError Parse(byte[] datagram, int shortDcidLength = 0) => QuicPacketParser.TryParse(datagram, 0, shortDcidLength, out _);

    /// <summary>RFC 9000 §17.2.2: the client Initial of RFC 9001 §A.2 — version 1, an 8-byte DCID, no SCID, no token, Length 1182, a 4-byte packet number.</summary>
    [TestMethod]
    public void S17_2_2_ClientInitial_Rfc9001A2_Parses()
    {
        var datagram = Packet(ClientInitialHeader, 1182 - 4);
        QuicPacketParser.TryParse(datagram, 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.Initial);
        header.IsLongHeader.ShouldBeTrue();
        header.Version.ShouldBe(QuicVersion.Version1);
        Convert.ToHexStringLower(header.DestinationConnectionId).ShouldBe("8394c8f03e515708");
        header.SourceConnectionId.Length.ShouldBe(0);
        header.Token.Length.ShouldBe(0);
        header.PacketNumberOffset.ShouldBe(18);
        header.PacketEnd.ShouldBe(18 + 1182);
        header.PacketLength.ShouldBe(datagram.Length);
        QuicPacketHeader.GetPacketNumberLength(header.FirstByte).ShouldBe(4);
        QuicPacketNumber.Read(datagram.AsSpan(header.PacketNumberOffset), 4).ShouldBe(2u);
    }

    /// <summary>The writer reproduces the RFC 9001 §A.2 header byte for byte.</summary>
    [TestMethod]
    public void S17_2_2_ClientInitial_Rfc9001A2_Writes()
    {
        var buffer = new byte[64];
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, Convert.FromHexString("8394c8f03e515708"), [], [], 2, 4, 1182 - 4, out int written).ShouldBeTrue();
        Convert.ToHexStringLower(buffer, 0, written).ShouldBe(ClientInitialHeader);
    }

    /// <summary>RFC 9001 §A.3: the server Initial — empty DCID, 8-byte SCID, Length 117, a 2-byte packet number — parses and writes.</summary>
    [TestMethod]
    public void S17_2_2_ServerInitial_Rfc9001A3_ParsesAndWrites()
    {
        var datagram = Packet(ServerInitialHeader, 117 - 2);
        QuicPacketParser.TryParse(datagram, 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.Initial);
        Convert.ToHexStringLower(header.SourceConnectionId).ShouldBe("f067a5502a4262b5");
        header.PacketNumberOffset.ShouldBe(18);
        header.PacketEnd.ShouldBe(datagram.Length);

        var buffer = new byte[64];
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, [], Convert.FromHexString("f067a5502a4262b5"), [], 1, 2, 117 - 2, out int written).ShouldBeTrue();
        Convert.ToHexStringLower(buffer, 0, written).ShouldBe(ServerInitialHeader);
    }

    /// <summary>RFC 9000 §17.2.5: the Retry of RFC 9001 §A.4 — token "token" and a 16-byte integrity tag left opaque.</summary>
    [TestMethod]
    public void S17_2_5_Retry_Rfc9001A4_ParsesAndWrites()
    {
        var datagram = Convert.FromHexString(RetryPacket);
        QuicPacketParser.TryParse(datagram, 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.Retry);
        header.HasPacketNumber.ShouldBeFalse();
        header.PacketNumberOffset.ShouldBe(-1);
        Convert.ToHexStringLower(header.SourceConnectionId).ShouldBe("f067a5502a4262b5");
        System.Text.Encoding.ASCII.GetString(header.Token).ShouldBe("token");
        Convert.ToHexStringLower(header.RetryIntegrityTag).ShouldBe("04a265ba2eff4d829058fb3f0f2496ba");
        header.PacketEnd.ShouldBe(datagram.Length);

        var buffer = new byte[64];
        QuicPacketWriter.TryWriteRetry(buffer, QuicVersion.Version1, [], Convert.FromHexString("f067a5502a4262b5"), "token"u8, Convert.FromHexString("04a265ba2eff4d829058fb3f0f2496ba"), out int written, unusedBits: 0x0f).ShouldBeTrue();
        Convert.ToHexStringLower(buffer, 0, written).ShouldBe(RetryPacket);
    }

    /// <summary>RFC 9000 §17.3.1: the short header of RFC 9001 §A.5 — empty DCID, a 3-byte packet number.</summary>
    [TestMethod]
    public void S17_3_1_ShortHeader_Rfc9001A5_ParsesAndWrites()
    {
        var datagram = Packet(ShortHeader + "01", 0);
        QuicPacketParser.TryParse(datagram, 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.OneRtt);
        header.IsLongHeader.ShouldBeFalse();
        header.PacketNumberOffset.ShouldBe(1);
        header.PacketEnd.ShouldBe(datagram.Length);
        QuicPacketHeader.GetPacketNumberLength(header.FirstByte).ShouldBe(3);

        var buffer = new byte[16];
        QuicPacketWriter.TryWriteShort(buffer, [], spinBit: false, keyPhase: false, 0xbff4, 3, out int written).ShouldBeTrue();
        Convert.ToHexStringLower(buffer, 0, written).ShouldBe(ShortHeader);
    }

    /// <summary>RFC 9000 §17.3.1: the connection ID length comes from the caller; spin and key phase bits land where the RFC puts them.</summary>
    [TestMethod]
    public void S17_3_1_ShortHeader_WithConnectionId_RoundTrips()
    {
        var dcid = Convert.FromHexString("0102030405060708");
        var buffer = new byte[32];
        QuicPacketWriter.TryWriteShort(buffer, dcid, spinBit: true, keyPhase: true, 0x1234, 2, out int written).ShouldBeTrue();
        buffer[0].ShouldBe((byte)0x65);
        QuicPacketParser.TryParse(buffer.AsSpan(0, written + 5), 0, 8, out var header).IsNone.ShouldBeTrue();
        header.DestinationConnectionId.SequenceEqual(dcid).ShouldBeTrue();
        header.SpinBit.ShouldBeTrue();
        header.PacketNumberOffset.ShouldBe(9);
    }

    /// <summary>RFC 9000 §17.2.3 and §17.2.4: 0-RTT and Handshake headers round-trip, with a fixed-size Length field when asked.</summary>
    [TestMethod]
    [DataRow(QuicPacketType.ZeroRtt)]
    [DataRow(QuicPacketType.Handshake)]
    public void S17_2_ZeroRttAndHandshake_RoundTrip(QuicPacketType type)
    {
        var dcid = new byte[] { 1, 2, 3, 4, 5 };
        var scid = new byte[] { 9, 8, 7 };
        var buffer = new byte[64];
        bool ok = type == QuicPacketType.ZeroRtt
            ? QuicPacketWriter.TryWriteZeroRtt(buffer, QuicVersion.Version1, dcid, scid, 7, 1, 20, out int written, lengthFieldLength: 4)
            : QuicPacketWriter.TryWriteHandshake(buffer, QuicVersion.Version1, dcid, scid, 7, 1, 20, out written, lengthFieldLength: 4);
        ok.ShouldBeTrue();
        written.ShouldBe(QuicPacketWriter.GetLongHeaderLength(5, 3, 1, 20, 4));

        QuicPacketParser.TryParse(buffer.AsSpan(0, written + 20), 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(type);
        header.DestinationConnectionId.SequenceEqual(dcid).ShouldBeTrue();
        header.SourceConnectionId.SequenceEqual(scid).ShouldBeTrue();
        header.PacketNumberOffset.ShouldBe(written - 1);
        header.PacketEnd.ShouldBe(written + 20);
    }

    /// <summary>RFC 9000 §17.2.2: an Initial's token is read and written.</summary>
    [TestMethod]
    public void S17_2_2_InitialWithToken_RoundTrips()
    {
        var token = Enumerable.Range(0, 70).Select(i => (byte)i).ToArray();
        var buffer = new byte[256];
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, [1], [2], token, 0, 1, 30, out int written).ShouldBeTrue();
        written.ShouldBe(QuicPacketWriter.GetInitialHeaderLength(1, 1, 70, 1, 30));
        QuicPacketParser.TryParse(buffer.AsSpan(0, written + 30), 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Token.SequenceEqual(token).ShouldBeTrue();
    }

    /// <summary>RFC 9000 §17.2.1 / RFC 8999 §6: a Version Negotiation packet carries its version list; its Fixed Bit is not checked.</summary>
    [TestMethod]
    public void S17_2_1_VersionNegotiation_RoundTrips()
    {
        var buffer = new byte[64];
        QuicPacketWriter.TryWriteVersionNegotiation(buffer, [1, 2], [3, 4, 5], [QuicVersion.Version1, 0x6b3343cfu, 0x1a2a3a4au], out int written).ShouldBeTrue();
        (buffer[0] & 0xC0).ShouldBe(0xC0);
        buffer[0] = 0x80; // Fixed Bit clear: still a Version Negotiation packet.
        QuicPacketParser.TryParse(buffer.AsSpan(0, written), 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.VersionNegotiation);
        header.SupportedVersionCount.ShouldBe(3);
        header.GetSupportedVersion(0).ShouldBe(QuicVersion.Version1);
        header.GetSupportedVersion(2).ShouldBe(0x1a2a3a4au);
        header.DestinationConnectionId.Length.ShouldBe(2);
    }

    /// <summary>RFC 8999 §5.1: a long header of an unknown version yields its version and connection IDs (up to 255 bytes), which is all a server needs to negotiate.</summary>
    [TestMethod]
    public void Rfc8999_S5_1_UnsupportedVersion_ReportsInvariantFields()
    {
        byte[] datagram = [0xC0, 0xff, 0x00, 0x00, 0x1d, 40, .. new byte[40], 0, 0xAA, 0xBB];
        QuicPacketParser.TryParse(datagram, 0, 0, out var header).IsNone.ShouldBeTrue();
        header.Type.ShouldBe(QuicPacketType.UnsupportedVersion);
        header.Version.ShouldBe(0xff00001du);
        header.DestinationConnectionId.Length.ShouldBe(40);
        header.HasPacketNumber.ShouldBeFalse();
    }

    /// <summary>RFC 9000 §17.2: "Packets containing a zero value for this bit are not valid packets in this version and MUST be discarded."</summary>
    [TestMethod]
    public void S17_2_LongHeaderFixedBitClear_IsDiscarded()
    {
        var datagram = Packet(ClientInitialHeader, 1178);
        datagram[0] &= 0xBF;
        var error = Parse(datagram);
        error.Kind.ShouldBe(QuicPacketErrorKind.FixedBitClear);
        error.Reason.ShouldBe(QuicErrors.PacketFixedBitClear);
    }

    /// <summary>RFC 9000 §17.3.1: "Packets containing a zero value for this bit are not valid packets in this version and MUST be discarded."</summary>
    [TestMethod]
    public void S17_3_1_ShortHeaderFixedBitClear_IsDiscarded()
    {
        Parse([0x02, 0x00, 0xbf, 0xf4, 0x01]).Kind.ShouldBe(QuicPacketErrorKind.FixedBitClear);
    }

    /// <summary>RFC 9000 §17.2: "Endpoints that receive a version 1 long header with a value larger than 20 MUST drop the packet."</summary>
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void S17_2_ConnectionIdOver20Bytes_IsDiscarded(bool destination)
    {
        byte[] datagram = destination
            ? [0xC0, 0, 0, 0, 1, 21, .. new byte[21], 0, 0, 1, 0]
            : [0xC0, 0, 0, 0, 1, 0, 21, .. new byte[21], 0, 1, 0];
        var error = Parse(datagram);
        error.Kind.ShouldBe(QuicPacketErrorKind.ConnectionIdTooLong);
        error.Reason.ShouldBe(QuicErrors.PacketConnectionIdTooLong);
    }

    /// <summary>RFC 9000 §17.2: a header cut short anywhere is malformed, never an exception.</summary>
    [TestMethod]
    public void S17_2_TruncatedHeaders_AreDiscarded()
    {
        var header = Convert.FromHexString(ClientInitialHeader);
        for (int length = 0; length < header.Length - 4; length++)
        {
            var error = Parse(header[..length]);
            error.Kind.ShouldBe(QuicPacketErrorKind.Truncated, $"length {length}");
            error.Reason.ShouldBe(QuicErrors.PacketTruncated);
        }

        Parse([0x40, 1, 2, 3], shortDcidLength: 8).Kind.ShouldBe(QuicPacketErrorKind.Truncated);
        Parse([0x40, 1, 2, 3, 4, 5, 6, 7, 8], shortDcidLength: 8).Kind.ShouldBe(QuicPacketErrorKind.Truncated);
    }

    /// <summary>RFC 9000 §17.2: a Length field that runs past the datagram is malformed.</summary>
    [TestMethod]
    public void S17_2_LengthPastDatagram_IsDiscarded()
    {
        var error = Parse(Packet(ClientInitialHeader, 1177));
        error.Kind.ShouldBe(QuicPacketErrorKind.LengthPastDatagram);
        error.Reason.ShouldBe(QuicErrors.PacketLengthPastDatagram);
    }

    /// <summary>RFC 9000 §17.2: the Length field covers the packet number, so 0 cannot be right.</summary>
    [TestMethod]
    public void S17_2_ZeroLength_IsDiscarded()
    {
        var error = Parse([0xE0, 0, 0, 0, 1, 0, 0, 0, 0xAA]);
        error.Kind.ShouldBe(QuicPacketErrorKind.LengthTooSmall);
        error.Reason.ShouldBe(QuicErrors.PacketLengthTooSmall);
    }

    /// <summary>RFC 9000 §17.2.1: the Supported Version list is a whole number of 32-bit versions.</summary>
    [TestMethod]
    public void S17_2_1_RaggedVersionList_IsDiscarded()
    {
        var error = Parse([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff]);
        error.Kind.ShouldBe(QuicPacketErrorKind.MalformedVersionList);
        error.Reason.ShouldBe(QuicErrors.PacketVersionListMalformed);
    }

    /// <summary>RFC 9000 §17.2.5.2: "A client MUST discard a Retry packet that contains a zero-length Retry Token field."</summary>
    [TestMethod]
    public void S17_2_5_RetryWithoutToken_IsDiscarded()
    {
        byte[] datagram = [0xF0, 0, 0, 0, 1, 0, 0, .. new byte[16]];
        var error = Parse(datagram);
        error.Kind.ShouldBe(QuicPacketErrorKind.MalformedRetry);
        error.Reason.ShouldBe(QuicErrors.PacketRetryMalformed);
        Parse(datagram[..^3]).Kind.ShouldBe(QuicPacketErrorKind.MalformedRetry);
    }

    /// <summary>Writers refuse what the RFC forbids, and say when the span is too small.</summary>
    [TestMethod]
    public void S17_Writers_RejectMisuse()
    {
        var buffer = new byte[64];
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketWriter.TryWriteHandshake(buffer, 1, new byte[21], [], 0, 1, 10, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketWriter.TryWriteHandshake(buffer, 1, [], [], 0, 5, 10, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketWriter.TryWriteShort(buffer, [], false, false, 0x100, 1, out _));
        Should.Throw<ArgumentException>(() => QuicPacketWriter.TryWriteRetry(buffer, 1, [], [], [], new byte[16], out _));
        Should.Throw<ArgumentException>(() => QuicPacketWriter.TryWriteRetry(buffer, 1, [], [], [1], new byte[15], out _));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketWriter.TryWriteHandshake(buffer, 1, [], [], 0, 1, 100, out _, lengthFieldLength: 1));
        QuicPacketWriter.TryWriteInitial(new byte[10], 1, [1, 2, 3], [], [], 0, 1, 10, out int written).ShouldBeFalse();
        written.ShouldBe(0);
    }
}
