using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §6 and RFC 9110 §8.6: how the head frames the body — Content-Length and Transfer-Encoding.</summary>
[TestClass]
public sealed class Section6_BodyFramingTests
{
    private static string Post(string fields, string body = "") => $"POST / HTTP/1.1\r\nHost: a\r\n{fields}\r\n{body}";

    /// <summary>RFC 9112 §6.3 (7): a request without Content-Length or Transfer-Encoding has no body.</summary>
    [TestMethod]
    public void S6_3_NoFramingFields_MeansNoBody()
    {
        var request = ShouldAccept("POST / HTTP/1.1\r\nHost: a\r\n\r\n");
        request.Framing.ShouldBe(BodyFraming.None);
        request.ContentLength.ShouldBe(-1);
        request.Body.ShouldBeEmpty();
    }

    /// <summary>RFC 9110 §8.6: Content-Length = 1*DIGIT; leading zeros are digits too.</summary>
    [TestMethod]
    [DataRow("Content-Length: 3", 3)]
    [DataRow("Content-Length: 003", 3)]
    [DataRow("content-length:\t3\t", 3)]
    [DataRow("CONTENT-LENGTH:  3  ", 3)]
    [DataRow("Content-Length: 0", 0)]
    public void S8_6_ValidContentLength_FramesTheBody(string field, long length)
    {
        var request = ShouldAccept(Post(field + "\r\n", new string('x', (int)length)));
        request.Framing.ShouldBe(BodyFraming.ContentLength);
        request.ContentLength.ShouldBe(length);
        request.Body.Length.ShouldBe((int)length);
    }

    /// <summary>
    /// RFC 9110 §8.6: "a recipient of a Content-Length header field value consisting of the same decimal value
    /// repeated as a comma-separated list (e.g, "Content-Length: 42, 42") MAY ... replace that invalid field value with
    /// a single instance of the decimal value"; repeated field lines with the same value likewise.
    /// </summary>
    [TestMethod]
    [DataRow("Content-Length: 3, 3\r\n")]
    [DataRow("Content-Length: 3,3,03\r\n")]
    [DataRow("Content-Length: 3\r\nContent-Length: 3\r\n")]
    public void S8_6_RepeatedSameContentLength_Collapses(string fields) =>
        ShouldAccept(Post(fields, "abc")).ContentLength.ShouldBe(3);

    /// <summary>RFC 9112 §6.3 (5): "If a message is received without Transfer-Encoding and with an invalid Content-Length header field, then the message framing is invalid ... the server MUST respond with a 400".</summary>
    [TestMethod]
    [DataRow("Content-Length: 3, 4\r\n")]
    [DataRow("Content-Length: 1\r\nContent-Length: 2\r\n")]
    public void S6_3_DifferingContentLengths_Is400(string fields) =>
        ShouldReject(Post(fields, "abcd"), 400, Http1Errors.ContentLengthConflict);

    /// <summary>RFC 9110 §8.6: Content-Length = 1*DIGIT — no sign, no space inside, no hex, not empty.</summary>
    [TestMethod]
    [DataRow("Content-Length: -1")]
    [DataRow("Content-Length: +3")]
    [DataRow("Content-Length: 4 2")]
    [DataRow("Content-Length: 0x3")]
    [DataRow("Content-Length: 3a")]
    [DataRow("Content-Length: 3.0")]
    [DataRow("Content-Length:")]
    [DataRow("Content-Length: 3,")]
    [DataRow("Content-Length: ,3")]
    [DataRow("Content-Length: \"3\"")]
    [DataRow("Content-Length: \u00b3")]
    public void S8_6_InvalidContentLength_Is400(string field) =>
        ShouldReject(Post(field + "\r\n", "abc"), 400, Http1Errors.ContentLengthInvalid);

