using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §2.2: message parsing — line terminators and empty lines before the request-line.</summary>
[TestClass]
public sealed class Section2_2_MessageParsingTests
{
    /// <summary>
    /// RFC 9112 §2.2: "A sender MUST NOT generate a bare CR (a CR character not immediately followed by LF) within
    /// any protocol elements other than the content. A recipient of such a bare CR MUST consider that element to be
    /// invalid".
    /// </summary>
    [TestMethod]
    [DataRow("GET / HTTP/1.1\rHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\n\rX")]
    [DataRow("\rGET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nContent\rLength: 3\r\nHost: a\r\n\r\nabc")]
    public void S2_2_BareCarriageReturn_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.BareCarriageReturn);

    /// <summary>
    /// RFC 9112 §2.2: "Although the line terminator for the start-line and fields is the sequence CRLF, a recipient
    /// MAY recognize a single LF as a line terminator". We do not: a bare LF lets a front end and a back end split
    /// lines differently.
    /// </summary>
    [TestMethod]
    [DataRow("GET / HTTP/1.1\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\n\n")]
    [DataRow("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nX: x\nTransfer-Encoding: chunked\r\n\r\n")]
    public void S2_2_BareLineFeed_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.BareLineFeed);

    /// <summary>
    /// RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD ignore at least one
    /// empty line (CRLF) received prior to the request-line."
    /// </summary>
    [TestMethod]
    public void S2_2_EmptyLinesBeforeRequestLine_AreIgnored()
    {
        var request = ShouldAccept("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        request.MethodOffset.ShouldBe(4);
        request.Method.ShouldBe("GET");
        request.End.ShouldBe(4 + 27);
    }

    /// <summary>RFC 9112 §2.2: the number of ignored empty lines is bounded, or an idle peer could feed CRLFs forever.</summary>
    [TestMethod]
    public void S2_2_TooManyEmptyLines_Is400()
    {
        string prefix = string.Concat(Enumerable.Repeat("\r\n", Http1RequestParser.MaxLeadingEmptyLines));
        ShouldAccept(prefix + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        ShouldReject(prefix + "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.TooManyEmptyLines);
    }

    /// <summary>RFC 9112 §2.2: consumed covers the ignored empty lines and the head; HeadLength only the head.</summary>
    [TestMethod]
    public void S2_2_Consumed_IncludesIgnoredEmptyLines()
    {
        var (status, head, consumed, _) = ParseHead("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nbody");
        status.ShouldBe(Http1ParseStatus.Complete);
        consumed.ShouldBe(29);
        head.HeadLength.ShouldBe(27);
        head.MethodOffset.ShouldBe(2);
    }

    /// <summary>RFC 9112 §2.1: the head ends at the empty line; the body bytes after it are not consumed.</summary>
    [TestMethod]
    public void S2_1_HeadEndsAtEmptyLine_BodyNotConsumed()
    {
        var (status, _, consumed, error) = ParseHead("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
        status.ShouldBe(Http1ParseStatus.Complete);
        error.IsNone.ShouldBeTrue();
        consumed.ShouldBe(47);
    }

    /// <summary>Until the empty line arrives, the head is incomplete, whatever the split.</summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\n\r")]
    [DataRow("GET / HTT")]
    public void S2_1_IncompleteHead_NeedsMoreData(string request)
    {
        var (status, _, consumed, error) = ParseHead(request);
        status.ShouldBe(Http1ParseStatus.NeedMoreData);
        consumed.ShouldBe(0);
        error.IsNone.ShouldBeTrue();
        Read(request).Outcome.ShouldBe(request.Trim('\r', '\n').Length == 0 ? ReadOutcome.AtBoundary : ReadOutcome.Partial);
    }
}
