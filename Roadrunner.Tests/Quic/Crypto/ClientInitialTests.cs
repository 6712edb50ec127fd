using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// RFC 9001 Appendix A.2, the client Initial: protecting the listed header and payload gives the listed 1200-byte
/// packet byte for byte, through the listed sample and mask; unprotecting that packet gives back the header and payload.
/// </summary>
[TestClass]
public sealed class ClientInitialTests
{
    private const CipherSuite Suite = CipherSuite.TLS_AES_128_GCM_SHA256;

    private static (PacketKey Key, HeaderProtectionKey Hp) ClientKeys()
    {
        Span<byte> client = stackalloc byte[32], server = stackalloc byte[32];
        KeySchedule.DeriveInitialSecrets(Bytes(ClientDestinationConnectionId), client, server);
        return (PacketKey.FromSecret(Suite, client), HeaderProtectionKey.FromSecret(Suite, client));
    }

    /// <summary>The unprotected packet: header, the CRYPTO frame padded with zeros (PADDING) to 1162 bytes, room for the tag.</summary>
    private static byte[] UnprotectedPacket()
    {
        var header = Bytes(ClientHeader);
        var frame = Bytes(ClientCryptoFrame);
        var packet = new byte[header.Length + ClientPayloadLength + PacketKey.TagLength];
        header.CopyTo(packet, 0);
        frame.CopyTo(packet, header.Length);
        return packet;
    }

    /// <summary>A.2: the packet is 1200 bytes and its Length field says 1182 (4 + 1162 + 16).</summary>
    [TestMethod]
    public void A2_Layout_Is1200Bytes_WithTheListedLength()
    {
        var packet = UnprotectedPacket();
        packet.Length.ShouldBe(1200);
        Bytes(ClientProtectedPacket).Length.ShouldBe(1200);
        InitialPacketNumberOffset(packet).ShouldBe(18);
        (((packet[16] & 0x3f) << 8) | packet[17]).ShouldBe(1182);
    }

    /// <summary>A.2: mask = AES-ECB(hp, sample)[0..4] for the listed sample.</summary>
    [TestMethod]
    public void A2_Mask_OfTheListedSample_IsTheListedMask()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskLength];
            hp.ComputeMask(Bytes(ClientSample), mask);
            Hex(mask).ShouldBe(ClientMask);
        }
    }

    /// <summary>A.2: protection gives the listed packet, and its first 22 bytes are the listed protected header.</summary>
    [TestMethod]
    public void A2_Protect_GivesTheListedPacket()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = UnprotectedPacket();
            int pnOffset = InitialPacketNumberOffset(packet);

            PacketProtection.TryProtect(packet, pnOffset, 4, ClientPacketNumber, key, hp).ShouldBeTrue();

            Hex(packet.AsSpan(pnOffset + 4, 16)).ShouldBe(ClientSample);
            Hex(packet.AsSpan(0, 22)).ShouldBe(ClientProtectedHeader);
            Hex(packet).ShouldBe(Normalize(ClientProtectedPacket));
        }
    }

    /// <summary>A.2, the reverse: removing protection from the listed packet gives the listed header and payload.</summary>
    [TestMethod]
    public void A2_Unprotect_GivesTheListedHeaderAndPayload()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = Bytes(ClientProtectedPacket);
            int pnOffset = InitialPacketNumberOffset(packet); // the offset reads only unprotected fields

            PacketProtection.TryRemoveHeaderProtection(packet, pnOffset, hp, out int pnLength, out uint truncated).ShouldBeTrue();
            pnLength.ShouldBe(4);
            truncated.ShouldBe((uint)ClientPacketNumber);
            Hex(packet.AsSpan(0, pnOffset + pnLength)).ShouldBe(ClientHeader);

            PacketProtection.TryOpen(packet, pnOffset + pnLength, ClientPacketNumber, key).ShouldBeTrue();
            Hex(packet.AsSpan(pnOffset + pnLength, ClientPayloadLength)).ShouldBe(Hex(UnprotectedPacket().AsSpan(22, ClientPayloadLength)));
        }
    }
}
