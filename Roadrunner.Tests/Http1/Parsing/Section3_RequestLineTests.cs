using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §3 and §2.3: request-line = method SP request-target SP HTTP-version.</summary>
[TestClass]
public sealed class Section3_RequestLineTests
{
    /// <summary>RFC 9112 §3.1: "The method token indicates the request method to be performed"; methods are case-sensitive (RFC 9110 §9.1).</summary>
    [TestMethod]
    [DataRow("GET", KnownMethod.Get)]
    [DataRow("HEAD", KnownMethod.Head)]
    [DataRow("POST", KnownMethod.Post)]
    [DataRow("PUT", KnownMethod.Put)]
    [DataRow("DELETE", KnownMethod.Delete)]
    [DataRow("OPTIONS", KnownMethod.Options)]
    [DataRow("TRACE", KnownMethod.Trace)]
    [DataRow("PATCH", KnownMethod.Patch)]
    [DataRow("get", KnownMethod.Custom)]
    [DataRow("PROPFIND", KnownMethod.Custom)]
    [DataRow("M-SEARCH", KnownMethod.Custom)]
    [DataRow("X!#$%&'*+-.^_`|~1", KnownMethod.Custom)]
    public void S3_1_MethodToken_IsRecognised(string method, KnownMethod known)
    {
        var request = ShouldAccept($"{method} /x HTTP/1.1\r\nHost: a\r\n\r\n");
        request.Method.ShouldBe(method);
        request.KnownMethod.ShouldBe(known);
        request.MethodOffset.ShouldBe(0);
        request.TargetOffset.ShouldBe(method.Length + 1);
    }

    /// <summary>RFC 9112 §3.1: method = token (RFC 9110 §5.6.2: 1*tchar).</summary>
    [TestMethod]
    [DataRow("G(ET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GE\"T / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GÉT / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET\u0000 / HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void S3_1_MethodNotToken_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.MethodInvalid);

    /// <summary>
    /// RFC 9112 §3: "A recipient ... MUST parse [the request-line] ... separated by a single space (SP)"; leniency
    /// with whitespace in the request-line is a smuggling vector, so anything but one SP is rejected.
    /// </summary>
    [TestMethod]
    [DataRow("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow(" GET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET /\r\nHost: a\r\n\r\n")]
    [DataRow("GET\r\nHost: a\r\n\r\n")]
    [DataRow("GET \r\nHost: a\r\n\r\n")]
    public void S3_NotSingleSpaceSeparated_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.RequestLineInvalid);

    /// <summary>RFC 9112 §3: a second SP after the target leaves "SP HTTP/1.1" as the version, which is invalid.</summary>
    [TestMethod]
    [DataRow("GET /  HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1 \r\nHost: a\r\n\r\n")]
    [DataRow("GET / http/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/11\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/a.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / RTSP/1.0\r\nHost: a\r\n\r\n")]
    [DataRow("GET / ICE/1.0\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.10\r\nHost: a\r\n\r\n")]
    public void S2_3_MalformedVersion_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.VersionInvalid);

    /// <summary>RFC 9110 §15.6.6: 505 "indicates that the server does not support ... the major version of HTTP that was used in the request message".</summary>
    [TestMethod]
    [DataRow("HTTP/2.0")]
    [DataRow("HTTP/0.9")]
    [DataRow("HTTP/1.2")]
    [DataRow("HTTP/5.6")]
    [DataRow("HTTP/3.0")]
    public void S2_3_UnsupportedVersion_Is505(string version) =>
        ShouldReject($"GET / {version}\r\nHost: a\r\n\r\n", 505, Http1Errors.VersionNotSupported);

    /// <summary>An unsupported version is answered as soon as its eight bytes are in, without waiting for the line end.</summary>
    [TestMethod]
    public void S2_3_UnsupportedVersion_IsAnsweredBeforeLineEnd()
    {
        var (status, _, _, error) = ParseHead("GET / HTTP/5.6");
        status.ShouldBe(Http1ParseStatus.Error);
        error.StatusCode.ShouldBe(505);
    }

    /// <summary>RFC 9112 §2.3: HTTP/1.0 and HTTP/1.1 are read as such.</summary>
    [TestMethod]
    public void S2_3_Http10AndHttp11_AreAccepted()
    {
        ShouldAccept("GET / HTTP/1.0\r\n\r\n").Version.ShouldBe(Http1Version.Http10);
        ShouldAccept("GET / HTTP/1.1\r\nHost: a\r\n\r\n").Version.ShouldBe(Http1Version.Http11);
    }

    /// <summary>
    /// RFC 9112 §3: "A server that receives a request-target longer than any URI it wishes to parse MUST respond with
    /// a 414 (URI Too Long) status code"; the limit applies to the whole request-line.
    /// </summary>
    [TestMethod]
    public void S3_RequestLineAtLimit_IsAccepted()
    {
        var options = new Http1Options { MaxRequestLineLength = 64 };
        string target = "/" + new string('a', 64 - "GET  HTTP/1.1".Length - 1);
        ShouldAccept($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", options);
    }

    /// <summary>RFC 9112 §3: one byte over the request-line limit is 414.</summary>
    [TestMethod]
    public void S3_RequestLineOverLimit_Is414()
    {
        var options = new Http1Options { MaxRequestLineLength = 64 };
        string target = "/" + new string('a', 64 - "GET  HTTP/1.1".Length);
        ShouldReject($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n", 414, Http1Errors.RequestLineTooLong, options);
    }

    /// <summary>RFC 9112 §3: a request-line already over the limit is 414 before its CRLF arrives.</summary>
    [TestMethod]
    [DataRow("GET /")]
    [DataRow("GETGETGET")]
    [DataRow("GET / HTTP/1.1")]
    public void S3_RequestLineOverLimitWithoutCrlf_Is414Immediately(string start)
    {
        var options = new Http1Options { MaxRequestLineLength = 16 };
        string request = start + new string('a', 20);
        if (start == "GET / HTTP/1.1") request = "GET /" + new string('a', 12) + " HTTP/1.1";
        var parser = new Http1RequestParser(options);
        var status = parser.ParseHead(Bytes(request), new RequestHead(), out _, out var error);
        status.ShouldBe(Http1ParseStatus.Error);
        error.ShouldBe(new Http1Error(414, Http1Errors.RequestLineTooLong));
    }

    /// <summary>RFC 9112 §3: the default request-line limit is 8192 bytes.</summary>
    [TestMethod]
    public void S3_DefaultRequestLineLimit_Is8192()
    {
        Http1Options.Default.MaxRequestLineLength.ShouldBe(8192);
        string target = "/" + new string('a', 8192 - "GET  HTTP/1.1".Length - 1);
        ShouldAccept($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n");
        ShouldReject($"GET {target}a HTTP/1.1\r\nHost: a\r\n\r\n", 414, Http1Errors.RequestLineTooLong);
    }
}
