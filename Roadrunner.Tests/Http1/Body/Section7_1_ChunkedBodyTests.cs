using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Body;

/// <summary>RFC 9112 §7.1: the chunked transfer coding.</summary>
[TestClass]
public sealed class Section7_1_ChunkedBodyTests
{
    private static ReadResult ReadChunked(string body, Http1Options? options = null) =>
        Read($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}", options);

    private static string Decoded(string body, Http1Options? options = null)
    {
        var result = ReadChunked(body, options);
        result.Outcome.ShouldBe(ReadOutcome.AtBoundary, result.Describe());
        return System.Text.Encoding.Latin1.GetString(result.Requests.Single().Body);
    }

    /// <summary>RFC 9112 §7.1: "The chunk-size field is a string of hex digits indicating the size of the chunk-data in octets."</summary>
    [TestMethod]
    [DataRow("a\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [DataRow("A\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    [DataRow("5\r\nhello\r\n6\r\n world\r\n000\r\n\r\n", "hello world")]
    [DataRow("0005\r\nhello\r\n0\r\n\r\n", "hello")]
    [DataRow("1\r\nA\r\n1\r\nB\r\n1\r\nC\r\n0\r\n\r\n", "ABC")]
    [DataRow("0\r\n\r\n", "")]
    public void S7_1_ChunkSizes(string body, string data) => Decoded(body).ShouldBe(data);

    /// <summary>
    /// RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ); "A recipient MUST
    /// ignore unrecognized chunk extensions."
    /// </summary>
    [TestMethod]
    [DataRow("5;ilovew3;somuchlove=aretheseparametersfor;another=withvalue\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;ilovew3=\"I \\\"love\\\"; \\\\extensions\\\\\";somuchlove=\"aretheseparametersfor\";blah;foo=bar\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5 ; a = b ;c\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5\t;\ta\t=\t\"\"\r\nhello\r\n0;last=1\r\n\r\n")]
    [DataRow("5;a=\"\u00e9\\\u00e9\"\r\nhello\r\n0\r\n\r\n")]
    public void S7_1_1_ValidExtensions_AreIgnored(string body) => Decoded(body).ShouldBe("hello");

    /// <summary>RFC 9112 §7.1.1: extensions outside the grammar are rejected.</summary>
    [TestMethod]
    [DataRow("5;\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;=b\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=\"unterminated\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=\"abc\";b=\"def; ghi\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a b\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=b c\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a \r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=\"b\"c\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a=\"\u0001\"\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5;a\u0000\r\nhello\r\n0\r\n\r\n")]
    [DataRow("5 erfrferferf\r\nhello\r\n0\r\n\r\n")]
    public void S7_1_1_MalformedExtension_Is400(string body) =>
        ShouldReject($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n{body}", 400, Http1Errors.ChunkExtensionInvalid);

    /// <summary>RFC 9112 §7.1.1: the chunk line, extensions included, is bounded (1024 by default): over it is 400.</summary>
    [TestMethod]
    public void S7_1_1_ChunkLineOverLimit_Is400()
    {
        var options = new Http1Options { MaxChunkLineLength = 16 };
        Decoded("5;a=" + new string('b', 12) + "\r\nhello\r\n0\r\n\r\n", options).ShouldBe("hello");
        ShouldReject(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=" + new string('b', 13) + "\r\nhello\r\n0\r\n\r\n",
            400, Http1Errors.ChunkLineTooLong, options);
    }

    /// <summary>A chunk line over the limit is rejected before its CRLF arrives.</summary>
    [TestMethod]
    public void S7_1_1_ChunkLineOverLimitWithoutCrlf_Is400Immediately()
    {
        var decoder = new Http1BodyDecoder(new Http1Options { MaxChunkLineLength = 16 });
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("5;a=" + new string('b', 20)), out _, out _, out _, out var error).ShouldBe(BodyDecodeStatus.Error);
        error.ShouldBe(new Http1Error(400, Http1Errors.ChunkLineTooLong));
    }

    /// <summary>RFC 9112 §7.1: the chunk line ends with CRLF exactly.</summary>
    [TestMethod]
    public void S7_1_ChunkLineTerminator_IsCrlf()
    {
        ShouldReject("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400, Http1Errors.BareLineFeed);
        ShouldReject("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\rhello\r\n0\r\n\r\n", 400, Http1Errors.BareCarriageReturn);
        ShouldReject("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nfoo\r\n\r\n", 400, Http1Errors.ChunkSizeInvalid);
    }

    /// <summary>The running total of chunk data is bounded by MaxContentLength: over it is 413.</summary>
    [TestMethod]
    public void S7_1_RunningTotalOverLimit_Is413()
    {
        var options = new Http1Options { MaxContentLength = 8 };
        Decoded("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", options).ShouldBe("abcdefgh");
        ShouldReject("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n5\r\nefghi\r\n0\r\n\r\n", 413, Http1Errors.BodyTooLarge, options);
    }

    /// <summary>The decoder hands out data in place: framing bytes are consumed, data offsets point into the input.</summary>
    [TestMethod]
    public void S7_1_Decode_PointsIntoTheInput()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        var input = Bytes("5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\nNEXT");

        decoder.Decode(input, out int consumed, out int offset, out int length, out _).ShouldBe(BodyDecodeStatus.Data);
        (consumed, offset, length).ShouldBe((8, 3, 5));
        var rest = input.AsSpan(consumed);
        decoder.Decode(rest, out consumed, out offset, out length, out _).ShouldBe(BodyDecodeStatus.Data);
        rest.Slice(offset, length).SequenceEqual(" world"u8).ShouldBeTrue();
        rest = rest[consumed..];
        decoder.Decode(rest, out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        rest[consumed..].SequenceEqual("NEXT"u8).ShouldBeTrue();
        decoder.Received.ShouldBe(11);
        decoder.Trailers.IsEmpty.ShouldBeTrue();
    }

    /// <summary>Framing bytes already used up are reported as consumed even when no data comes out yet.</summary>
    [TestMethod]
    public void S7_1_NeedMoreData_ConsumesFramingAlreadyRead()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("5\r\nhello"), out int consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.Data);
        consumed.ShouldBe(8);
        decoder.Decode(Bytes("\r\n3"), out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.NeedMoreData);
        consumed.ShouldBe(2);
        decoder.Decode(Bytes("3\r"), out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.NeedMoreData);
        consumed.ShouldBe(0);
    }

    /// <summary>An error is sticky until the next Start; wire bytes never throw.</summary>
    [TestMethod]
    public void S7_1_Error_IsSticky()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("zz\r\n"), out _, out _, out _, out var error).ShouldBe(BodyDecodeStatus.Error);
        decoder.Decode(Bytes("0\r\n\r\n"), out int consumed, out _, out _, out var again).ShouldBe(BodyDecodeStatus.Error);
        again.ShouldBe(error);
        consumed.ShouldBe(0);
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("0\r\n\r\n"), out _, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
    }
}