    /// <summary>
    /// RFC 9110 §8.6: "a recipient MUST anticipate potentially large decimal numerals and prevent parsing errors due to
    /// integer conversion overflows"; a length over the limit is 413 at head time, however many digits it has.
    /// </summary>
    [TestMethod]
    [DataRow("10000001")]
    [DataRow("9223372036854775807")]
    [DataRow("9223372036854775808")]
    [DataRow("1000000000000000000000")]
    public void S8_6_ContentLengthOverLimit_Is413(string value) =>
        ShouldReject(Post($"Content-Length: {value}\r\n"), 413, Http1Errors.ContentLengthTooLarge, new Http1Options { MaxContentLength = 10_000_000 });

    /// <summary>A length over the limit is answered at the field, before the head is complete.</summary>
    [TestMethod]
    public void S8_6_ContentLengthOverLimit_IsAnsweredBeforeEndOfHead()
    {
        var (status, _, _, error) = ParseHead("PUT / HTTP/1.1\r\nContent-Length: 1000000000000000000000\r\n");
        status.ShouldBe(Roadrunner.Http1.Http1ParseStatus.Error);
        error.StatusCode.ShouldBe(413);
    }

    /// <summary>Leading zeros do not count towards the magnitude.</summary>
    [TestMethod]
    public void S8_6_LongRunOfLeadingZeros_IsItsValue() =>
        ShouldAccept(Post("Content-Length: 0000000000000000000000000003\r\n", "abc")).ContentLength.ShouldBe(3);

    /// <summary>
    /// RFC 9112 §6.1: "A sender MUST NOT send a Content-Length header field in any message that contains a
    /// Transfer-Encoding header field"; §6.3 (3): such a message "ought to be handled as an error", and the server
    /// "MUST close the connection after responding". We answer 400, in either order.
    /// </summary>
    [TestMethod]
    [DataRow("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")]
    [DataRow("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n")]
    [DataRow("Content-Length: 1\r\nTransfer-Encoding: identity\r\n")]
    [DataRow("Content-Length: 10\r\nTransfer-Encoding:\r\nTransfer-Encoding:\r\n")]
    [DataRow("Transfer-Encoding: gzip\r\nContent-Length: 0\r\n")]
    public void S6_3_TransferEncodingWithContentLength_Is400(string fields) =>
        ShouldReject(Post(fields, "0\r\n\r\n"), 400, Http1Errors.TransferEncodingWithContentLength);

    /// <summary>RFC 9112 §7: transfer coding names are case-insensitive; OWS around the value (HTAB included) is not part of it.</summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: chunked")]
    [DataRow("Transfer-Encoding: Chunked")]
    [DataRow("transfer-encoding: CHUNKED")]
    [DataRow("Transfer-Encoding:\tchunked")]
    [DataRow("Transfer-Encoding:chunked\t ")]
    [DataRow("Transfer-Encoding: , chunked")]
    public void S6_1_ChunkedAsFinalCoding_IsChunked(string fields)
    {
        var request = ShouldAccept(Post(fields + "\r\n", "3\r\nabc\r\n0\r\n\r\n"));
        request.Framing.ShouldBe(BodyFraming.Chunked);
        request.Body.ShouldBe(Bytes("abc"));
    }

    /// <summary>
    /// RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does not understand
    /// SHOULD respond with 501 (Not Implemented)." The codec decodes chunked only, so a coding applied before it
    /// (gzip, deflate, compress, or an unregistered one) is answered 501 rather than handed on still encoded.
    /// </summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: gzip, chunked")]
    [DataRow("Transfer-Encoding: gzip,chunked")]
    [DataRow("Transfer-Encoding: deflate , chunked")]
    [DataRow("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked")]
    [DataRow("Transfer-Encoding: x-gzip; level=\"9\", chunked")]
    public void S6_1_CodingBeforeChunkedNotDecoded_Is501(string fields) =>
        ShouldReject(Post(fields + "\r\n", "3\r\nabc\r\n0\r\n\r\n"), 501, Http1Errors.TransferCodingNotImplemented);

