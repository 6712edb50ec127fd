using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>
/// Failures of packet protection are values: a packet too short to sample (RFC 9001 §5.4.2) or one whose tag does not
/// authenticate (RFC 9001 §5.3, RFC 9000 §12.2) returns false; only caller mistakes throw.
/// </summary>
[TestClass]
public sealed class PacketProtectionFailureTests
{
    private const CipherSuite Suite = CipherSuite.TLS_AES_128_GCM_SHA256;

    private static (PacketKey Key, HeaderProtectionKey Hp) ClientKeys()
    {
        var secret = Bytes(ClientInitialSecret);
        return (PacketKey.FromSecret(Suite, secret), HeaderProtectionKey.FromSecret(Suite, secret));
    }

    /// <summary>RFC 9001 §5.4.2: a received packet that cannot hold pn_offset + 4 + 16 bytes is discarded.</summary>
    [TestMethod]
    public void S5_4_2_ReceivedPacketTooShortToSample_IsRejected_AndLeftUntouched()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = Bytes(ChaChaPacket).AsSpan(0, 20).ToArray(); // one byte short of 1 + 4 + 16
            var before = Hex(packet);
            PacketProtection.TryRemoveHeaderProtection(packet, 1, hp, out _, out _).ShouldBeFalse();
            Hex(packet).ShouldBe(before);
        }
    }

    /// <summary>RFC 9001 §5.4.2: a sender must pad; protecting a packet too short to sample fails and changes nothing.</summary>
    [TestMethod]
    public void S5_4_2_PacketTooShortToSample_IsNotProtected()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = new byte[1 + 1 + 1 + PacketKey.TagLength]; // 1-byte packet number, 1-byte payload
            packet[0] = 0x40;
            PacketProtection.TryProtect(packet, 1, 1, 0, key, hp).ShouldBeFalse();
            packet.Skip(1).ShouldAllBe(b => b == 0);
        }
    }

    /// <summary>RFC 9001 §5.3: one flipped bit in the payload, the tag or the header makes the packet fail to open.</summary>
    [TestMethod]
    [DataRow(100)]  // payload
    [DataRow(1199)] // tag
    [DataRow(5)]    // header (associated data)
    public void S5_3_AlteredPacket_FailsToOpen(int index)
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = Bytes(ClientProtectedPacket);
            PacketProtection.TryRemoveHeaderProtection(packet, 18, hp, out int pnLength, out _).ShouldBeTrue();
            packet[index] ^= 0x01;
            PacketProtection.TryOpen(packet, 18 + pnLength, ClientPacketNumber, key).ShouldBeFalse();
        }
    }

    /// <summary>RFC 9001 §5.3: the nonce carries the full packet number; a wrong reconstruction fails to open.</summary>
    [TestMethod]
    public void S5_3_WrongPacketNumber_FailsToOpen()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = Bytes(ClientProtectedPacket);
            PacketProtection.TryRemoveHeaderProtection(packet, 18, hp, out int pnLength, out _).ShouldBeTrue();
            PacketProtection.TryOpen(packet, 18 + pnLength, ClientPacketNumber + (1UL << 32), key).ShouldBeFalse();
        }
    }

    /// <summary>A packet shorter than its header plus a tag fails to open.</summary>
    [TestMethod]
    public void S5_3_PacketShorterThanATag_FailsToOpen()
    {
        var (key, _) = ClientKeys();
        using (key)
        {
            PacketProtection.TryOpen(new byte[20], 10, 0, key).ShouldBeFalse();
        }
    }

    /// <summary>A packet number length outside 1..4, or one the first byte contradicts, is a caller mistake and throws.</summary>
    [TestMethod]
    public void BadPacketNumberLength_Throws()
    {
        var (key, hp) = ClientKeys();
        using (key)
        using (hp)
        {
            var packet = new byte[64];
            packet[0] = 0x40;
            Should.Throw<ArgumentOutOfRangeException>(() => PacketProtection.TryProtect(packet, 1, 5, 0, key, hp));
            Should.Throw<ArgumentException>(() => PacketProtection.TryProtect(packet, 1, 2, 0, key, hp));
        }
    }
}
