using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Parsing;

/// <summary>RFC 9112 §5 and RFC 9110 §5: field lines — names, values, whitespace and limits.</summary>
[TestClass]
public sealed class Section5_FieldLineTests
{
    /// <summary>RFC 9112 §5.1: "No whitespace is allowed between the field name and colon ... A server MUST reject ... with 400".</summary>
    [TestMethod]
    [DataRow("GET / HTTP/1.1\r\nHost : a\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n")]
    [DataRow("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n")]
    [DataRow("POST / HTTP/1.1\r\nHost: a\r\nContent-Length  : 0\r\n\r\n")]
    public void S5_1_WhitespaceBeforeColon_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.WhitespaceBeforeColon);

    /// <summary>
    /// RFC 9112 §5.2: "A server that receives an obs-fold in a request message ... MUST either reject the message by
    /// sending a 400 (Bad Request) ... or replace each received obs-fold with one or more SP octets". We reject.
    /// </summary>
    [TestMethod]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n  abc\r\n\r\n")]
    [DataRow("GET / HTTP/1.1\r\nHost: a\r\nFoo: bar\r\n Content-Length: 38\r\n\r\n")]
    public void S5_2_ObsFold_Is400(string request) =>
        ShouldReject(request, 400, Http1Errors.ObsFold);

    /// <summary>
    /// RFC 9112 §2.2: "A recipient that receives whitespace between the start-line and the first header field MUST
    /// either reject the message as invalid or consume each whitespace-preceded line without further processing".
    /// Rejected as soon as the whitespace arrives.
    /// </summary>
    [TestMethod]
    public void S2_2_WhitespaceAfterStartLine_Is400Immediately()
    {
        var (status, _, _, error) = ParseHead("GET / HTTP/1.1\r\n Host: foo");
        status.ShouldBe(Http1ParseStatus.Error);
        error.ShouldBe(new Http1Error(400, Http1Errors.ObsFold));
    }

    /// <summary>RFC 9110 §5.1: field-name = token; an empty name is not a token.</summary>
    [TestMethod]
    public void S5_1_EmptyFieldName_Is400() =>
        ShouldReject("GET / HTTP/1.1\r\nHost: a\r\n: value\r\n\r\n", 400, Http1Errors.FieldNameEmpty);

    /// <summary>RFC 9110 §5.1: field-name = token.</summary>
    [TestMethod]
    [DataRow("Fo@: x")]
    [DataRow("Foo\u0001\test: x")]
    [DataRow("F(o): x")]
    [DataRow("\"Foo\": x")]
    [DataRow("Fo\u00e9: x")]
    [DataRow("X-A b: x")]
    public void S5_1_FieldNameNotToken_Is400(string line) =>
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{line}\r\n\r\n", 400, Http1Errors.FieldNameInvalid);

    /// <summary>RFC 9112 §5: field-line = field-name ":" OWS field-value OWS — the colon is required.</summary>
    [TestMethod]
    [DataRow("name")]
    [DataRow("name value")]
    public void S5_FieldLineWithoutColon_Is400(string line) =>
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{line}\r\n\r\n", 400, Http1Errors.FieldMissingColon);

    /// <summary>
    /// RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are invalid and dangerous ... a recipient of
    /// CR, LF, or NUL within a field value MUST either reject the message or replace each of those characters with
    /// SP"; other CTLs are outside field-content too. We reject.
    /// </summary>
    [TestMethod]
    [DataRow("X: a\u0000b")]
    [DataRow("X: \u0001")]
    [DataRow("X: \u000b")]
    [DataRow("X: \u000c")]
    [DataRow("X: a\u001fb")]
    [DataRow("X: a\u007fb")]
    public void S5_5_ControlCharacterInValue_Is400(string line) =>
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{line}\r\n\r\n", 400, Http1Errors.FieldValueInvalid);

    /// <summary>RFC 9110 §5.5: field-vchar = VCHAR / obs-text; HTAB and SP are allowed inside a value.</summary>
    [TestMethod]
    [DataRow("D\u00fcsseldorf")]
    [DataRow("\u00ffValue2")]
    [DataRow("a\tb c")]
    [DataRow("\u0080\u00bf")]
    [DataRow("\"quoted, value\"; q=0.9")]
    public void S5_5_ObsTextAndInnerWhitespace_AreKept(string value)
    {
        var request = ShouldAccept($"GET / HTTP/1.1\r\nHost: a\r\nX: {value}\r\n\r\n");
        request.Fields[1].Value.ShouldBe(value);
    }

    /// <summary>RFC 9112 §5.1: "The field line value does not include that leading or trailing whitespace".</summary>
    [TestMethod]
    [DataRow("X:value", "value")]
    [DataRow("X: value", "value")]
    [DataRow("X:\t value \t", "value")]
    [DataRow("X:  a b  ", "a b")]
    [DataRow("X:", "")]
    [DataRow("X:   ", "")]
    public void S5_1_SurroundingWhitespace_IsTrimmed(string line, string value)
    {
        var request = ShouldAccept($"GET / HTTP/1.1\r\nHost: a\r\n{line}\r\n\r\n");
        request.Fields[1].Name.ShouldBe("X");
        request.Fields[1].Value.ShouldBe(value);
    }

    /// <summary>Fields are referenced in the input, in arrival order, with names as sent.</summary>
    [TestMethod]
    public void S5_Fields_AreOffsetsIntoTheInput()
    {
        var input = "GET / HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nx-one: 2\r\n\r\n";
        var (status, head, _, _) = ParseHead(input);
        status.ShouldBe(Http1ParseStatus.Complete);
        head.FieldCount.ShouldBe(3);
        var bytes = Bytes(input);
        head.Fields[1].NameOffset.ShouldBe(25);
        head.Fields[1].Name(bytes).SequenceEqual("X-One"u8).ShouldBeTrue();
        head.Fields[1].Value(bytes).SequenceEqual("1"u8).ShouldBeTrue();
        head.FindField(bytes, "x-one"u8).ShouldBe(1);
        head.FindField(bytes, "x-one"u8, 2).ShouldBe(2);
        head.FindField(bytes, "x-one"u8, 3).ShouldBe(-1);
        head.FindField(bytes, "missing"u8).ShouldBe(-1);
    }

    /// <summary>RFC 6585 §5: 431 when one field line is longer than the limit (8192 by default).</summary>
    [TestMethod]
    public void S5_HeaderLineOverLimit_Is431()
    {
        var options = new Http1Options { MaxHeaderLineLength = 32 };
        string atLimit = "X: " + new string('v', 29);
        ShouldAccept($"GET / HTTP/1.1\r\nHost: a\r\n{atLimit}\r\n\r\n", options);
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{atLimit}v\r\n\r\n", 431, Http1Errors.HeaderLineTooLong, options);
    }

    /// <summary>RFC 6585 §5: a field line already over the limit is 431 before its CRLF arrives.</summary>
    [TestMethod]
    public void S5_HeaderLineOverLimitWithoutCrlf_Is431Immediately()
    {
        var (status, _, _, error) = ParseHead("GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('v', 40), new Http1Options { MaxHeaderLineLength = 32 });
        status.ShouldBe(Http1ParseStatus.Error);
        error.ShouldBe(new Http1Error(431, Http1Errors.HeaderLineTooLong));
    }

    /// <summary>RFC 6585 §5: 431 when the header section (field lines with their CRLFs) is over the limit (10240 by default).</summary>
    [TestMethod]
    public void S5_HeaderSectionOverLimit_Is431()
    {
        var options = new Http1Options { MaxHeaderBlockLength = 40 };
        // "Host: a\r\n" (9) + "X: " + 26 + "\r\n" (31) = 40.
        string fields = "Host: a\r\nX: " + new string('v', 26) + "\r\n";
        ShouldAccept($"GET / HTTP/1.1\r\n{fields}\r\n", options);
        ShouldReject($"GET / HTTP/1.1\r\n{fields}Y: 1\r\n\r\n", 431, Http1Errors.HeaderSectionTooLarge, options);
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\nX: {new string('v', 27)}\r\n\r\n", 431, Http1Errors.HeaderSectionTooLarge, options);
    }

    /// <summary>RFC 6585 §5: a header section already over the limit is 431 before the next CRLF arrives.</summary>
    [TestMethod]
    public void S5_HeaderSectionOverLimitWithoutCrlf_Is431Immediately()
    {
        var (status, _, _, error) = ParseHead("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nY: 2222222222", new Http1Options { MaxHeaderBlockLength = 20 });
        status.ShouldBe(Http1ParseStatus.Error);
        error.ShouldBe(new Http1Error(431, Http1Errors.HeaderSectionTooLarge));
    }

    /// <summary>RFC 6585 §5: 431 when there are more fields than the limit (100 by default).</summary>
    [TestMethod]
    public void S5_TooManyFields_Is431()
    {
        var options = new Http1Options { MaxHeaderCount = 5 };
        string four = string.Concat(Enumerable.Range(0, 4).Select(i => $"X{i}: {i}\r\n"));
        ShouldAccept($"GET / HTTP/1.1\r\nHost: a\r\n{four}\r\n", options);
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{four}X5: 5\r\n\r\n", 431, Http1Errors.TooManyHeaders, options);
    }

    /// <summary>The default limits are the documented ones.</summary>
    [TestMethod]
    public void S5_DefaultLimits_AreDocumentedValues()
    {
        var options = Http1Options.Default;
        options.MaxHeaderLineLength.ShouldBe(8192);
        options.MaxHeaderBlockLength.ShouldBe(10240);
        options.MaxHeaderCount.ShouldBe(100);
        options.MaxContentLength.ShouldBe(10_000_000);
        options.MaxChunkLineLength.ShouldBe(1024);
        options.MaxTrailerBlockLength.ShouldBe(4096);
        options.MaxTrailerCount.ShouldBe(20);
    }

    /// <summary>100 fields are accepted with the defaults and a head built for them; the 101st is 431.</summary>
    [TestMethod]
    public void S5_DefaultFieldCount_Is100()
    {
        string fields = string.Concat(Enumerable.Range(0, 99).Select(i => $"X{i}: {i}\r\n"));
        ShouldAccept($"GET / HTTP/1.1\r\nHost: a\r\n{fields}\r\n");
        ShouldReject($"GET / HTTP/1.1\r\nHost: a\r\n{fields}Y: 1\r\n\r\n", 431, Http1Errors.TooManyHeaders);
    }
}
