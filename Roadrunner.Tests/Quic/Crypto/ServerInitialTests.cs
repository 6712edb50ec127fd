using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// RFC 9001 Appendix A.3, the server Initial: a 2-byte packet number, so the sample starts at the third protected byte;
/// protecting gives the listed packet and unprotecting gives back the listed header and payload.
/// </summary>
[TestClass]
public sealed class ServerInitialTests
{
    private const CipherSuite Suite = CipherSuite.TLS_AES_128_GCM_SHA256;

    private static (PacketKey Key, HeaderProtectionKey Hp) ServerKeys()
    {
        Span<byte> client = stackalloc byte[32], server = stackalloc byte[32];
        KeySchedule.DeriveInitialSecrets(Bytes(ClientDestinationConnectionId), client, server);
        return (PacketKey.FromSecret(Suite, server), HeaderProtectionKey.FromSecret(Suite, server));
    }

    private static byte[] UnprotectedPacket()
    {
        var header = Bytes(ServerHeader);
        var payload = Bytes(ServerPayload);
        var packet = new byte[header.Length + payload.Length + PacketKey.TagLength];
        header.CopyTo(packet, 0);
        payload.CopyTo(packet, header.Length);
        return packet;
    }

    /// <summary>A.3: mask of the listed sample.</summary>
    [TestMethod]
    public void A3_Mask_OfTheListedSample_IsTheListedMask()
    {
        var (key, hp) = ServerKeys();
        using (key)
        using (hp)
        {
            Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskLength];
            hp.ComputeMask(Bytes(ServerSample), mask);
            Hex(mask).ShouldBe(ServerMask);
        }
    }

    /// <summary>A.3: protection gives the listed header, sample and packet.</summary>
    [TestMethod]
    public void A3_Protect_GivesTheListedPacket()
    {
        var (key, hp) = ServerKeys();
        using (key)
        using (hp)
        {
            var packet = UnprotectedPacket();
            int pnOffset = InitialPacketNumberOffset(packet);
            pnOffset.ShouldBe(18);

            PacketProtection.TryProtect(packet, pnOffset, 2, ServerPacketNumber, key, hp).ShouldBeTrue();

            Hex(packet.AsSpan(pnOffset + 4, 16)).ShouldBe(ServerSample);
            Hex(packet.AsSpan(0, pnOffset + 2)).ShouldBe(ServerProtectedHeader);
            Hex(packet).ShouldBe(Normalize(ServerProtectedPacket));
        }
    }

    /// <summary>A.3, the reverse: unprotecting the listed packet gives the listed header and payload.</summary>
    [TestMethod]
    public void A3_Unprotect_GivesTheListedHeaderAndPayload()
    {
        var (key, hp) = ServerKeys();
        using (key)
        using (hp)
        {
            var packet = Bytes(ServerProtectedPacket);
            int pnOffset = InitialPacketNumberOffset(packet);

            PacketProtection.TryRemoveHeaderProtection(packet, pnOffset, hp, out int pnLength, out uint truncated).ShouldBeTrue();
            (pnLength, truncated).ShouldBe((2, (uint)ServerPacketNumber));
            Hex(packet.AsSpan(0, pnOffset + pnLength)).ShouldBe(ServerHeader);

            PacketProtection.TryOpen(packet, pnOffset + pnLength, ServerPacketNumber, key).ShouldBeTrue();
            Hex(packet.AsSpan(pnOffset + pnLength, packet.Length - pnOffset - pnLength - PacketKey.TagLength)).ShouldBe(Normalize(ServerPayload));
        }
    }
}
