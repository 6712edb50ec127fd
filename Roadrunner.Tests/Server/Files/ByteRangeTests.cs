using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §14.1–§14.2 Range requests and §14.4 Content-Range, with the range-DoS policy.</summary>
[TestClass]
public sealed class ByteRangeTests
{
    private static ByteRange[] Satisfiable(string header, long size, RangeOptions? options = null)
    {
        RangeHeader.TryParse(header, size, options ?? RangeOptions.Default, out var ranges).ShouldBe(RangeOutcome.Satisfiable);
        return ranges;
    }

    private static RangeOutcome Outcome(string header, long size, RangeOptions? options = null)
    {
        var outcome = RangeHeader.TryParse(header, size, options ?? RangeOptions.Default, out var ranges);
        if (outcome != RangeOutcome.Satisfiable)
        {
            ranges.ShouldBeEmpty();
        }

        return outcome;
    }

    [TestMethod]
    public void S14_1_2_Examples()
    {
        // The first 500 bytes, the second 500, the last 500 (two ways).
        Satisfiable("bytes=0-499", 10000).ShouldBe([new ByteRange(0, 499)]);
        Satisfiable("bytes=500-999", 10000).ShouldBe([new ByteRange(500, 999)]);
        Satisfiable("bytes=-500", 10000).ShouldBe([new ByteRange(9500, 9999)]);
        Satisfiable("bytes=9500-", 10000).ShouldBe([new ByteRange(9500, 9999)]);
        // First and last bytes only.
        Satisfiable("bytes=0-0,-1", 10000).ShouldBe([new ByteRange(0, 0), new ByteRange(9999, 9999)]);
    }

    [TestMethod]
    public void S14_1_2_OverlappingExample_IsCoalesced()
        => Satisfiable("bytes=500-600,601-999", 10000).ShouldBe([new ByteRange(500, 999)]);

    [TestMethod]
    public void Lengths() => new ByteRange(5, 9).Length.ShouldBe(5);

    [TestMethod]
    public void LastPosPastEnd_Clipped() => Satisfiable("bytes=10-99999", 100).ShouldBe([new ByteRange(10, 99)]);

    [TestMethod]
    public void SuffixLongerThanRepresentation_WholeThing() => Satisfiable("bytes=-500", 100).ShouldBe([new ByteRange(0, 99)]);

    [TestMethod]
    public void HugeNumbers_Saturate()
    {
        Satisfiable("bytes=0-99999999999999999999999999", 100).ShouldBe([new ByteRange(0, 99)]);
        Satisfiable("bytes=-99999999999999999999999999", 100).ShouldBe([new ByteRange(0, 99)]);
        Outcome("bytes=99999999999999999999999999-", 100).ShouldBe(RangeOutcome.Unsatisfiable);
    }

    [TestMethod]
    [DataRow("BYTES=0-1")]
    [DataRow("Bytes=0-1")]
    [DataRow(" bytes=0-1 ")]
    [DataRow("bytes= 0-1 ,")]
    [DataRow("bytes=,0-1")]
    [DataRow("bytes=0000-0001")]
    public void Syntax_Tolerated(string header) => Satisfiable(header, 100).ShouldBe([new ByteRange(0, 1)]);

    [TestMethod]
    [DataRow("bytes=100-")]
    [DataRow("bytes=100-200")]
    [DataRow("bytes=-0")]
    [DataRow("bytes=100-, 200-300, -0")]
    public void NoRangeOverlaps_Unsatisfiable(string header)
    {
        Outcome(header, 100).ShouldBe(RangeOutcome.Unsatisfiable);
        ContentRange.FormatUnsatisfied(100).ShouldBe("bytes */100");
    }

    [TestMethod]
    public void SomeUnsatisfiable_Dropped() => Satisfiable("bytes=200-300, 0-9", 100).ShouldBe([new ByteRange(0, 9)]);

