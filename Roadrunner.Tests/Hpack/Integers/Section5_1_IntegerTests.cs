using Roadrunner.Hpack;
using Roadrunner.Hpack.Integers;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Integers;

/// <summary>
/// RFC 7541 §5.1 integer representation: "If the integer value is small enough, i.e., strictly less than 2^N-1, it
/// is encoded within the N-bit prefix. Otherwise, all the bits of the prefix are set to 1, and the value, decreased
/// by 2^N-1, is encoded using a list of one or more octets." Values are bounded to 2^31-1: "integer encodings that
/// exceed implementation limits ... MUST be treated as decoding errors".
/// </summary>
[TestClass]
public sealed class Section5_1_IntegerTests
{
    /// <summary>Every prefix size round-trips values at and around the 2^N-1 boundary, the 7-bit group boundaries and 2^31-1.</summary>
    [TestMethod]
    public void Boundaries_EveryPrefix_RoundTrip()
    {
        Span<byte> buffer = stackalloc byte[IntegerEncoder.MaxLength];
        for (int prefix = 1; prefix <= 8; prefix++)
        {
            int mask = (1 << prefix) - 1;
            int[] values = [0, 1, mask - 1, mask, mask + 1, mask + 127, mask + 128, mask + 16383, mask + 16384, 1 << 21, 1 << 28, int.MaxValue - 1, int.MaxValue];
            foreach (int value in values.Where(v => v >= 0))
            {
                IntegerEncoder.TryEncode(value, prefix, 0, buffer, out int written).ShouldBeTrue();
                written.ShouldBe(IntegerEncoder.GetEncodedLength(value, prefix));
                IntegerDecoder.TryDecode(buffer[..written], prefix, out int decoded, out int consumed).ShouldBe(IntegerDecodeStatus.Done, $"{value} with {prefix}-bit prefix");
                decoded.ShouldBe(value);
                consumed.ShouldBe(written);
            }
        }
    }

    /// <summary>The bits above the prefix belong to the representation, not to the integer: they are written from the pattern and ignored when read.</summary>
    [TestMethod]
    public void PatternBits_AreKeptApartFromTheValue()
    {
        Span<byte> buffer = stackalloc byte[IntegerEncoder.MaxLength];
        IntegerEncoder.TryEncode(1337, 5, 0xE0, buffer, out int written).ShouldBeTrue();
        ToHex(buffer[..written]).ShouldBe("ff9a0a");
        IntegerDecoder.TryDecode(buffer[..written], 5, out int value, out _).ShouldBe(IntegerDecodeStatus.Done);
        value.ShouldBe(1337);
    }

    /// <summary>2^31-1 takes exactly the five continuation octets allowed and still decodes.</summary>
    [TestMethod]
    public void IntMaxValue_FiveContinuationOctets_Decodes()
    {
        IntegerDecoder.TryDecode(Hex("1fe0ffffff07"), 5, out int value, out int consumed).ShouldBe(IntegerDecodeStatus.Done);
        value.ShouldBe(int.MaxValue);
        consumed.ShouldBe(6);
    }

    /// <summary>2^31 does not fit in the implementation's limit: overflow.</summary>
    [TestMethod]
    public void TwoToThe31_Overflows() =>
        IntegerDecoder.TryDecode(Hex("1fe1ffffff07"), 5, out _, out _).ShouldBe(IntegerDecodeStatus.Overflow);

    /// <summary>A sixth continuation octet is refused even when the value would be small: no 31-bit value needs it, so it is padding.</summary>
    [TestMethod]
    public void SixContinuationOctets_Overflow_EvenForASmallValue()
    {
        IntegerDecoder.TryDecode(Hex("1f8080808080"), 5, out _, out _).ShouldBe(IntegerDecodeStatus.Overflow);
        IntegerDecoder.TryDecode(Hex("1f808080808000"), 5, out _, out _).ShouldBe(IntegerDecodeStatus.Overflow);
    }

