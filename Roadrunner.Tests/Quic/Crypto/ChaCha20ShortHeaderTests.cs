using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// RFC 9001 Appendix A.5: a ChaCha20-Poly1305 short header packet (empty DCID, a PING frame, packet number 654360564
/// encoded on 3 bytes), the smallest possible packet of 21 bytes.
/// </summary>
[TestClass]
public sealed class ChaCha20ShortHeaderTests
{
    private const CipherSuite Suite = CipherSuite.TLS_CHACHA20_POLY1305_SHA256;

    /// <summary>The packet number starts right after the first byte: the Destination Connection ID is empty.</summary>
    private const int PacketNumberOffset = 1;

    [TestInitialize]
    public void RequireChaCha20Poly1305()
    {
        if (!System.Security.Cryptography.ChaCha20Poly1305.IsSupported)
        {
            Assert.Inconclusive("ChaCha20-Poly1305 is not available on this platform.");
        }
    }

    /// <summary>A.5: mask = ChaCha20(hp, counter = sample[0..4], nonce = sample[4..16], zeros).</summary>
    [TestMethod]
    public void A5_Mask_OfTheListedSample_IsTheListedMask()
    {
        using var hp = HeaderProtectionKey.FromSecret(Suite, Bytes(ChaChaSecret));
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskLength];
        hp.ComputeMask(Bytes(ChaChaSample), mask);
        Hex(mask).ShouldBe(ChaChaMask);
    }

    /// <summary>A.5: the nonce is the IV XOR the packet number, which sealing "01" under the listed header confirms.</summary>
    [TestMethod]
    public void A5_Seal_GivesTheListedCiphertext()
    {
        using var key = PacketKey.FromSecret(Suite, Bytes(ChaChaSecret));
        var header = Bytes(ChaChaUnprotectedHeader);
        var payload = Bytes(ChaChaPlaintext);
        var tag = new byte[PacketKey.TagLength];
        key.Seal(ChaChaPacketNumber, header, payload, tag);
        (Hex(payload) + Hex(tag)).ShouldBe(ChaChaCiphertext);

        // The nonce itself, e0459b3474bdd0e46d417eb0, is the IV with 654360564 (0x27 00 bf f4) XORed into its tail.
        var nonce = Bytes(ChaChaIv);
        for (int i = 0; i < 8; i++)
        {
            nonce[11 - i] ^= (byte)(ChaChaPacketNumber >> (8 * i));
        }

        Hex(nonce).ShouldBe(ChaChaNonce);
    }

    /// <summary>A.5: protection gives the listed 21-byte packet.</summary>
    [TestMethod]
    public void A5_Protect_GivesTheListedPacket()
    {
        using var key = PacketKey.FromSecret(Suite, Bytes(ChaChaSecret));
        using var hp = HeaderProtectionKey.FromSecret(Suite, Bytes(ChaChaSecret));
        var packet = new byte[21];
        Bytes(ChaChaUnprotectedHeader).CopyTo(packet, 0);
        Bytes(ChaChaPlaintext).CopyTo(packet, 4);

        PacketProtection.TryProtect(packet, PacketNumberOffset, 3, ChaChaPacketNumber, key, hp).ShouldBeTrue();

        Hex(packet.AsSpan(0, 4)).ShouldBe(ChaChaProtectedHeader);
        Hex(packet).ShouldBe(ChaChaPacket);
    }

    /// <summary>A.5, the reverse: the listed packet unprotects to the listed header and the PING frame.</summary>
    [TestMethod]
    public void A5_Unprotect_GivesTheListedHeaderAndPing()
    {
        using var key = PacketKey.FromSecret(Suite, Bytes(ChaChaSecret));
        using var hp = HeaderProtectionKey.FromSecret(Suite, Bytes(ChaChaSecret));
        var packet = Bytes(ChaChaPacket);

        PacketProtection.TryRemoveHeaderProtection(packet, PacketNumberOffset, hp, out int pnLength, out uint truncated).ShouldBeTrue();
        pnLength.ShouldBe(3);
        truncated.ShouldBe(49140u); // RFC 9001 A.5: "49140 is encoded"
        Hex(packet.AsSpan(0, 4)).ShouldBe(ChaChaUnprotectedHeader);

        PacketProtection.TryOpen(packet, PacketNumberOffset + pnLength, ChaChaPacketNumber, key).ShouldBeTrue();
        Hex(packet.AsSpan(4, 1)).ShouldBe(ChaChaPlaintext);
    }

    /// <summary>A.5: the key derived from the listed "quic ku" secret opens what a key derived from it seals, and not the original's.</summary>
    [TestMethod]
    public void A5_S6_KeyUpdate_FromTheListedKu_ProtectsWithTheSameHeaderKey()
    {
        var ku = new byte[32];
        KeySchedule.DeriveNextSecret(Suite, Bytes(ChaChaSecret), ku);
        Hex(ku).ShouldBe(Normalize(ChaChaKu));

        using var updated = PacketKey.FromSecret(Suite, ku);
        using var original = PacketKey.FromSecret(Suite, Bytes(ChaChaSecret));
        using var hp = HeaderProtectionKey.FromSecret(Suite, Bytes(ChaChaSecret));

        var packet = new byte[21];
        Bytes(ChaChaUnprotectedHeader).CopyTo(packet, 0);
        packet[0] |= 0x04; // Key Phase flips on update (RFC 9001 §6.1)
        packet[4] = 0x01;
        PacketProtection.TryProtect(packet, PacketNumberOffset, 3, ChaChaPacketNumber, updated, hp).ShouldBeTrue();
        Hex(packet).ShouldNotBe(ChaChaPacket);

        PacketProtection.TryRemoveHeaderProtection(packet, PacketNumberOffset, hp, out int pnLength, out _).ShouldBeTrue();
        (packet[0] & 0x04).ShouldBe(0x04);
        PacketProtection.TryOpen((byte[])packet.Clone(), 1 + pnLength, ChaChaPacketNumber, original).ShouldBeFalse();
        PacketProtection.TryOpen(packet, 1 + pnLength, ChaChaPacketNumber, updated).ShouldBeTrue();
        packet[4].ShouldBe((byte)0x01);
    }
}
