using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>
/// Request smuggling over a real socket: every ambiguous or malformed framing is refused and the connection
/// closed, and a request hidden in the bytes after it is never executed.
/// </summary>
[TestClass]
public sealed class SmugglingTests
{
    /// <summary>The request an attacker hides behind the framing; the route it targets counts its calls.</summary>
    private const string Smuggled = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";

    /// <summary>
    /// RFC 9112 §6.1: "A server MAY reject a request that contains both Content-Length and Transfer-Encoding or
    /// process such a request in accordance with the Transfer-Encoding alone. Regardless, the server MUST close
    /// the connection after responding to such a request to avoid the potential attacks."
    /// </summary>
    [TestMethod]
    [DataRow("CL.TE", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")]
    [DataRow("TE.CL", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")]
    [DataRow("TE upper case with CL", "Content-Length: 5\r\nTRANSFER-ENCODING: CHUNKED\r\n")]
    [DataRow("TE with tab OWS and CL", "Transfer-Encoding:\tchunked\r\nContent-Length: 5\r\n")]
    [DataRow("CL zero with TE", "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n")]
    public async Task ContentLengthWithTransferEncoding_Answers400AndCloses_HiddenRequestNeverRuns(string attack, string fields)
    {
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\n{fields}\r\n0\r\n\r\n{Smuggled}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §6.3: "If a Transfer-Encoding header field is present in a request and the chunked transfer coding
    /// is not the final encoding, the message body length cannot be determined reliably; the server MUST respond
    /// with the 400 (Bad Request) status code and then close the connection." RFC 9112 §5.1: "A server MUST
    /// reject, with a response status code of 400 (Bad Request), any received request message that contains
    /// whitespace between a header field name and colon."
    /// </summary>
    [TestMethod]
    [DataRow("space before colon", "Transfer-Encoding : chunked\r\n")]
    [DataRow("tab before colon", "Transfer-Encoding\t: chunked\r\n")]
    [DataRow("leading tab (obs-fold)", "X-Pad: 1\r\n\tTransfer-Encoding: chunked\r\n")]
    [DataRow("value folded onto the next line", "Transfer-Encoding:\r\n chunked\r\n")]
    [DataRow("xchunked", "Transfer-Encoding: xchunked\r\n")]
    [DataRow("chunked then identity", "Transfer-Encoding: chunked, identity\r\n")]
    [DataRow("chunked twice in one line", "Transfer-Encoding: chunked, chunked\r\n")]
    [DataRow("duplicated TE lines", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")]
    [DataRow("second TE line with another coding", "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n")]
    [DataRow("quoted chunked", "Transfer-Encoding: \"chunked\"\r\n")]
    [DataRow("empty TE", "Transfer-Encoding: \r\n")]
    [DataRow("chunked with a parameter", "Transfer-Encoding: chunked;q=1\r\n")]
    [DataRow("vertical tab before chunked", "Transfer-Encoding: \vchunked\r\n")]
    [DataRow("NUL inside the value", "Transfer-Encoding: chun\0ked\r\n")]
    public async Task ObfuscatedTransferEncoding_Answers400AndCloses_HiddenRequestNeverRuns(string attack, string fields)
    {
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\n{fields}\r\n0\r\n\r\n{Smuggled}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §6.1: "A server that receives a request message with a transfer coding it does not understand
    /// SHOULD respond with 501 (Not Implemented)."
    /// </summary>
    [TestMethod]
    [DataRow("identity before chunked", "Transfer-Encoding: identity, chunked\r\n")]
    [DataRow("unknown coding before chunked", "Transfer-Encoding: x-custom, chunked\r\n")]
    [DataRow("unknown coding on its own line", "Transfer-Encoding: foo\r\nTransfer-Encoding: chunked\r\n")]
    public async Task UnknownTransferCodingBeforeChunked_Answers501AndCloses_HiddenRequestNeverRuns(string attack, string fields)
    {
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\n{fields}\r\n0\r\n\r\n{Smuggled}", "HTTP/1.1 501 Not Implemented");
    }

    /// <summary>
    /// RFC 9112 §6.1: "A server or client that receives an HTTP/1.0 message containing a Transfer-Encoding header
    /// field MUST treat the message as if the framing is faulty, even if a Content-Length is present, and close
    /// the connection after processing the message."
    /// </summary>
    [TestMethod]
    public async Task TransferEncodingInHttp10_Answers400AndCloses_HiddenRequestNeverRuns()
    {
        await AssertRefusedAsync("TE in 1.0", $"POST /submit HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{Smuggled}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §7.1: <c>chunk-size = 1*HEXDIG</c>; no whitespace, sign or prefix is part of it, so a size the
    /// server cannot read exactly as the sender meant is a 400.
    /// </summary>
    [TestMethod]
    [DataRow("leading space", " 5")]
    [DataRow("trailing space", "5 ")]
    [DataRow("trailing tab", "5\t")]
    [DataRow("plus sign", "+5")]
    [DataRow("minus sign", "-5")]
    [DataRow("0x prefix", "0x5")]
    [DataRow("empty", "")]
    [DataRow("not hex", "g")]
    [DataRow("space inside", "1 0")]
    [DataRow("underscore", "1_0")]
    [DataRow("empty extension", "5;")]
    [DataRow("bare LF line end", "5\n")]
    public async Task InvalidChunkSize_Answers400AndCloses_HiddenRequestNeverRuns(string attack, string size)
    {
        var lineEnd = size.EndsWith('\n') ? string.Empty : "\r\n";
        var body = $"{size}{lineEnd}hello\r\n0\r\n\r\n{Smuggled}";
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §7.1: "Recipients MUST anticipate potentially large hexadecimal numerals and prevent parsing
    /// errors due to integer conversion overflows or precision loss due to integer representation."
    /// </summary>
    [TestMethod]
    [DataRow("17 digits", "10000000000000000")]
    [DataRow("above the largest signed 64-bit value", "8000000000000000")]
    [DataRow("24 f", "ffffffffffffffffffffffff")]
    [DataRow("wraps to a small value in 64 bits", "10000000000000005")]
    public async Task ChunkSizeOverflow_Answers400AndCloses_HiddenRequestNeverRuns(string attack, string size)
    {
        var body = $"{size}\r\nhello\r\n0\r\n\r\n{Smuggled}";
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>RFC 9110 §15.5.14: a chunk that would take the body past the server's limit is a 413.</summary>
    [TestMethod]
    public async Task HugeButWellFormedChunkSize_Answers413AndCloses_HiddenRequestNeverRuns()
    {
        var body = $"7fffffffffffffff\r\nhello\r\n0\r\n\r\n{Smuggled}";
        await AssertRefusedAsync("largest chunk", $"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}", "HTTP/1.1 413 Content Too Large");
    }

    /// <summary>RFC 9112 §7.1: <c>chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF</c>; data longer than its size is not a chunk.</summary>
    [TestMethod]
    public async Task ChunkDataLongerThanItsSize_Answers400AndCloses_HiddenRequestNeverRuns()
    {
        var body = $"2\r\nhello\r\n0\r\n\r\n{Smuggled}";
        await AssertRefusedAsync("short size", $"POST /submit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §6.3 (5): "If a message is received without Transfer-Encoding and with an invalid Content-Length
    /// header field, then the message framing is invalid and the recipient MUST treat it as an unrecoverable
    /// error ... the server MUST respond with a 400 (Bad Request) status code and then close the connection."
    /// </summary>
    [TestMethod]
    [DataRow("two values in a list", "Content-Length: 5, 6\r\n")]
    [DataRow("two lines that differ", "Content-Length: 5\r\nContent-Length: 6\r\n")]
    [DataRow("plus sign", "Content-Length: +5\r\n")]
    [DataRow("minus sign", "Content-Length: -5\r\n")]
    [DataRow("hex", "Content-Length: 0x5\r\n")]
    [DataRow("space inside", "Content-Length: 5 5\r\n")]
    [DataRow("empty", "Content-Length: \r\n")]
    [DataRow("trailing letter", "Content-Length: 5a\r\n")]
    [DataRow("empty list element", "Content-Length: 5,,5\r\n")]
    [DataRow("space before colon", "Content-Length : 5\r\n")]
    public async Task InvalidContentLength_Answers400AndCloses_HiddenRequestNeverRuns(string attack, string fields)
    {
        await AssertRefusedAsync(attack, $"POST /submit HTTP/1.1\r\nHost: x\r\n{fields}\r\nhello{Smuggled}", "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9110 §8.6: "a recipient MUST anticipate potentially large decimal numerals and prevent parsing errors
    /// due to integer conversion overflows"; a length past every limit is a 413.
    /// </summary>
    [TestMethod]
    public async Task ContentLengthOverflowingSixtyFourBits_Answers413AndCloses_HiddenRequestNeverRuns()
    {
        await AssertRefusedAsync("overflow", $"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 184467440737095516170000\r\n\r\nhello{Smuggled}", "HTTP/1.1 413 Content Too Large");
    }

    /// <summary>
    /// RFC 9112 §2.2: "A recipient of such a bare CR MUST consider that element to be invalid or replace each bare
    /// CR with SP before processing the element"; a bare LF line end is not taken either (the MAY is declined).
    /// </summary>
    [TestMethod]
    [DataRow("bare CR between fields", "POST /submit HTTP/1.1\r\nHost: x\rContent-Length: 5\r\n\r\nhello")]
    [DataRow("bare LF line ends", "POST /submit HTTP/1.1\nHost: x\nContent-Length: 5\n\nhello")]
    [DataRow("bare LF before the body", "POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\nhello")]
    public async Task BareLineEndingsInTheHead_Answer400AndClose_HiddenRequestNeverRuns(string attack, string request)
    {
        await AssertRefusedAsync(attack, request + Smuggled, "HTTP/1.1 400 Bad Request");
    }

    /// <summary>
    /// RFC 9112 §6.3 (4): "If a Transfer-Encoding header field is present and the chunked transfer coding is the
    /// final encoding, the message body length is determined by reading and decoding the chunked data until the
    /// transfer coding indicates the data is complete." Field names and codings are case-insensitive, so an upper
    /// case TRANSFER-ENCODING: CHUNKED frames the body, and a request inside a chunk is body, not a request.
    /// </summary>
    [TestMethod]
    public async Task UpperCaseTransferEncoding_FramesTheBodyByChunks_RequestInsideAChunkIsBody()
    {
        var recorder = new Recorder();
        await using var server = await StartAsync(recorder);
        using var client = server.Connect();
        var hidden = Smuggled;
        var request = $"POST /submit HTTP/1.1\r\nHost: x\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n{hidden.Length:x}\r\n{hidden}\r\n0\r\n\r\n";

        await client.SendAsync(request);

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.BodyText.ShouldBe(hidden);
        recorder.Admin.ShouldBe(0);
        recorder.Submit.ShouldBe(1);
    }

    /// <summary>
    /// RFC 9112 §6.2: "When a message does not have a Transfer-Encoding header field, a Content-Length header field
    /// can provide the anticipated size ... in octets": the declared bytes are body even when they look like a
    /// request, and the request after them is read as the next one.
    /// </summary>
    [TestMethod]
    public async Task ContentLengthBody_HoldingARequest_IsBody_AndOnlyTheNextRequestRuns()
    {
        var recorder = new Recorder();
        await using var server = await StartAsync(recorder);
        using var client = server.Connect();
        var hidden = Smuggled;

        await client.SendAsync($"POST /submit HTTP/1.1\r\nHost: x\r\nContent-Length: {hidden.Length}\r\n\r\n{hidden}GET /public HTTP/1.1\r\nHost: x\r\n\r\n");

        var first = await client.ReadResponseAsync();
        first.BodyText.ShouldBe(hidden);
        (await client.ReadResponseAsync()).BodyText.ShouldBe("public");
        recorder.Admin.ShouldBe(0);
        recorder.Submit.ShouldBe(1);
    }

    private static async Task AssertRefusedAsync(string attack, string bytes, string statusLine)
    {
        var recorder = new Recorder();
        await using var server = await StartAsync(recorder);
        using var client = server.Connect();

        await client.SendAsync(Encoding.Latin1.GetBytes(bytes));

        var response = await WireAssert.OneResponseThenCloseAsync(client, statusLine);
        response.Header("connection").ShouldBe("close", $"{attack}: the refusal says the connection closes");
        recorder.Submit.ShouldBe(0, $"{attack}: the refused request must not reach its handler");
        recorder.Admin.ShouldBe(0, $"{attack}: the hidden request must never run");
    }

    private static Task<TestServer> StartAsync(Recorder recorder) => TestServer.StartAsync(
    [
        Route.Post("/submit", req =>
        {
            Interlocked.Increment(ref recorder.Submit);
            return Response.Bytes(200, req.Body.ToArray(), "text/plain");
        }),
        Route.Get("/admin", _ =>
        {
            Interlocked.Increment(ref recorder.Admin);
            return Response.Text(200, "admin");
        }),
        Route.Get("/public", _ => Response.Text(200, "public")),
    ]);

    private sealed class Recorder
    {
        public int Submit;
        public int Admin;
    }
}
