using Roadrunner.Server.Cookies;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Requests;

/// <summary><c>Request.Cookies</c> read by the cookie parser over real sockets, and Set-Cookie written safely.</summary>
[TestClass]
public sealed class CookieAccessorTests
{
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_server = await TestServer.StartAsync(
        [
            Route.Get("/c", req => Response.Text(200,
                string.Join(";", req.Cookies.Select(c => $"{c.Key}={c.Value}"))
                + $"|{req.Cookies.Count}|{req.Cookies.GetValueOrDefault("sid", "-")}|{req.CookieError.Kind}")),
            Route.Get("/login", _ => Response.Text(200, "ok")
                .WithHeader("set-cookie", new SetCookie("sid", "abc123") { Path = "/", HttpOnly = true, Secure = true, SameSite = CookieSameSite.Lax }.ToHeaderValue())
                .WithHeader("set-cookie", new SetCookieBuilder("theme", "dark").MaxAge(3600).ToHeaderValue())),
        ]);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    private static async Task<string> Cookies(params string[] headers) => (await Exchange.GetAsync(s_server.Port, "/c", headers)).BodyText;

    [TestMethod]
    public async Task NoCookieField_IsEmpty()
        => (await Cookies()).ShouldBe("|0|-|None");

    [TestMethod]
    [DataRow("sid=abc; theme=dark", "sid=abc;theme=dark|2|abc|None")]
    [DataRow("sid=\"quoted\"", "sid=quoted|1|quoted|None")]
    [DataRow("  sid = abc ;;; ", "sid=abc|1|abc|None")]
    [DataRow("novalue; sid=1; =nameless; bad name=2", "sid=1|1|1|None")]
    [DataRow("SID=upper; sid=lower", "SID=upper;sid=lower|2|lower|None")]
    [DataRow("a=b=c", "a=b=c|1|-|None")]
    public async Task CookieField_IsParsed(string field, string expected)
        => (await Cookies($"Cookie: {field}")).ShouldBe(expected);

    /// <summary>RFC 6265 §5.4: the first of a repeated name is the most specific one, and wins; lines form one list.</summary>
    [TestMethod]
    public async Task RepeatedNames_FirstWins_AcrossLines()
        => (await Cookies("Cookie: sid=first; a=1", "Cookie: sid=second; b=2")).ShouldBe("sid=first;a=1;b=2|3|first|None");

    [TestMethod]
    public async Task TooManyCookies_IsEmptyWithReason()
    {
        var field = string.Join("; ", Enumerable.Range(0, CookieOptions.Default.MaxCookieCount + 1).Select(i => $"c{i}=v"));
        (await Cookies($"Cookie: {field}")).ShouldBe("|0|-|TooManyCookies");
    }

    [TestMethod]
    public async Task CookieTooLong_IsEmptyWithReason()
        => (await Cookies($"Cookie: sid={new string('x', CookieOptions.Default.MaxCookieLength)}")).ShouldBe("|0|-|CookieTooLong");

    [TestMethod]
    public async Task SetCookie_IsSentAsBuilt()
    {
        var r = await Exchange.GetAsync(s_server.Port, "/login");
        r.Headers.Where(h => h.Key == "set-cookie").Select(h => h.Value)
            .ShouldBe(["sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax", "theme=dark; Max-Age=3600"]);
    }

    /// <summary>Whatever a handler tries to smuggle into Set-Cookie, it throws before a byte is written.</summary>
    [TestMethod]
    [DataRow("v\r\nSet-Cookie: admin=1")]
    [DataRow("v\nX: y")]
    [DataRow("v; Domain=evil.example")]
    [DataRow("v,other=1")]
    [DataRow("v\0")]
    public void SetCookie_ValueInjection_Throws(string value)
        => Should.Throw<ArgumentException>(() => new SetCookie("sid", value));

    [TestMethod]
    [DataRow("sid\r\nX")]
    [DataRow("sid;")]
    [DataRow("s id")]
    [DataRow("")]
    public void SetCookie_NameInjection_Throws(string name)
        => Should.Throw<ArgumentException>(() => new SetCookie(name, "v"));

    [TestMethod]
    public void SetCookie_AttributeInjection_Throws()
    {
        Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Path = "/\r\nX: y" });
        Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Path = "/; Domain=evil" });
        Should.Throw<ArgumentException>(() => new SetCookie("a", "b") { Domain = "x.example; Secure" });
        Should.Throw<ArgumentException>(() => Response.Text(200, "x").WithHeader("set-cookie", "a=b\r\nSet-Cookie: admin=1"));
    }
}
