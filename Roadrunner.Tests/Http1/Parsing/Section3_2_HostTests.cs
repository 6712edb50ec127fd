using Roadrunner.Http1;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §3.2: the Host header field.</summary>
[TestClass]
public sealed class Section3_2_HostTests
{
    /// <summary>
    /// RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message
    /// that lacks a Host header field".
    /// </summary>
    [TestMethod]
    public void S3_2_Http11WithoutHost_Is400() =>
        ShouldReject("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, Http1Errors.HostMissing);

    /// <summary>RFC 9112 §3.2: the Host requirement is for HTTP/1.1; an HTTP/1.0 request may omit it.</summary>
    [TestMethod]
    public void S3_2_Http10WithoutHost_IsAccepted() =>
        ShouldAccept("GET / HTTP/1.0\r\n\r\n").HostIndex.ShouldBe(-1);

    /// <summary>RFC 9112 §3.2: 400 "to any request message that contains more than one Host header field line".</summary>
    [TestMethod]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")]
    [DataRow("GET / HTTP/1.0\r\nHOST: a\r\nHost: b\r\n\r\n")]
    public void S3_2_MoreThanOneHost_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.HostDuplicate);

    /// <summary>RFC 9112 §3.2: 400 to a request with "a Host header field with an invalid field value" (uri-host [ ":" port ]).</summary>
    [TestMethod]
    [DataRow("exa mple.com")]
    [DataRow("example.com/path")]
    [DataRow("user@example.com")]
    [DataRow("example.com:80x")]
    [DataRow("example.com:80:81")]
    [DataRow("[::1")]
    [DataRow("[zz::1]")]
    [DataRow("a\"b")]
    [DataRow("%zz")]
    public void S3_2_InvalidHost_Is400(string host) =>
        ShouldReject($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n", 400, Http1Errors.HostInvalid);

    /// <summary>RFC 9112 §3.2 / RFC 3986 §3.2.2: reg-name, IPv4, IP-literal, optional port; an empty value is allowed.</summary>
    [TestMethod]
    [DataRow("example.com")]
    [DataRow("example.com:8080")]
    [DataRow("127.0.0.1:80")]
    [DataRow("[::1]:8080")]
    [DataRow("[v1.fe80::a+en1]")]
    [DataRow("0.0.0.0=5000")]
    [DataRow("under_score.example")]
    [DataRow("%41.example")]
    [DataRow("")]
    public void S3_2_ValidHost_IsAccepted(string host)
    {
        var request = ShouldAccept($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        request.HostIndex.ShouldBe(0);
        request.Fields[0].Value.ShouldBe(host);
    }

    /// <summary>HostIndex points at the Host field among the others.</summary>
    [TestMethod]
    public void S3_2_HostIndex_PointsAtHost()
    {
        var request = ShouldAccept("GET / HTTP/1.1\r\nAccept: */*\r\nUser-Agent: t\r\nhOsT: example.com\r\n\r\n");
        request.HostIndex.ShouldBe(2);
        request.Fields[2].Value.ShouldBe("example.com");
    }
}
