using System.Security.Cryptography;
using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// The key schedule against RFC 9001 Appendix A.1 (Initial secrets, keys, IVs and header protection keys for DCID
/// 0x8394c8f03e515708) and A.5 (a ChaCha20-Poly1305 secret and its key update).
/// </summary>
[TestClass]
public sealed class KeyScheduleTests
{
    private static readonly byte[] Dcid = Bytes(ClientDestinationConnectionId);

    /// <summary>A.1 lists the HkdfLabel each label produces (RFC 8446 §7.1: length, "tls13 " + label, empty context).</summary>
    [TestMethod]
    [DataRow("client in", 32, ClientInInfo)]
    [DataRow("server in", 32, ServerInInfo)]
    [DataRow("quic key", 16, QuicKeyInfo)]
    [DataRow("quic iv", 12, QuicIvInfo)]
    [DataRow("quic hp", 16, QuicHpInfo)]
    public void A1_HkdfLabel_IsTheListedInfo(string label, int length, string expected)
    {
        Span<byte> info = stackalloc byte[600];
        int written = KeySchedule.WriteHkdfLabel(length, System.Text.Encoding.ASCII.GetBytes(label), default, info);
        Hex(info[..written]).ShouldBe(expected);
    }

    /// <summary>RFC 9001 §5.2: the v1 salt is 0x38762cf7f55934b34d179ae6a4c80cadccbb7f0a.</summary>
    [TestMethod]
    public void S5_2_InitialSaltV1_IsTheListedValue() =>
        Hex(KeySchedule.InitialSaltV1).ShouldBe("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");

    /// <summary>A.1: initial_secret = HKDF-Extract(initial_salt, cid).</summary>
    [TestMethod]
    public void A1_InitialSecret_IsTheListedValue()
    {
        Span<byte> secret = stackalloc byte[32];
        KeySchedule.DeriveInitialSecret(Dcid, secret);
        Hex(secret).ShouldBe(Normalize(InitialSecret));
    }

    /// <summary>A.1: client_initial_secret and server_initial_secret.</summary>
    [TestMethod]
    public void A1_ClientAndServerInitialSecrets_AreTheListedValues()
    {
        Span<byte> client = stackalloc byte[32], server = stackalloc byte[32];
        KeySchedule.DeriveInitialSecrets(Dcid, client, server);
        Hex(client).ShouldBe(Normalize(ClientInitialSecret));
        Hex(server).ShouldBe(Normalize(ServerInitialSecret));
    }

    /// <summary>A.1: key, iv and hp of the client and of the server, under AEAD_AES_128_GCM.</summary>
    [TestMethod]
    [DataRow(ClientInitialSecret, ClientKey, ClientIv, ClientHp)]
    [DataRow(ServerInitialSecret, ServerKey, ServerIv, ServerHp)]
    public void A1_KeyIvAndHp_AreTheListedValues(string secretHex, string key, string iv, string hp)
    {
        var secret = Bytes(secretHex);
        const CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        Span<byte> buffer = stackalloc byte[16];
        KeySchedule.DeriveKey(suite, secret, buffer);
        Hex(buffer).ShouldBe(key);
        KeySchedule.DeriveIv(suite, secret, buffer);
        Hex(buffer[..12]).ShouldBe(iv);
        KeySchedule.DeriveHeaderProtectionKey(suite, secret, buffer);
        Hex(buffer).ShouldBe(hp);
    }

    /// <summary>A.5: key, iv and hp of a ChaCha20-Poly1305 secret (32-byte key and hp).</summary>
    [TestMethod]
    public void A5_ChaChaKeyIvAndHp_AreTheListedValues()
    {
        var secret = Bytes(ChaChaSecret);
        const CipherSuite suite = CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
        Span<byte> buffer = stackalloc byte[32];
        KeySchedule.DeriveKey(suite, secret, buffer);
        Hex(buffer).ShouldBe(Normalize(ChaChaKey));
        KeySchedule.DeriveIv(suite, secret, buffer);
        Hex(buffer[..12]).ShouldBe(ChaChaIv);
        KeySchedule.DeriveHeaderProtectionKey(suite, secret, buffer);
        Hex(buffer).ShouldBe(Normalize(ChaChaHp));
    }