    [TestMethod]
    public void ZeroLengthRepresentation()
    {
        Outcome("bytes=0-", 0).ShouldBe(RangeOutcome.Unsatisfiable);
        Outcome("bytes=0-0", 0).ShouldBe(RangeOutcome.Unsatisfiable);
        Outcome("bytes=-0", 0).ShouldBe(RangeOutcome.Unsatisfiable);
        Outcome("bytes=-5", 0).ShouldBe(RangeOutcome.Ignored);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("bytes")]
    [DataRow("bytes=")]
    [DataRow("bytes=,")]
    [DataRow("bytes=5")]
    [DataRow("bytes=-")]
    [DataRow("bytes=a-b")]
    [DataRow("bytes=1-a")]
    [DataRow("bytes=+1-2")]
    [DataRow("bytes=1--2")]
    [DataRow("bytes=--2")]
    [DataRow("bytes=1 -2")]
    [DataRow("bytes=0x10-0x20")]
    [DataRow("bytes=10-5")]
    [DataRow("bytes=0-1, 10-5")]
    [DataRow("bytes =0-1")]
    [DataRow("items=0-1")]
    [DataRow("=0-1")]
    [DataRow("bytes=0-1;x")]
    [DataRow("bytes=\u0661-\u0662")]
    public void Invalid_Ignored(string header) => Outcome(header, 100).ShouldBe(RangeOutcome.Ignored);

    [TestMethod]
    public void TooManyRanges_Ignored()
    {
        var sixteen = "bytes=" + string.Join(",", Enumerable.Range(0, 16).Select(i => $"{i * 1000}-{i * 1000}"));
        Satisfiable(sixteen, 100_000).Length.ShouldBe(16);
        Outcome(sixteen + ",20000-20000", 100_000).ShouldBe(RangeOutcome.Ignored);
        Outcome("bytes=0-0,1-1,2-2", 100, new RangeOptions { MaxRanges = 2 }).ShouldBe(RangeOutcome.Ignored);
    }

    [TestMethod]
    public void RangeDoS_ManyOverlappingRanges_CoalescedIntoOne()
    {
        var header = "bytes=" + string.Join(",", Enumerable.Repeat("0-", 16));
        Satisfiable(header, 1_000_000).ShouldBe([new ByteRange(0, 999_999)]);
    }

    [TestMethod]
    public void SmallGaps_Coalesced_LargeGaps_Kept()
    {
        Satisfiable("bytes=0-9,90-99", 1000).ShouldBe([new ByteRange(0, 99)]);
        Satisfiable("bytes=0-9,91-99", 1000).ShouldBe([new ByteRange(0, 9), new ByteRange(91, 99)]);
        Satisfiable("bytes=0-9,11-19", 1000, new RangeOptions { MaxCoalesceGap = 0 }).ShouldBe([new ByteRange(0, 9), new ByteRange(11, 19)]);
        Satisfiable("bytes=0-9,10-19", 1000, new RangeOptions { MaxCoalesceGap = 0 }).ShouldBe([new ByteRange(0, 19)]);
    }

    [TestMethod]
    public void NonOverlapping_OrderOfHeaderKept()
        => Satisfiable("bytes=500-599,0-99", 1000).ShouldBe([new ByteRange(500, 599), new ByteRange(0, 99)]);

    [TestMethod]
    public void Overlapping_OutOfOrder_SortedAndMerged()
        => Satisfiable("bytes=900-999,0-99,50-150,-10", 1000).ShouldBe([new ByteRange(0, 150), new ByteRange(900, 999)]);

    [TestMethod]
    public void ContainedRange_Merged() => Satisfiable("bytes=0-999,200-300,400-500", 10_000).ShouldBe([new ByteRange(0, 999)]);

    [TestMethod]
    public void ContentRange_Format()
    {
        ContentRange.Format(0, 499, 1234).ShouldBe("bytes 0-499/1234");
        ContentRange.Format(new ByteRange(1233, 1233), 1234).ShouldBe("bytes 1233-1233/1234");
        Should.Throw<ArgumentOutOfRangeException>(() => ContentRange.Format(-1, 0, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => ContentRange.Format(5, 4, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => ContentRange.Format(0, 10, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => ContentRange.FormatUnsatisfied(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => RangeHeader.TryParse("bytes=0-1", -1, RangeOptions.Default, out _));
    }

    [TestMethod]
    public void HostileInput_NeverThrows_AndRangesStayInside()
    {
        var random = new Random(14);
        var alphabet = "bytes=0123456789-, ;x".ToCharArray();
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var size = random.Next(0, 200);
            if (RangeHeader.TryParse("bytes=" + new string(chars), size, RangeOptions.Default, out var ranges) == RangeOutcome.Satisfiable)
            {
                foreach (var r in ranges)
                {
                    r.Start.ShouldBeInRange(0, size - 1);
                    r.End.ShouldBeInRange(r.Start, size - 1);
                }
            }
        }
    }
}
