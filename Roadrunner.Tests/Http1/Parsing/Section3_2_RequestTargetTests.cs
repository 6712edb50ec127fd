using Roadrunner.Http1;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §3.2: the four forms of request-target and the URI characters they may hold.</summary>
[TestClass]
public sealed class Section3_2_RequestTargetTests
{
    /// <summary>RFC 9112 §3.2.1: origin-form = absolute-path [ "?" query ].</summary>
    [TestMethod]
    [DataRow("/", "/", null)]
    [DataRow("/a/b", "/a/b", null)]
    [DataRow("/a?", "/a", "")]
    [DataRow("/a?b=c&d=e", "/a", "b=c&d=e")]
    [DataRow("/test.cgi?foo=bar?baz", "/test.cgi", "foo=bar?baz")]
    [DataRow("//double", "//double", null)]
    [DataRow("/%41%2f%Ff", "/%41%2f%Ff", null)]
    [DataRow("/a:b@c!$&'()*+,;=-._~", "/a:b@c!$&'()*+,;=-._~", null)]
    [DataRow("/?/?:@", "/", "/?:@")]
    public void S3_2_1_OriginForm_SplitsPathAndQuery(string target, string path, string? query)
    {
        var request = ShouldAccept($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n");
        request.TargetForm.ShouldBe(RequestTargetForm.Origin);
        request.Target.ShouldBe(target);
        request.Path.ShouldBe(path);
        request.Query.ShouldBe(query);
    }

    /// <summary>RFC 9112 §3.2.2: "a server MUST accept the use of the absolute-form in requests".</summary>
    [TestMethod]
    [DataRow("http://example.com/a?b", "/a", "b")]
    [DataRow("http://example.com", "", null)]
    [DataRow("https://example.com:8443/", "/", null)]
    [DataRow("http://hypnotoad.org?hail=all", "", "hail=all")]
    [DataRow("http://[::1]:80/x", "/x", null)]
    [DataRow("HTTP://EXAMPLE.COM/", "/", null)]
    public void S3_2_2_AbsoluteForm_IsAccepted(string target, string path, string? query)
    {
        var request = ShouldAccept($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n");
        request.TargetForm.ShouldBe(RequestTargetForm.Absolute);
        request.Path.ShouldBe(path);
        request.Query.ShouldBe(query);
    }

    /// <summary>RFC 9112 §3.2.2: absolute-form is an absolute-URI; ours are scheme "://" authority path-abempty [ "?" query ].</summary>
    [TestMethod]
    [DataRow("http:/x")]
    [DataRow("example.com:80")]
    [DataRow("1http://a/")]
    [DataRow("http://exa mple/")]
    [DataRow("http://a:b:c/")]
    [DataRow("http://[::1/")]
    [DataRow("http://a/[x]")]
    [DataRow("mailto:someone")]
    public void S3_2_2_MalformedAbsoluteForm_Is400(string target)
    {
        var result = Read($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n");
        result.Outcome.ShouldBe(Roadrunner.Tests.TestSupport.ReadOutcome.Error);
        result.Error.StatusCode.ShouldBe(400);
    }

    /// <summary>RFC 9112 §3.2.2 with the two precise reasons checked.</summary>
    [TestMethod]
    public void S3_2_2_AbsoluteFormReasons()
    {
        ShouldReject("GET http:/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.AbsoluteFormInvalid);
        ShouldReject("GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.AbsoluteFormInvalid);
    }

    /// <summary>RFC 9110 §4.2.4: "a recipient SHOULD parse for userinfo and treat its presence as an error".</summary>
    [TestMethod]
    [DataRow("http://user@example.com/")]
    [DataRow("http://a%12:b!&*$@hypnotoad.org:1234/toto")]
    public void S4_2_4_UserInfoInAbsoluteForm_Is400(string target) =>
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.TargetUserInfo);

    /// <summary>RFC 9112 §3.2.3: "The authority-form of request-target is only used for CONNECT requests".</summary>
    [TestMethod]
    [DataRow("example.com:443")]
    [DataRow("home_0.netscape.com:443")]
    [DataRow("127.0.0.1:8080")]
    [DataRow("[2001:db8::1]:443")]
    public void S3_2_3_AuthorityForm_WithConnect_IsAccepted(string target)
    {
        var request = ShouldAccept($"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n");
        request.TargetForm.ShouldBe(RequestTargetForm.Authority);
        request.KnownMethod.ShouldBe(KnownMethod.Connect);
        request.Path.ShouldBe(target);
    }

    /// <summary>
    /// RFC 9112 §3.2.3: authority-form = uri-host ":" port, and RFC 9110 §9.3.6: "a client MUST send the port number";
    /// CONNECT is only made with authority-form.
    /// </summary>
    [TestMethod]
    [DataRow("example.com")]
    [DataRow("example.com:")]
    [DataRow(":443")]
    [DataRow("/path")]
    [DataRow("http://example.com:443/")]
    [DataRow("*")]
    [DataRow("example.com:44x")]
    public void S3_2_3_ConnectWithoutAuthorityForm_Is400(string target) =>
        ShouldReject($"CONNECT {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.ConnectRequiresAuthorityForm);

    /// <summary>RFC 9112 §3.2.4: "The asterisk-form of request-target is only used for a server-wide OPTIONS request".</summary>
    [TestMethod]
    public void S3_2_4_AsteriskForm_WithOptions_IsAccepted()
    {
        var request = ShouldAccept("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
        request.TargetForm.ShouldBe(RequestTargetForm.Asterisk);
        request.Target.ShouldBe("*");
    }

    /// <summary>RFC 9112 §3.2.4: asterisk-form with any other method is rejected.</summary>
    [TestMethod]
    [DataRow("GET")]
    [DataRow("M-SEARCH")]
    [DataRow("PRI")]
    [DataRow("options")]
    public void S3_2_4_AsteriskForm_WithOtherMethod_Is400(string method) =>
        ShouldReject($"{method} * HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.AsteriskFormRequiresOptions);

    /// <summary>The HTTP/2 connection preface read as HTTP/1.1 is refused (PRI * with the asterisk-form rule).</summary>
    [TestMethod]
    public void S3_2_4_Http2Preface_Is400() =>
        ShouldReject("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, Http1Errors.AsteriskFormRequiresOptions);

    /// <summary>
    /// RFC 9112 §3.2: the request-target is URI syntax (RFC 3986 §2): no CTL, no non-ASCII, and none of the characters
    /// URIs never contain (" &lt; &gt; \ ^ ` { | }).
    /// </summary>
    [TestMethod]
    [DataRow("/a\u0000b")]
    [DataRow("/a\tb")]
    [DataRow("/a\u007fb")]
    [DataRow("/\u00e9")]
    [DataRow("/\u00ff")]
    [DataRow("/with_\"quotes\"")]
    [DataRow("/a|b")]
    [DataRow("/a<b>")]
    [DataRow("/a\\b")]
    [DataRow("/a^b")]
    [DataRow("/a`b")]
    [DataRow("/a{b}")]
    public void S3_2_TargetCharacterOutsideUriGrammar_Is400(string target) =>
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.TargetInvalidCharacter);

    /// <summary>RFC 9112 §3.2 / RFC 9110 §4.2.5: the fragment is not sent in a request-target.</summary>
    [TestMethod]
    [DataRow("/a#b")]
    [DataRow("/forums/1/topics/2375?page=1#posts-17408")]
    [DataRow("#")]
    public void S3_2_Fragment_Is400(string target) =>
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.TargetFragment);

    /// <summary>RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG.</summary>
    [TestMethod]
    [DataRow("/%")]
    [DataRow("/%4")]
    [DataRow("/%zz")]
    [DataRow("/a?%g1")]
    public void S3_2_BadPercentEncoding_Is400(string target) =>
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.TargetInvalidPercentEncoding);

    /// <summary>RFC 3986 §3.3: '[' and ']' are gen-delims that cannot appear in a path or a query.</summary>
    [TestMethod]
    [DataRow("/a[0]")]
    [DataRow("/a?b[]=1")]
    public void S3_2_1_BracketsInOriginForm_Is400(string target) =>
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.OriginFormInvalid);
}