    /// <summary>
    /// RFC 9112 §6.3 (4): "If a Transfer-Encoding header field is present in a request and the chunked transfer coding
    /// is not the final encoding, the message body length cannot be determined reliably; the server MUST respond with
    /// the 400 (Bad Request) status code and then close the connection."
    /// </summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: gzip")]
    [DataRow("Transfer-Encoding: identity")]
    [DataRow("Transfer-Encoding: pigeons")]
    [DataRow("Transfer-Encoding: xchunked")]
    [DataRow("Transfer-Encoding: chunkedchunked")]
    [DataRow("Transfer-Encoding: chunked, identity")]
    [DataRow("Transfer-Encoding: chunked, gzip")]
    [DataRow("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip")]
    [DataRow("Transfer-Encoding:")]
    [DataRow("Transfer-Encoding: ,")]
    public void S6_3_ChunkedNotFinal_Is400(string fields) =>
        ShouldReject(Post(fields + "\r\n", "0\r\n\r\n"), 400, Http1Errors.ChunkedNotFinal);

    /// <summary>RFC 9112 §6.1: "A sender MUST NOT apply the chunked transfer coding more than once to a message body".</summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: chunked, chunked")]
    [DataRow("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked")]
    [DataRow("Transfer-Encoding: chunked\r\nTransfer-Encoding: Chunked")]
    public void S6_1_ChunkedMoreThanOnce_Is400(string fields) =>
        ShouldReject(Post(fields + "\r\n", "0\r\n\r\n"), 400, Http1Errors.ChunkedMoreThanOnce);

    /// <summary>RFC 9112 §6.1: Transfer-Encoding = #transfer-coding; a value that is not such a list is invalid.</summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: chunked;q=1")]
    [DataRow("Transfer-Encoding: \"chunked\"")]
    [DataRow("Transfer-Encoding: chunked chunked")]
    [DataRow("Transfer-Encoding: gzip;, chunked")]
    [DataRow("Transfer-Encoding: gzip;a=\"unterminated, chunked")]
    public void S6_1_MalformedTransferEncoding_Is400(string fields) =>
        ShouldReject(Post(fields + "\r\n", "0\r\n\r\n"), 400, Http1Errors.TransferEncodingInvalid);

    /// <summary>RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does not understand SHOULD respond with 501 (Not Implemented)."</summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: pigeons, chunked")]
    [DataRow("Transfer-Encoding: identity, chunked")]
    [DataRow("Transfer-Encoding: br\r\nTransfer-Encoding: chunked")]
    public void S6_1_UnknownCodingBeforeChunked_Is501(string fields) =>
        ShouldReject(Post(fields + "\r\n", "0\r\n\r\n"), 501, Http1Errors.TransferCodingNotImplemented);

    /// <summary>
    /// RFC 9112 §6.1: "A server or client that receives an HTTP/1.0 message containing a Transfer-Encoding header field
    /// MUST treat the message as if the framing is faulty, even if a Content-Length is present, and close the
    /// connection after processing the message."
    /// </summary>
    [TestMethod]
    public void S6_1_TransferEncodingInHttp10_Is400() =>
        ShouldReject("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, Http1Errors.TransferEncodingInHttp10);

    /// <summary>RFC 9110 §9.3.6: "A CONNECT request message does not have content"; what follows the head belongs to the tunnel.</summary>
    [TestMethod]
    public void S9_3_6_Connect_HasNoBody()
    {
        const string Input = "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nContent-Length: 10\r\n\r\nTLS bytes...";
        var result = Read(Input);
        result.Outcome.ShouldBe(ReadOutcome.Switched);
        result.Requests[0].Framing.ShouldBe(BodyFraming.None);
        result.Requests[0].Body.ShouldBeEmpty();
        result.Leftover.ShouldBe(Input.IndexOf("TLS", StringComparison.Ordinal));
    }
}
