using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §5.6.7 HTTP-date: IMF-fixdate out, all three forms in.</summary>
[TestClass]
public sealed class HttpDateTests
{
    private static readonly DateTimeOffset Example = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    [TestMethod]
    public void S5_6_7_Format_IsImfFixdate() => HttpDate.Format(Example).ShouldBe("Sun, 06 Nov 1994 08:49:37 GMT");

    [TestMethod]
    public void Format_ConvertsToUtc()
        => HttpDate.Format(new DateTimeOffset(1994, 11, 6, 10, 49, 37, TimeSpan.FromHours(2))).ShouldBe("Sun, 06 Nov 1994 08:49:37 GMT");

    [TestMethod]
    public void Format_Extremes()
    {
        HttpDate.Format(DateTimeOffset.MinValue).ShouldBe("Mon, 01 Jan 0001 00:00:00 GMT");
        HttpDate.Format(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)).ShouldBe("Fri, 31 Dec 9999 23:59:59 GMT");
    }

    [TestMethod]
    public void TryFormat_Utf8_And_TooSmall()
    {
        Span<byte> bytes = stackalloc byte[HttpDate.Length];
        HttpDate.TryFormat(Example, bytes, out var written).ShouldBeTrue();
        System.Text.Encoding.ASCII.GetString(bytes[..written]).ShouldBe("Sun, 06 Nov 1994 08:49:37 GMT");
        HttpDate.TryFormat(Example, stackalloc byte[28], out written).ShouldBeFalse();
        HttpDate.TryFormat(Example, stackalloc char[28], out written).ShouldBeFalse();
        written.ShouldBe(0);
    }

    [TestMethod]
    [DataRow("Sun, 06 Nov 1994 08:49:37 GMT")]
    [DataRow("Sunday, 06-Nov-94 08:49:37 GMT")]
    [DataRow("Sun Nov  6 08:49:37 1994")]
    [DataRow("  Sun, 06 Nov 1994 08:49:37 GMT\t")]
    public void S5_6_7_AllThreeForms_Accepted(string value)
    {
        HttpDate.TryParse(value, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), out var date).ShouldBeTrue();
        date.ShouldBe(Example);
    }

    [TestMethod]
    public void Asctime_TwoDigitDay() => Parse("Thu Nov 16 08:49:37 1994").ShouldBe(new DateTimeOffset(1994, 11, 16, 8, 49, 37, TimeSpan.Zero));

    [TestMethod]
    public void Rfc850_TwoDigitYear_PivotsOnFiftyYears()
    {
        var now = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        HttpDate.TryParse("Monday, 01-Jan-75 00:00:00 GMT", now, out var d).ShouldBeTrue();
        d.Year.ShouldBe(2075);
        HttpDate.TryParse("Monday, 01-Jan-76 00:00:00 GMT", now, out d).ShouldBeTrue();
        d.Year.ShouldBe(1976);
        HttpDate.TryParse("Monday, 01-Jan-25 00:00:00 GMT", now, out d).ShouldBeTrue();
        d.Year.ShouldBe(2025);
    }

    [TestMethod]
    public void LeapSecond_ReadAsFiftyNine() => Parse("Wed, 31 Dec 2016 23:59:60 GMT").ShouldBe(new DateTimeOffset(2016, 12, 31, 23, 59, 59, TimeSpan.Zero));

    [TestMethod]
    [DataRow("")]
    [DataRow("garbage")]
    [DataRow("Sun, 06 Nov 1994 08:49:37 UTC")]
    [DataRow("Sun, 06 Nov 1994 08:49:37 gmt")]
    [DataRow("sun, 06 Nov 1994 08:49:37 GMT")]
    [DataRow("Sun, 06 nov 1994 08:49:37 GMT")]
    [DataRow("Sun, 6 Nov 1994 08:49:37 GMT")]
    [DataRow("Sun, 06 Nov 94 08:49:37 GMT")]
    [DataRow("Sun, 31 Feb 1994 08:49:37 GMT")]
    [DataRow("Sun, 00 Nov 1994 08:49:37 GMT")]
    [DataRow("Sun, 06 Nov 1994 24:00:00 GMT")]
    [DataRow("Sun, 06 Nov 1994 08:60:00 GMT")]
    [DataRow("Sun, 06 Nov 1994 08:49:61 GMT")]
    [DataRow("Sun, 06 Nov 0000 08:49:37 GMT")]
    [DataRow("Sun, 06 Nov 1994 08:49:37 GMT extra")]
    [DataRow("Sun,  06 Nov 1994 08:49:37 GMT")]
    [DataRow("Xyz, 06 Nov 1994 08:49:37 GMT")]
    [DataRow("Sun, 06 Nov 1994 08-49-37 GMT")]
    [DataRow("Sun, 06 Nov 1994 +8:49:37 GMT")]
    [DataRow("Sunday, 06-Nov-1994 08:49:37 GMT")]
    [DataRow("Sunday 06-Nov-94 08:49:37 GMT")]
    [DataRow("Sonntag, 06-Nov-94 08:49:37 GMT")]
    [DataRow("Sun Nov 6 08:49:37 1994")]
    [DataRow("Sun Nov  6 08:49:37 94  ")]
    [DataRow("Sun Nov 06 08:49:37 1994 GMT")]
    [DataRow("1994-11-06T08:49:37Z")]
    [DataRow("Sun, 06 Nov 1994 08:49:37 GMT\u0000")]
    public void Invalid_Rejected(string value) => HttpDate.TryParse(value, out _).ShouldBeFalse();

    [TestMethod]
    public void RoundTrip()
    {
        var random = new Random(9110);
        for (var i = 0; i < 1000; i++)
        {
            var when = DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(-62135596800, 253402300799));
            HttpDate.TryParse(HttpDate.Format(when), out var back).ShouldBeTrue();
            back.ShouldBe(when);
        }
    }

    private static DateTimeOffset Parse(string value)
    {
        HttpDate.TryParse(value, out var date).ShouldBeTrue();
        return date;
    }
}