    /// <summary>A.5 and RFC 9001 §6.1: the next secret is HKDF-Expand-Label(secret, "quic ku", "", hash length).</summary>
    [TestMethod]
    public void A5_S6_1_KeyUpdateSecret_IsTheListedKu()
    {
        Span<byte> next = stackalloc byte[32];
        KeySchedule.DeriveNextSecret(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Bytes(ChaChaSecret), next);
        Hex(next).ShouldBe(Normalize(ChaChaKu));
    }

    /// <summary>
    /// RFC 9001 §6: after a key update the packet key changes and the header protection key does not. Packets sealed
    /// with the next generation open only with the next generation, while header protection works across both.
    /// </summary>
    [TestMethod]
    public void S6_KeyUpdate_ChangesThePacketKey_AndKeepsTheHeaderProtectionKey()
    {
        const CipherSuite suite = CipherSuite.TLS_AES_128_GCM_SHA256;
        var secret = Bytes(ClientInitialSecret);
        var nextSecret = new byte[32];
        KeySchedule.DeriveNextSecret(suite, secret, nextSecret);

        using var current = PacketKey.FromSecret(suite, secret);
        using var next = PacketKey.FromSecret(suite, nextSecret);
        using var hp = HeaderProtectionKey.FromSecret(suite, secret);

        var packet = new byte[1 + 8 + 2 + 30 + PacketKey.TagLength];
        packet[0] = 0x41 | 0x04; // short header, Key Phase 1, 2-byte packet number
        packet[10] = 7;          // the packet number, written by the caller like the rest of the header
        PacketProtection.TryProtect(packet, 9, 2, 7, next, hp).ShouldBeTrue();

        var copy = (byte[])packet.Clone();
        PacketProtection.TryRemoveHeaderProtection(copy, 9, hp, out int pnLength, out uint truncated).ShouldBeTrue();
        (pnLength, truncated).ShouldBe((2, 7u));
        PacketProtection.TryOpen((byte[])copy.Clone(), 9 + pnLength, 7, current).ShouldBeFalse();
        PacketProtection.TryOpen(copy, 9 + pnLength, 7, next).ShouldBeTrue();
    }

    /// <summary>The sizes of each suite (RFC 8446 §B.4, RFC 9001 §5.4.3, §5.4.4).</summary>
    [TestMethod]
    [DataRow(CipherSuite.TLS_AES_128_GCM_SHA256, 16, 32, "SHA256")]
    [DataRow(CipherSuite.TLS_AES_256_GCM_SHA384, 32, 48, "SHA384")]
    [DataRow(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, 32, 32, "SHA256")]
    public void CipherSuite_Sizes_FollowTheSuite(CipherSuite suite, int keyLength, int hashLength, string hash)
    {
        suite.KeyLength().ShouldBe(keyLength);
        suite.HashLength().ShouldBe(hashLength);
        suite.HashAlgorithm().ShouldBe(new HashAlgorithmName(hash));
    }

    /// <summary>AES-256-GCM keys derive from a 48-byte SHA-384 secret, and protect and unprotect a packet.</summary>
    [TestMethod]
    public void Aes256Gcm_DerivedKeys_RoundTripAPacket()
    {
        const CipherSuite suite = CipherSuite.TLS_AES_256_GCM_SHA384;
        var secret = RandomNumberGenerator.GetBytes(48);
        using var key = PacketKey.FromSecret(suite, secret);
        using var hp = HeaderProtectionKey.FromSecret(suite, secret);

        var payload = RandomNumberGenerator.GetBytes(100);
        var packet = new byte[1 + 4 + 100 + PacketKey.TagLength];
        packet[0] = 0x43;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(1), 0x1234_5678);
        payload.CopyTo(packet, 5);
        PacketProtection.TryProtect(packet, 1, 4, 0x1234_5678, key, hp).ShouldBeTrue();

        PacketProtection.TryRemoveHeaderProtection(packet, 1, hp, out int pnLength, out uint truncated).ShouldBeTrue();
        (pnLength, truncated).ShouldBe((4, 0x1234_5678u));
        PacketProtection.TryOpen(packet, 5, 0x1234_5678, key).ShouldBeTrue();
        packet.AsSpan(5, 100).ToArray().ShouldBe(payload);
    }
}
