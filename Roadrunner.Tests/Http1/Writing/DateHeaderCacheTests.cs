using System.Text;
using Roadrunner.Http1.Writing;
using Shouldly;

namespace Roadrunner.Tests.Http1.Writing;

/// <summary>RFC 9110 §5.6.7 and §6.6.1: the Date field in IMF-fixdate, with time passed in.</summary>
[TestClass]
public sealed class DateHeaderCacheTests
{
    /// <summary>RFC 9110 §5.6.7: "An example of the preferred format is Sun, 06 Nov 1994 08:49:37 GMT ; IMF-fixdate".</summary>
    [TestMethod]
    public void S5_6_7_RfcExample()
    {
        var cache = new DateHeaderCache(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero));
        Encoding.ASCII.GetString(cache.FieldLine).ShouldBe("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
        Encoding.ASCII.GetString(cache.Value).ShouldBe("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    /// <summary>RFC 9110 §5.6.7: IMF-fixdate is always GMT; a local offset is converted.</summary>
    [TestMethod]
    public void S5_6_7_OffsetIsConvertedToGmt()
    {
        var cache = new DateHeaderCache(new DateTimeOffset(1994, 11, 6, 10, 49, 37, TimeSpan.FromHours(2)));
        Encoding.ASCII.GetString(cache.FieldLine).ShouldBe("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    }

    /// <summary>Without a time, the cache holds the Unix epoch until the first update (it never reads a clock).</summary>
    [TestMethod]
    public void Default_IsEpochUntilUpdated()
    {
        var cache = new DateHeaderCache();
        Encoding.ASCII.GetString(cache.FieldLine).ShouldBe("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
        cache.Update(new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero));
        Encoding.ASCII.GetString(cache.FieldLine).ShouldBe("Date: Thu, 29 Feb 2024 23:59:59 GMT\r\n");
    }

    /// <summary>Within one second nothing is re-encoded; the next second publishes a new line.</summary>
    [TestMethod]
    public void Update_ReencodesOnlyWhenTheSecondChanges()
    {
        var start = new DateTimeOffset(2025, 1, 5, 12, 0, 0, TimeSpan.Zero);
        var cache = new DateHeaderCache(start);
        var before = cache.FieldLine;
        cache.Update(start.AddMilliseconds(999));
        SpanIdentity.AreSame(before, cache.FieldLine).ShouldBeTrue();
        cache.Update(start.AddSeconds(1));
        SpanIdentity.AreSame(before, cache.FieldLine).ShouldBeFalse();
        Encoding.ASCII.GetString(cache.FieldLine).ShouldBe("Date: Sun, 05 Jan 2025 12:00:01 GMT\r\n");
    }

    /// <summary>Every day and month name is the fixed English one (RFC 9110 §5.6.7: day-name, month are case-sensitive).</summary>
    [TestMethod]
    public void S5_6_7_AllDayAndMonthNames()
    {
        var cache = new DateHeaderCache();
        string[] months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        string[] days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        for (int m = 1; m <= 12; m++)
        {
            var time = new DateTimeOffset(2023, m, 1, 0, 0, 0, TimeSpan.Zero);
            cache.Update(time);
            string line = Encoding.ASCII.GetString(cache.FieldLine);
            line.ShouldBe($"Date: {days[(int)time.DayOfWeek]}, 01 {months[m - 1]} 2023 00:00:00 GMT\r\n");
        }
    }

    private static class SpanIdentity
    {
        public static bool AreSame(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
            System.Runtime.CompilerServices.Unsafe.AreSame(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b));
    }
}
