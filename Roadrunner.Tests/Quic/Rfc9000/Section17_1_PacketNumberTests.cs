using Roadrunner.Quic.Packets;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §17.1 (Packet Number Encoding and Decoding) with the examples of §17.1, Appendix A.2 and A.3.</summary>
[TestClass]
public sealed class Section17_1_PacketNumberTests
{
    /// <summary>RFC 9000 §17.1: "if an endpoint has received an acknowledgment for packet 0xabe8b3 and is sending a packet with a number of 0xac5c02, there are 29,519 (0x734f) outstanding packet numbers. In order to represent at least twice this range (59,038 packets, or 0xe69e), 16 bits are required."</summary>
    [TestMethod]
    public void A2_Example_SixteenBits()
    {
        uint truncated = QuicPacketNumber.EncodePacketNumber(0xac5c02, 0xabe8b3, out int length);
        length.ShouldBe(2);
        truncated.ShouldBe(0x5c02u);
    }

    /// <summary>RFC 9000 §17.1: "In the same state, sending a packet with a number of 0xace8fe uses the 24-bit encoding, because at least 18 bits are required to represent twice the range (131,222 packets, or 0x020096)."</summary>
    [TestMethod]
    public void A2_Example_TwentyFourBits()
    {
        uint truncated = QuicPacketNumber.EncodePacketNumber(0xace8fe, 0xabe8b3, out int length);
        length.ShouldBe(3);
        truncated.ShouldBe(0xace8feu);
    }

    /// <summary>RFC 9000 §A.3: "For example, if the highest successfully authenticated packet had a packet number of 0xa82f30ea, then a packet containing a 16-bit value of 0x9b32 will be decoded as 0xa82f9b32."</summary>
    [TestMethod]
    public void A3_Example()
    {
        QuicPacketNumber.DecodePacketNumber(0xa82f30ea, 0x9b32, 16).ShouldBe(0xa82f9b32L);
    }

    /// <summary>RFC 9000 §A.2: with nothing acknowledged, num_unacked is full_pn + 1.</summary>
    [TestMethod]
    [DataRow(0L, 1)]
    [DataRow(127L, 1)]
    [DataRow(128L, 2)]
    [DataRow(32767L, 2)]
    [DataRow(32768L, 3)]
    [DataRow(8388608L, 4)]
    public void A2_NothingAcknowledged(long packetNumber, int expectedLength)
    {
        QuicPacketNumber.GetEncodedLength(packetNumber, QuicPacketNumber.None).ShouldBe(expectedLength);
    }

    /// <summary>RFC 9000 §A.3: the window wraps both ways around the expected packet number.</summary>
    [TestMethod]
    [DataRow(QuicPacketNumber.None, 0x00UL, 8, 0L)]
    [DataRow(0xffL, 0x00UL, 8, 0x100L)]
    [DataRow(0x100L, 0xffUL, 8, 0xffL)]
    [DataRow(0x17fL, 0x01UL, 8, 0x101L)]
    [DataRow(0x17fL, 0x00UL, 8, 0x200L)]
    [DataRow(0x12345678L, 0x12345679UL, 32, 0x12345679L)]
    public void A3_Windows(long largest, ulong truncated, int bits, long expected)
    {
        QuicPacketNumber.DecodePacketNumber(largest, truncated, bits).ShouldBe(expected);
    }

    /// <summary>Decoding what encoding produced gives the number back, over a spread of packet numbers and acknowledgment gaps.</summary>
    [TestMethod]
    public void S17_1_EncodeThenDecode_RoundTrips()
    {
        var random = new Random(17);
        for (int i = 0; i < 2000; i++)
        {
            long largestAcked = random.NextInt64(-1, 1L << 40);
            long full = largestAcked + 1 + random.NextInt64(0, 1L << random.Next(1, 31));
            uint truncated = QuicPacketNumber.EncodePacketNumber(full, largestAcked, out int length);

            // The receiver has seen at least the acknowledged packet, possibly more up to just below full.
            long receiverLargest = largestAcked + random.NextInt64(0, full - largestAcked);
            QuicPacketNumber.DecodePacketNumber(receiverLargest, truncated, length * 8).ShouldBe(full);
        }
    }

    /// <summary>The Packet Number field is the low bytes, big-endian.</summary>
    [TestMethod]
    public void S17_1_FieldBytes_AreBigEndian()
    {
        var buffer = new byte[4];
        QuicPacketNumber.Write(buffer, 0x00bff4, 3);
        Convert.ToHexStringLower(buffer, 0, 3).ShouldBe("00bff4");
        QuicPacketNumber.Read(buffer, 3).ShouldBe(0xbff4u);
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketNumber.Write(buffer, 0x100, 1));
    }

    /// <summary>Sending a number not above the largest acknowledged, or too far ahead for 4 bytes, is a programmer error.</summary>
    [TestMethod]
    public void S17_1_Misuse_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketNumber.GetEncodedLength(5, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketNumber.GetEncodedLength(1L << 32, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketNumber.DecodePacketNumber(0, 0x100, 8));
        Should.Throw<ArgumentOutOfRangeException>(() => QuicPacketNumber.DecodePacketNumber(0, 0, 12));
    }
}