    /// <summary>Input that stops inside an integer is incomplete, not wrong.</summary>
    [TestMethod]
    public void Truncated_NeedsMoreData()
    {
        IntegerDecoder.TryDecode([], 5, out _, out _).ShouldBe(IntegerDecodeStatus.NeedMoreData);
        IntegerDecoder.TryDecode(Hex("1f"), 5, out _, out _).ShouldBe(IntegerDecodeStatus.NeedMoreData);
        IntegerDecoder.TryDecode(Hex("1f9a"), 5, out _, out _).ShouldBe(IntegerDecodeStatus.NeedMoreData);
    }

    /// <summary>Redundant continuation octets within the five allowed do not change the value (0x80 adds zero).</summary>
    [TestMethod]
    public void RedundantZeroContinuation_WithinLimit_Decodes()
    {
        IntegerDecoder.TryDecode(Hex("1f8000"), 5, out int value, out int consumed).ShouldBe(IntegerDecodeStatus.Done);
        value.ShouldBe(31);
        consumed.ShouldBe(3);
    }

    /// <summary>In a header block, an index of 2^31 is a COMPRESSION_ERROR citing §5.1.</summary>
    [TestMethod]
    public void Block_IndexOverflow_IsCompressionError()
    {
        var (error, sink) = Decode(new HpackDecoder(), Hex("ff81ffffff07"));
        error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IntegerOverflow));
        sink.Fields.ShouldBeEmpty();
    }

    /// <summary>In a header block, an index of 2^31-1 is a valid integer, so the error is the index, not the integer.</summary>
    [TestMethod]
    public void Block_IndexIntMaxValue_IsIndexOutOfRange() =>
        Decode(new HpackDecoder(), Hex("ff80ffffff07")).Error.Reason.ShouldBe(HpackErrors.IndexOutOfRange);

    /// <summary>In a header block, endless 0xff continuation octets stop at the sixth: a COMPRESSION_ERROR, not a long loop.</summary>
    [TestMethod]
    public void Block_EndlessContinuation_IsCompressionError() =>
        Decode(new HpackDecoder(), Enumerable.Repeat((byte)0xFF, 10_000).ToArray()).Error.Reason.ShouldBe(HpackErrors.IntegerOverflow);

    /// <summary>A string length of 2^31 is an integer overflow too.</summary>
    [TestMethod]
    public void Block_StringLengthOverflow_IsCompressionError() =>
        Decode(new HpackDecoder(), Hex("40 7f81ffffff07")).Error.Reason.ShouldBe(HpackErrors.IntegerOverflow);

    /// <summary>A block that ends inside an integer (an index, a name length, a value length) is truncated.</summary>
    [TestMethod]
    [DataRow("ff", DisplayName = "index prefix all ones, nothing after")]
    [DataRow("ff80", DisplayName = "index ends on a continuation octet")]
    [DataRow("40", DisplayName = "literal with a new name, no name length")]
    [DataRow("40 0161", DisplayName = "literal with a name, no value length")]
    [DataRow("7f", DisplayName = "literal name index prefix all ones, nothing after")]
    [DataRow("3f", DisplayName = "size update prefix all ones, nothing after")]
    public void Block_EndsInsideInteger_IsCompressionError(string block)
    {
        var (error, _) = Decode(new HpackDecoder(), Hex(block));
        error.ShouldBe(new HpackError(HpackErrorKind.CompressionError, HpackErrors.IntegerTruncated));
    }

    /// <summary>Misuse throws: prefixes outside 1 to 8 bits, negative values.</summary>
    [TestMethod]
    public void Misuse_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => IntegerDecoder.TryDecode([0], 0, out _, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => IntegerDecoder.TryDecode([0], 9, out _, out _));
        Should.Throw<ArgumentOutOfRangeException>(() => IntegerEncoder.GetEncodedLength(-1, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => IntegerEncoder.TryEncode(1, 0, 0, new byte[6], out _));
    }

    /// <summary>A destination too short for the encoding is reported, not overrun.</summary>
    [TestMethod]
    public void Encode_ShortDestination_ReturnsFalse()
    {
        IntegerEncoder.TryEncode(1337, 5, 0, new byte[2], out _).ShouldBeFalse();
        IntegerEncoder.TryEncode(10, 5, 0, [], out _).ShouldBeFalse();
        IntegerEncoder.TryEncode(1337, 5, 0, new byte[3], out int written).ShouldBeTrue();
        written.ShouldBe(3);
    }
}
