using Roadrunner.Server.Cookies;
using Shouldly;

namespace Roadrunner.Tests.Server.Cookies;

/// <summary>RFC 6265 §4.2.1 / §5.4: the Cookie request header, parsed tolerantly and bounded.</summary>
[TestClass]
public sealed class CookieHeaderParsingTests
{
    private static List<(string Name, string Value)> Parse(string header)
    {
        CookieParser.TryParse(header, out var cookies, out var error).ShouldBeTrue();
        error.IsNone.ShouldBeTrue();
        var list = new List<(string, string)>();
        foreach (var pair in cookies)
        {
            list.Add((pair.Key, pair.Value));
        }

        return list;
    }

    [TestMethod]
    public void S4_2_1_CanonicalHeader_PairsInOrder()
        => Parse("SID=31d4d96e407aad42; lang=en-US").ShouldBe([("SID", "31d4d96e407aad42"), ("lang", "en-US")]);

    [TestMethod]
    public void S5_4_DuplicateNames_AllKeptFirstWinsForLookup()
    {
        CookieParser.TryParse("a=1; b=2; a=3", out var cookies, out _).ShouldBeTrue();
        cookies.Count.ShouldBe(3);
        cookies.Get("a").ShouldBe("1");
        cookies.GetAll("a").ShouldBe(["1", "3"]);
        cookies.GetAll("zz").ShouldBeEmpty();
        cookies.Get("zz").ShouldBeNull();
        cookies.Contains("b").ShouldBeTrue();
    }

    [TestMethod]
    public void Lookup_IsCaseSensitive()
    {
        CookieParser.TryParse("Token=x", out var cookies, out _).ShouldBeTrue();
        cookies.Get("token").ShouldBeNull();
        cookies.Get("Token").ShouldBe("x");
    }

    [TestMethod]
    [DataRow("  a=1  ;   b=2 ")]
    [DataRow("a=1;b=2")]
    [DataRow("a=1;\tb=2")]
    [DataRow(";;a=1;; ; b=2;")]
    [DataRow("a = 1; b= 2")]
    public void Whitespace_And_EmptyPieces_Tolerated(string header)
        => Parse(header).ShouldBe([("a", "1"), ("b", "2")]);

    [TestMethod]
    public void QuotedValue_IsUnquoted() => Parse("a=\"hello\"; b=\"\"").ShouldBe([("a", "hello"), ("b", "")]);

    [TestMethod]
    public void LoneQuote_IsKeptLiterally() => Parse("a=\"x").ShouldBe([("a", "\"x")]);

    [TestMethod]
    public void EmptyValue_IsKept() => Parse("a=; b=2").ShouldBe([("a", ""), ("b", "2")]);

    [TestMethod]
    public void ValueWithEquals_KeepsEverythingAfterFirstEquals() => Parse("a=b=c==").ShouldBe([("a", "b=c==")]);

    [TestMethod]
    [DataRow("novalue; a=1")]
    [DataRow("=x; a=1")]
    [DataRow(" =x; a=1")]
    [DataRow("b c=1; a=1")]
    [DataRow("b\u0001=1; a=1")]
    [DataRow("b=1\u0000; a=1")]
    [DataRow("b=x\ry; a=1")]
    [DataRow("b=x\u007f; a=1")]
    [DataRow("\"b\"=1; a=1")]
    public void InvalidPair_IsSkipped_NotFatal(string header) => Parse(header).ShouldBe([("a", "1")]);

    [TestMethod]
    public void EmptyHeader_NoCookies()
    {
        CookieParser.TryParse("", out var cookies, out var error).ShouldBeTrue();
        cookies.Count.ShouldBe(0);
        error.IsNone.ShouldBeTrue();
        CookieParser.TryParse("  ;  ", out cookies, out _).ShouldBeTrue();
        cookies.Count.ShouldBe(0);
    }

    [TestMethod]
    public void NonAsciiValue_IsKeptAsSent() => Parse("n=caf\u00e9").ShouldBe([("n", "caf\u00e9")]);

    [TestMethod]
    public void Limit_CookieCount_AtLimitAccepted_OverLimitRejected()
    {
        var options = new CookieOptions { MaxCookieCount = 3 };
        CookieParser.TryParse("a=1; b=2; c=3", options, out var cookies, out _).ShouldBeTrue();
        cookies.Count.ShouldBe(3);

        CookieParser.TryParse("a=1; b=2; c=3; d=4", options, out cookies, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.TooManyCookies);
        error.Reason.ShouldNotBeNullOrEmpty();
        cookies.ShouldBeSameAs(RequestCookies.Empty);
    }

    [TestMethod]
    public void Limit_DefaultCount_Is50()
    {
        var header = string.Join("; ", Enumerable.Range(0, 51).Select(i => $"c{i}=v"));
        CookieParser.TryParse(header, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.TooManyCookies);
        CookieParser.TryParse(string.Join("; ", Enumerable.Range(0, 50).Select(i => $"c{i}=v")), out var ok, out _).ShouldBeTrue();
        ok.Count.ShouldBe(50);
    }

    [TestMethod]
    public void Limit_SkippedPairs_DoNotCount()
    {
        var options = new CookieOptions { MaxCookieCount = 1 };
        CookieParser.TryParse("junk; =x; a=1", options, out var cookies, out _).ShouldBeTrue();
        cookies.Get("a").ShouldBe("1");
    }

    [TestMethod]
    public void Limit_HeaderLength_Rejected()
    {
        var options = new CookieOptions { MaxHeaderLength = 10 };
        CookieParser.TryParse("a=12345678", options, out _, out _).ShouldBeTrue();
        CookieParser.TryParse("a=123456789", options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.HeaderTooLong);
    }

    [TestMethod]
    public void Limit_PairLength_Rejected()
    {
        var options = new CookieOptions { MaxCookieLength = 5 };
        CookieParser.TryParse("a=123; b=4", options, out _, out _).ShouldBeTrue();
        CookieParser.TryParse("b=4; a=1234", options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.CookieTooLong);
    }

    [TestMethod]
    public void SeveralFieldLines_ParsedAsOneList_LimitsShared()
    {
        CookieParser.TryParse(["a=1; b=2", "c=3"], CookieOptions.Default, out var cookies, out _).ShouldBeTrue();
        cookies.Select(c => c.Key).ShouldBe(["a", "b", "c"]);

        var options = new CookieOptions { MaxCookieCount = 2 };
        CookieParser.TryParse(["a=1", "b=2", "c=3"], options, out _, out var error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.TooManyCookies);

        var shortOptions = new CookieOptions { MaxHeaderLength = 6 };
        CookieParser.TryParse(["a=1", "b=2", "c=3"], shortOptions, out _, out error).ShouldBeFalse();
        error.Kind.ShouldBe(CookieErrorKind.HeaderTooLong);
    }

    [TestMethod]
    public void Indexer_OutOfRange_Throws()
    {
        CookieParser.TryParse("a=1", out var cookies, out _).ShouldBeTrue();
        cookies[0].ShouldBe(new KeyValuePair<string, string>("a", "1"));
        Should.Throw<ArgumentOutOfRangeException>(() => cookies[1]);
    }

    [TestMethod]
    public void HostileInput_NeverThrows()
    {
        var random = new Random(6265);
        var alphabet = "a=;\" \t\r\n\0\u00ff\ud800=;;".ToCharArray();
        for (var i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            _ = CookieParser.TryParse(chars, out _, out _);
        }
    }
}
