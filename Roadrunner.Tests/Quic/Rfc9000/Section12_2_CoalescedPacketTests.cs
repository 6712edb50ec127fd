using Roadrunner.Quic;
using Roadrunner.Quic.Errors;
using Roadrunner.Quic.Packets;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §12.2 (Coalescing Packets): walking the packets of one datagram.</summary>
[TestClass]
public sealed class Section12_2_CoalescedPacketTests
{
    private static readonly byte[] Dcid = [0xd1, 0xd2, 0xd3, 0xd4];

    private static byte[] Datagram(byte[]? secondDcid = null)
    {
        var buffer = new byte[256];
        int at = 0;
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, Dcid, [0x5c], [], 0, 1, 10, out int written).ShouldBeTrue();
        at += written + 10;
        QuicPacketWriter.TryWriteHandshake(buffer.AsSpan(at), QuicVersion.Version1, secondDcid ?? Dcid, [0x5c], 0, 2, 20, out written).ShouldBeTrue();
        at += written + 20;
        QuicPacketWriter.TryWriteShort(buffer.AsSpan(at), Dcid, false, false, 0, 1, out written).ShouldBeTrue();
        at += written + 30;
        return buffer[..at];
    }

    /// <summary>RFC 9000 §12.2: "each QUIC packet ... is delimited by its Length field"; a short header packet comes last and runs to the end.</summary>
    [TestMethod]
    public void S12_2_InitialHandshakeAndShort_AreWalkedInOrder()
    {
        var datagram = Datagram();
        var reader = new QuicDatagramReader(datagram, Dcid.Length);
        var types = new List<QuicPacketType>();
        var ends = new List<int>();
        QuicPacketError error;
        while (reader.TryReadPacket(out var header, out error))
        {
            types.Add(header.Type);
            ends.Add(header.PacketEnd);
            header.DestinationConnectionId.SequenceEqual(Dcid).ShouldBeTrue();
        }

        error.IsNone.ShouldBeTrue();
        types.ShouldBe([QuicPacketType.Initial, QuicPacketType.Handshake, QuicPacketType.OneRtt]);
        ends[^1].ShouldBe(datagram.Length);
        reader.Offset.ShouldBe(datagram.Length);
    }

    /// <summary>RFC 9000 §12.2: "Receivers SHOULD ignore any subsequent packets with a different Destination Connection ID than the first packet in the datagram."</summary>
    [TestMethod]
    public void S12_2_DifferentConnectionId_StopsTheWalk()
    {
        var reader = new QuicDatagramReader(Datagram(secondDcid: [9, 9, 9, 9]), Dcid.Length);
        reader.TryReadPacket(out _, out var error).ShouldBeTrue();
        reader.TryReadPacket(out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(QuicPacketErrorKind.ConnectionIdMismatch);
        error.Reason.ShouldBe(QuicErrors.PacketCoalescedConnectionIdMismatch);
        reader.TryReadPacket(out _, out error).ShouldBeFalse();
    }

    /// <summary>Zero bytes after an Initial (padding outside any packet) read as a malformed header and end the walk without an exception.</summary>
    [TestMethod]
    public void S12_2_TrailingZeros_EndTheWalkAsAnError()
    {
        var buffer = new byte[100];
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, Dcid, [], [], 0, 1, 10, out int written).ShouldBeTrue();
        var reader = new QuicDatagramReader(buffer, Dcid.Length);
        reader.TryReadPacket(out var header, out var error).ShouldBeTrue();
        header.PacketEnd.ShouldBe(written + 10);
        reader.TryReadPacket(out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(QuicPacketErrorKind.FixedBitClear);
    }
}
