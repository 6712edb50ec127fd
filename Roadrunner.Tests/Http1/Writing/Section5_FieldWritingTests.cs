using System.Buffers;
using System.Text;
using Roadrunner.Http1.Writing;
using Shouldly;

namespace Roadrunner.Tests.Http1.Writing;

/// <summary>RFC 9112 §5 and RFC 9110 §5.5: writing field lines, validated at the API boundary.</summary>
[TestClass]
public sealed class Section5_FieldWritingTests
{
    private static string Written(Action<ArrayBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.Latin1.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 9112 §5: field-line = field-name ":" OWS field-value OWS, written as "name: value CRLF".</summary>
    [TestMethod]
    public void S5_WriteHeader_ExactBytes()
    {
        Written(b => Http1ResponseWriter.WriteHeader(b, "Content-Type", "text/plain; charset=utf-8"))
            .ShouldBe("Content-Type: text/plain; charset=utf-8\r\n");
        Written(b => Http1ResponseWriter.WriteHeader(b, "X-Empty", ""))
            .ShouldBe("X-Empty: \r\n");
        Written(b => Http1ResponseWriter.WriteHeader(b, "ETag"u8, "\"abc\""u8))
            .ShouldBe("ETag: \"abc\"\r\n");
    }

    /// <summary>RFC 9110 §5.5: obs-text (0x80–0xFF) is written as single Latin-1 bytes; HTAB is allowed.</summary>
    [TestMethod]
    public void S5_5_Latin1AndTab_AreWrittenAsBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Http1ResponseWriter.WriteHeader(buffer, "X", "D\u00fcsseldorf\tok");
        buffer.WrittenSpan.ToArray().ShouldBe([.. "X: D"u8, 0xFC, .. "sseldorf\tok\r\n"u8]);
    }

    /// <summary>RFC 9110 §5.1: field-name = token; anything else is a programmer error.</summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("Bad Name")]
    [DataRow("Bad:Name")]
    [DataRow("Bad\r\nName")]
    [DataRow("N\u00e4me")]
    [DataRow("(x)")]
    public void S5_1_InvalidName_Throws(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Should.Throw<ArgumentException>(() => Http1ResponseWriter.WriteHeader(buffer, name, "v"));
        Should.Throw<ArgumentException>(() => Http1ResponseWriter.WriteHeader(buffer, Encoding.Latin1.GetBytes(name), "v"u8));
        buffer.WrittenCount.ShouldBe(0);
        Http1ResponseWriter.IsValidFieldName(name).ShouldBeFalse();
    }

    /// <summary>
    /// RFC 9110 §5.5: "Field values containing CR, LF, or NUL characters are invalid and dangerous"; a value that could
    /// split the response is a programmer error. Characters above U+00FF cannot be written as one byte.
    /// </summary>
    [TestMethod]
    [DataRow("a\rb")]
    [DataRow("a\nb")]
    [DataRow("a\r\nInjected: yes")]
    [DataRow("a\u0000b")]
    [DataRow("a\u0001b")]
    [DataRow("a\u007fb")]
    [DataRow("\u20ac")]
    public void S5_5_InvalidValue_Throws(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Should.Throw<ArgumentException>(() => Http1ResponseWriter.WriteHeader(buffer, "X", value));
        buffer.WrittenCount.ShouldBe(0);
        Http1ResponseWriter.IsValidFieldValue(value).ShouldBeFalse();
        if (value[0] <= 0xFF) Http1ResponseWriter.IsValidFieldValue(Encoding.Latin1.GetBytes(value)).ShouldBeFalse();
    }

    /// <summary>The validators accept what the writer writes.</summary>
    [TestMethod]
    public void S5_Validators_AcceptValidFields()
    {
        Http1ResponseWriter.IsValidFieldName("X-Custom_Header.1!#$%&'*+^`|~").ShouldBeTrue();
        Http1ResponseWriter.IsValidFieldName("x"u8).ShouldBeTrue();
        Http1ResponseWriter.IsValidFieldValue("text/html; q=0.9, \"quoted\"\t\u00ff").ShouldBeTrue();
        Http1ResponseWriter.IsValidFieldValue(""u8).ShouldBeTrue();
    }

    /// <summary>RFC 9110 §8.6: Content-Length = 1*DIGIT.</summary>
    [TestMethod]
    [DataRow(0L, "Content-Length: 0\r\n")]
    [DataRow(13L, "Content-Length: 13\r\n")]
    [DataRow(long.MaxValue, "Content-Length: 9223372036854775807\r\n")]
    public void S8_6_WriteContentLength_ExactBytes(long length, string expected) =>
        Written(b => Http1ResponseWriter.WriteContentLength(b, length)).ShouldBe(expected);

    /// <summary>A negative length is a programmer error.</summary>
    [TestMethod]
    public void S8_6_NegativeContentLength_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Http1ResponseWriter.WriteContentLength(new ArrayBufferWriter<byte>(), -1));

    /// <summary>RFC 9112 §2.1: the head ends with an empty line.</summary>
    [TestMethod]
    public void S2_1_WriteEndOfHeaders_IsCrlf() =>
        Written(Http1ResponseWriter.WriteEndOfHeaders).ShouldBe("\r\n");

    /// <summary>A whole response head written piece by piece.</summary>
    [TestMethod]
    public void S4_WholeHead_ExactBytes()
    {
        var date = new DateHeaderCache(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero));
        Written(b =>
        {
            Http1ResponseWriter.WriteStatusLine(b, 200);
            b.Write(date.FieldLine);
            Http1ResponseWriter.WriteHeader(b, "Content-Type", "text/plain");
            Http1ResponseWriter.WriteContentLength(b, 13);
            Http1ResponseWriter.WriteEndOfHeaders(b);
            b.Write("hello, world!"u8);
        }).ShouldBe("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nhello, world!");
    }
}
