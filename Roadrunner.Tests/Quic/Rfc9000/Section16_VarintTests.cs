using Roadrunner.Quic.Varints;
using Shouldly;

namespace Roadrunner.Tests.Quic.Rfc9000;

/// <summary>RFC 9000 §16 (Variable-Length Integer Encoding) and the sample decodings of Appendix A.1.</summary>
[TestClass]
public sealed class Section16_VarintTests
{
    /// <summary>RFC 9000 §A.1: "the eight-byte sequence 0xc2197c5eff14e88c decodes to the decimal value 151,288,809,941,952,652; the four-byte sequence 0x9d7f3e7d decodes to 494,878,333; the two-byte sequence 0x7bbd decodes to 15,293; and the single byte 0x25 decodes to 37 (as does the two-byte sequence 0x4025)."</summary>
    [TestMethod]
    [DataRow("c2197c5eff14e88c", 151288809941952652UL)]
    [DataRow("9d7f3e7d", 494878333UL)]
    [DataRow("7bbd", 15293UL)]
    [DataRow("25", 37UL)]
    [DataRow("4025", 37UL)]
    public void A1_SampleDecodings(string hex, ulong expected)
    {
        var bytes = Convert.FromHexString(hex);
        Varint.TryRead(bytes, out ulong value, out int read).ShouldBeTrue();
        value.ShouldBe(expected);
        read.ShouldBe(bytes.Length);
    }

    /// <summary>RFC 9000 §A.1 the other way: the shortest encodings of the sample values are the samples themselves.</summary>
    [TestMethod]
    [DataRow(151288809941952652UL, "c2197c5eff14e88c")]
    [DataRow(494878333UL, "9d7f3e7d")]
    [DataRow(15293UL, "7bbd")]
    [DataRow(37UL, "25")]
    public void A1_SampleEncodings(ulong value, string expectedHex)
    {
        var buffer = new byte[8];
        Varint.TryWrite(buffer, value, out int written).ShouldBeTrue();
        Convert.ToHexStringLower(buffer, 0, written).ShouldBe(expectedHex);
    }

    /// <summary>RFC 9000 §16: "Values do not need to be encoded on the minimum number of bytes necessary" — a non-minimal read is legal, and a fixed-size write produces one.</summary>
    [TestMethod]
    public void S16_NonMinimalEncodings_AreReadAndWritten()
    {
        var buffer = new byte[8];
        Varint.TryWrite(buffer, 37, 8, out int written).ShouldBeTrue();
        written.ShouldBe(8);
        Convert.ToHexStringLower(buffer).ShouldBe("c000000000000025");
        Varint.TryRead(buffer, out ulong value, out int read).ShouldBeTrue();
        value.ShouldBe(37UL);
        read.ShouldBe(8);
        Varint.TryRead(Convert.FromHexString("80000025"), out value, out _).ShouldBeTrue();
        value.ShouldBe(37UL);
    }

    /// <summary>RFC 9000 §16 Table 4: the boundaries of each length.</summary>
    [TestMethod]
    [DataRow(0UL, 1)]
    [DataRow(63UL, 1)]
    [DataRow(64UL, 2)]
    [DataRow(16383UL, 2)]
    [DataRow(16384UL, 4)]
    [DataRow(1073741823UL, 4)]
    [DataRow(1073741824UL, 8)]
    [DataRow(4611686018427387903UL, 8)]
    public void S16_LengthBoundaries_RoundTrip(ulong value, int length)
    {
        Varint.GetLength(value).ShouldBe(length);
        var buffer = new byte[8];
        Varint.TryWrite(buffer, value, out int written).ShouldBeTrue();
        written.ShouldBe(length);
        Varint.GetLengthFromFirstByte(buffer[0]).ShouldBe(length);
        Varint.TryRead(buffer.AsSpan(0, written), out ulong back, out int read).ShouldBeTrue();
        back.ShouldBe(value);
        read.ShouldBe(length);
    }

    /// <summary>RFC 9000 §16: values are at most 2^62-1; writing more is a programmer error.</summary>
    [TestMethod]
    public void S16_ValueAbove62Bits_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Varint.GetLength(Varint.MaxValue + 1));
        Should.Throw<ArgumentOutOfRangeException>(() => Varint.TryWrite(new byte[8], ulong.MaxValue, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => Varint.TryWrite(new byte[8], 64, 1, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => Varint.TryWrite(new byte[8], 1, 3, out _));
    }

    /// <summary>A buffer that ends inside the integer reads as incomplete, not as a value.</summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("40")]
    [DataRow("9d7f3e")]
    [DataRow("c2197c5eff14e8")]
    public void S16_TruncatedInput_IsNotRead(string hex)
    {
        Varint.TryRead(Convert.FromHexString(hex), out _, out int read).ShouldBeFalse();
        read.ShouldBe(0);
    }

    /// <summary>Writing into a span too small writes nothing and says so.</summary>
    [TestMethod]
    public void S16_DestinationTooSmall_ReturnsFalse()
    {
        var buffer = new byte[3];
        Varint.TryWrite(buffer, 494878333, out int written).ShouldBeFalse();
        written.ShouldBe(0);
        buffer.ShouldAllBe(b => b == 0);
    }
}
