using Roadrunner.Server.Cookies;
using Shouldly;

namespace Roadrunner.Tests.Server.Cookies;

/// <summary>RFC 6265 §4.1 (and RFC 6265bis SameSite, prefixes; CHIPS Partitioned): the Set-Cookie value, validated.</summary>
[TestClass]
public sealed class SetCookieSerializationTests
{
    [TestMethod]
    public void S4_1_NameValueOnly() => new SetCookie("SID", "31d4d96e407aad42").ToHeaderValue().ShouldBe("SID=31d4d96e407aad42");

    [TestMethod]
    public void S4_1_AllAttributes_InFixedOrder()
    {
        var cookie = new SetCookie("SID", "abc")
        {
            Expires = new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.FromHours(2)),
            MaxAge = 3600,
            Domain = "example.com",
            Path = "/app",
            Secure = true,
            HttpOnly = true,
            SameSite = CookieSameSite.Strict,
            Partitioned = true,
        };
        cookie.ToHeaderValue().ShouldBe(
            "SID=abc; Expires=Wed, 21 Oct 2015 05:28:00 GMT; Max-Age=3600; Domain=example.com; Path=/app; Secure; HttpOnly; SameSite=Strict; Partitioned");
    }

    [TestMethod]
    [DataRow(CookieSameSite.Lax, "a=b; SameSite=Lax")]
    [DataRow(CookieSameSite.Strict, "a=b; SameSite=Strict")]
    [DataRow(CookieSameSite.Unspecified, "a=b")]
    public void SameSite_Written(CookieSameSite sameSite, string expected)
        => new SetCookie("a", "b") { SameSite = sameSite }.ToHeaderValue().ShouldBe(expected);

    [TestMethod]
    public void SameSiteNone_WithSecure_Written()
        => new SetCookie("a", "b") { SameSite = CookieSameSite.None, Secure = true }.ToHeaderValue().ShouldBe("a=b; Secure; SameSite=None");

    [TestMethod]
    public void SameSiteNone_WithoutSecure_Throws()
        => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { SameSite = CookieSameSite.None }.ToHeaderValue());

    [TestMethod]
    public void Partitioned_WithoutSecure_Throws()
        => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Partitioned = true }.ToHeaderValue());

    [TestMethod]
    public void QuotedValue_WrappedInDquotes()
        => new SetCookie("a", "b c".Replace(" ", "", StringComparison.Ordinal)) { QuoteValue = true }.ToHeaderValue().ShouldBe("a=\"bc\"");

    [TestMethod]
    public void EmptyValue_Allowed() => new SetCookie("a", "").ToHeaderValue().ShouldBe("a=");

    [TestMethod]
    public void Delete_ExpiresInThePast()
        => SetCookie.Delete("sid").ToHeaderValue().ShouldBe("sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");

    [TestMethod]
    [DataRow("")]
    [DataRow("a b")]
    [DataRow("a;b")]
    [DataRow("a=b")]
    [DataRow("a\r\nSet-Cookie: x")]
    [DataRow("a\u0000")]
    [DataRow("a,b")]
    [DataRow("(a)")]
    [DataRow("caf\u00e9")]
    public void Name_NotAToken_Throws(string name) => Should.Throw<ArgumentException>(() => new SetCookie(name, "v"));

    [TestMethod]
    [DataRow("a b")]
    [DataRow("a;b")]
    [DataRow("a,b")]
    [DataRow("a\"b")]
    [DataRow("\"quoted\"")]
    [DataRow("a\\b")]
    [DataRow("x\r\nSet-Cookie: evil=1")]
    [DataRow("x\nSet-Cookie: evil=1")]
    [DataRow("x\u0000")]
    [DataRow("x\u007f")]
    [DataRow("x\tb")]
    [DataRow("caf\u00e9")]
    public void Value_NotCookieOctets_Throws(string value) => Should.Throw<ArgumentException>(() => new SetCookie("a", value));

    [TestMethod]
    [DataRow("a.com; HttpOnly")]
    [DataRow("a.com;")]
    [DataRow("a.com\r\nSet-Cookie: x=y")]
    [DataRow("a.com\n")]
    [DataRow("a.com\u0000")]
    [DataRow("a com")]
    [DataRow("")]
    [DataRow("a.com/")]
    [DataRow("b\u00fccher.de")]
    public void Domain_Injection_Throws(string domain)
        => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Domain = domain });

    [TestMethod]
    [DataRow("/;\r\nSet-Cookie: x=y")]
    [DataRow("/; Secure")]
    [DataRow("/a\nb")]
    [DataRow("/a\rb")]
    [DataRow("/a\u0000")]
    [DataRow("/a\u0001")]
    [DataRow("/a\u007f")]
    [DataRow("/caf\u00e9")]
    [DataRow("relative")]
    [DataRow("")]
    public void Path_Injection_Throws(string path)
        => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Path = path });

    [TestMethod]
    public void Path_WithSpaceAndPunctuation_Allowed()
        => new SetCookie("a", "b") { Path = "/a b/c=d,e" }.ToHeaderValue().ShouldBe("a=b; Path=/a b/c=d,e");

    [TestMethod]
    public void Domain_WithLeadingDot_Allowed()
        => new SetCookie("a", "b") { Domain = ".example.com" }.ToHeaderValue().ShouldBe("a=b; Domain=.example.com");

    [TestMethod]
    public void MaxAge_Negative_Throws() => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { MaxAge = -1 });

    [TestMethod]
    public void MaxAge_Zero_Written() => new SetCookie("a", "b") { MaxAge = 0 }.ToHeaderValue().ShouldBe("a=b; Max-Age=0");

    [TestMethod]
    public void SameSite_Undefined_Throws()
        => Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { SameSite = (CookieSameSite)42 });

    [TestMethod]
    public void With_Expression_IsValidatedToo()
    {
        var cookie = new SetCookie("a", "b");
        Should.Throw<ArgumentException>(() => cookie with { Path = "/x;y" });
        Should.Throw<ArgumentException>(() => cookie with { Value = "x y" });
    }

    [TestMethod]
    public void SecurePrefix_RequiresSecure()
    {
        Should.Throw<ArgumentException>(() => new SetCookie("__Secure-id", "1").ToHeaderValue());
        new SetCookie("__Secure-id", "1") { Secure = true }.ToHeaderValue().ShouldBe("__Secure-id=1; Secure");
    }

    [TestMethod]
    public void HostPrefix_RequiresSecure_RootPath_NoDomain()
    {
        Should.Throw<ArgumentException>(() => new SetCookie("__Host-id", "1") { Path = "/" }.ToHeaderValue());
        Should.Throw<ArgumentException>(() => new SetCookie("__Host-id", "1") { Secure = true }.ToHeaderValue());
        Should.Throw<ArgumentException>(() => new SetCookie("__Host-id", "1") { Secure = true, Path = "/a" }.ToHeaderValue());
        Should.Throw<ArgumentException>(() => new SetCookie("__host-id", "1") { Secure = true, Path = "/", Domain = "a.com" }.ToHeaderValue());
        new SetCookie("__Host-id", "1") { Secure = true, Path = "/" }.ToHeaderValue().ShouldBe("__Host-id=1; Path=/; Secure");
    }

    [TestMethod]
    public void NameAndValue_Over4096_Throws()
    {
        new SetCookie("a", new string('x', 4095)).ToHeaderValue().Length.ShouldBe(4097);
        Should.Throw<ArgumentException>(() => new SetCookie("a", new string('x', 4096)).ToHeaderValue());
    }

    [TestMethod]
    public void LongValue_FormatsBeyondStackBuffer()
    {
        var value = new string('v', 3000);
        new SetCookie("a", value) { Path = "/" + new string('p', 1000) }.ToHeaderValue()
            .ShouldBe("a=" + value + "; Path=/" + new string('p', 1000));
    }

    [TestMethod]
    public void TryFormat_TooSmall_ReturnsFalse_ExactFits()
    {
        var cookie = new SetCookie("a", "b") { Path = "/" };
        var expected = "a=b; Path=/";
        Span<char> small = stackalloc char[expected.Length - 1];
        cookie.TryFormat(small, out var written).ShouldBeFalse();
        written.ShouldBe(0);
        Span<char> exact = stackalloc char[expected.Length];
        cookie.TryFormat(exact, out written).ShouldBeTrue();
        exact[..written].ToString().ShouldBe(expected);
    }

    [TestMethod]
    public void Builder_BuildsTheSameValue()
    {
        var header = new SetCookieBuilder("sid", "abc")
            .Path("/").Domain("example.com").Secure().HttpOnly().SameSite(CookieSameSite.Lax)
            .MaxAge(TimeSpan.FromMinutes(90.5)).Expires(DateTimeOffset.UnixEpoch).Partitioned().QuoteValue()
            .ToHeaderValue();
        header.ShouldBe("sid=\"abc\"; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=5430; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned");
    }

    [TestMethod]
    public void Builder_ValidatesEachCall()
    {
        var builder = new SetCookieBuilder("a", "b");
        Should.Throw<ArgumentException>(() => builder.Path("/;\r\nSet-Cookie: x=y"));
        Should.Throw<ArgumentException>(() => builder.Domain("a.com; HttpOnly"));
        Should.Throw<ArgumentException>(() => builder.MaxAge(-5));
        Should.Throw<ArgumentException>(() => new SetCookieBuilder("a b", "c"));
        Should.Throw<ArgumentException>(() => builder.SameSite(CookieSameSite.None).ToHeaderValue());
        builder.Secure().ToHeaderValue().ShouldBe("a=b; Secure; SameSite=None");
        builder.Build().Secure.ShouldBeTrue();
    }

    [TestMethod]
    public void RoundTrip_ThroughCookieParser()
    {
        var header = new SetCookie("n", "v!#$%&'()*+-./:<=>?@[]^_`{|}~") { QuoteValue = true }.ToHeaderValue();
        var pair = header; // a user agent sends back "name=value" (RFC 6265 §5.4)
        CookieParser.TryParse(pair, out var cookies, out _).ShouldBeTrue();
        cookies.Get("n").ShouldBe("v!#$%&'()*+-./:<=>?@[]^_`{|}~");
    }
}
