using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>
/// Request smuggling at the codec level (RFC 9112 §11.2): every classic vector — CL.TE, TE.CL, TE.TE with an
/// obfuscated Transfer-Encoding, malformed chunk sizes — is answered with an error, and never are two requests
/// read from bytes that a front end would treat as one.
/// </summary>
[TestClass]
public sealed class RequestSmugglingTests
{
    /// <summary>
    /// RFC 9112 §11.2: "Request smuggling ... exploits differences in protocol parsing among various recipients";
    /// §6.3: TE with CL "ought to be handled as an error". A front end using Content-Length would forward "G" as part
    /// of this body; one using chunked would see "G" start a second request.
    /// </summary>
    [TestMethod]
    public void S6_3_ClTe_Is400_AndNoSecondRequest() =>
        AssertSmuggling(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG",
            400, Http1Errors.TransferEncodingWithContentLength);

    /// <summary>RFC 9112 §6.3: the TE.CL order is the same error.</summary>
    [TestMethod]
    public void S6_3_TeCl_Is400_AndNoSecondRequest() =>
        AssertSmuggling(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
            400, Http1Errors.TransferEncodingWithContentLength);

    /// <summary>
    /// TE.TE: one of two Transfer-Encoding fields is obfuscated so that one hop ignores it. Each obfuscation is either
    /// read exactly as the RFC says (and then a second TE field is a second coding) or rejected.
    /// </summary>
    [TestMethod]
    [DataRow("Transfer-Encoding: chunked\r\nTransfer-Encoding: x", 400, Http1Errors.ChunkedNotFinal)]
    [DataRow("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400, Http1Errors.ChunkedMoreThanOnce)]
    [DataRow("Transfer-Encoding: xchunked", 400, Http1Errors.ChunkedNotFinal)]
    [DataRow("Transfer-Encoding: chunked, identity", 400, Http1Errors.ChunkedNotFinal)]
    [DataRow("Transfer-Encoding : chunked", 400, Http1Errors.WhitespaceBeforeColon)]
    [DataRow("Transfer-Encoding\t: chunked", 400, Http1Errors.WhitespaceBeforeColon)]
    [DataRow(" Transfer-Encoding: chunked", 400, Http1Errors.ObsFold)]
    [DataRow("X: y\r\n Transfer-Encoding: chunked", 400, Http1Errors.ObsFold)]
    [DataRow("Transfer-Encoding:\r\n chunked", 400, Http1Errors.ObsFold)]
    [DataRow("Transfer-Encoding: \u000bchunked", 400, Http1Errors.FieldValueInvalid)]
    [DataRow("Transfer-Encoding: chunked\u0000", 400, Http1Errors.FieldValueInvalid)]
    [DataRow("Transfer-Encoding: \"chunked\"", 400, Http1Errors.TransferEncodingInvalid)]
    [DataRow("Transfer_Encoding: chunked\r\nContent-Length: 5", 0, null)]
    [DataRow("Transfer-Encoding: chunk", 400, Http1Errors.ChunkedNotFinal)]
    [DataRow("Transfer-Encoding: chunked;", 400, Http1Errors.TransferEncodingInvalid)]
    [DataRow("Transfer-Encoding\u0000: chunked", 400, Http1Errors.FieldNameInvalid)]
    [DataRow("Transfer-Encoding: chunked\rX: y", 400, Http1Errors.BareCarriageReturn)]
    [DataRow("Transfer-Encoding: chunked\nX: y", 400, Http1Errors.BareLineFeed)]
    public void S6_1_TeTe_ObfuscatedTransferEncoding(string fields, int status, string? reason)
    {
        string request = $"POST / HTTP/1.1\r\nHost: a\r\n{fields}\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
        if (reason is null)
        {
            // "Transfer_Encoding" is just another field name: the body is framed by Content-Length alone, so the
            // five bytes "0\r\n\r\n" are the body and the next request is read as the sender meant.
            var result = Read(request);
            result.Requests.Count.ShouldBe(2);
            result.Requests[0].Framing.ShouldBe(BodyFraming.ContentLength);
            result.Requests[0].Body.ShouldBe(Bytes("0\r\n\r\n"));
            return;
        }
        AssertSmuggling(request, status, reason);
    }

    /// <summary>"Transfer-Encoding:\tchunked" is legal OWS and, with casing, is plain chunked framing (RFC 9110 §5.6.3, RFC 9112 §7).</summary>
    [TestMethod]
    [DataRow("Transfer-Encoding:\tchunked")]
    [DataRow("Transfer-Encoding: CHUNKED")]
    [DataRow("TRANSFER-ENCODING: Chunked")]
    public void S6_1_LegalVariants_AreChunked(string field)
    {
        var result = Read($"POST / HTTP/1.1\r\nHost: a\r\n{field}\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        result.Requests.Count.ShouldBe(1);
        result.Requests[0].Framing.ShouldBe(BodyFraming.Chunked);
        result.Requests[0].Body.ShouldBe(Bytes("abc"));
        result.Outcome.ShouldBe(ReadOutcome.AtBoundary);
    }

    /// <summary>
    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional extensions and CRLF. Whitespace, signs, "0x" prefixes and
    /// numbers too big to represent are where parsers disagree, so each is an error, and the bytes after never become
    /// a second request.
    /// </summary>
    [TestMethod]
    [DataRow(" 5", Http1Errors.ChunkSizeInvalid)]
    [DataRow("5 ", Http1Errors.ChunkSizeInvalid)]
    [DataRow("\t5", Http1Errors.ChunkSizeInvalid)]
    [DataRow("+5", Http1Errors.ChunkSizeInvalid)]
    [DataRow("-5", Http1Errors.ChunkSizeInvalid)]
    [DataRow("0x5", Http1Errors.ChunkSizeInvalid)]
    [DataRow("5_", Http1Errors.ChunkSizeInvalid)]
    [DataRow("", Http1Errors.ChunkSizeInvalid)]
    [DataRow("00000000000000005", Http1Errors.ChunkSizeOverflow)]
    [DataRow("10000000000000005", Http1Errors.ChunkSizeOverflow)]
    [DataRow("FFFFFFFFFFFFFFFF", Http1Errors.ChunkSizeOverflow)]
    [DataRow("8000000000000000", Http1Errors.ChunkSizeOverflow)]
    [DataRow("5 erfrferferf", Http1Errors.ChunkExtensionInvalid)]
    [DataRow("5;", Http1Errors.ChunkExtensionInvalid)]
    public void S7_1_MalformedChunkSize_Is400_AndNoSecondRequest(string sizeLine, string reason) =>
        AssertSmuggling(
            $"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{sizeLine}\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
            400, reason);

    /// <summary>A chunk size that fits in 64 bits but is over the body limit is 413, not a wrap-around.</summary>
    [TestMethod]
    public void S7_1_HugeChunkSize_Is413() =>
        AssertSmuggling(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
            413, Http1Errors.BodyTooLarge);

    /// <summary>RFC 9112 §7.1: chunk data is followed by exactly CRLF; a short chunk never lets its tail be read as a request.</summary>
    [TestMethod]
    [DataRow("5\r\nhelloX\r\n0\r\n\r\n")]
    [DataRow("5\r\nhello\n0\r\n\r\n")]
    [DataRow("5\r\nhello\r0\r\n\r\n")]
    [DataRow("3\r\nhello\r\n0\r\n\r\n")]
    public void S7_1_ChunkDataNotFollowedByCrlf_Is400(string body) =>
        AssertSmuggling($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.ChunkDataNotTerminated);

    /// <summary>Headers split by a bare LF or CR cannot hide a Transfer-Encoding or a second request.</summary>
    [TestMethod]
    public void S2_2_LineTerminatorTricks_AreRejected()
    {
        AssertSmuggling("GET / HTTP/1.1\r\nHost: localhost\r\nDummy: x\nContent-Length: 23\r\n\r\nGET / HTTP/1.1\r\nDummy: GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, Http1Errors.BareLineFeed);
        AssertSmuggling("GET / HTTP/1.1\r\nConnection: close\r\nHost: a\r\n\rZGET /evil: HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1Errors.BareCarriageReturn);
    }

    /// <summary>The parser plus decoder yields no request at all from the smuggling bytes, whatever the split.</summary>
    private static void AssertSmuggling(string request, int status, string reason)
    {
        var result = Read(request);
        result.Outcome.ShouldBe(ReadOutcome.Error, result.Describe());
        result.Error.ShouldBe(new Http1Error(status, reason));
        result.Requests.ShouldBeEmpty("no request may be read from smuggling bytes");
    }
}
