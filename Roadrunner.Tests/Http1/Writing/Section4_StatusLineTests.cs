using System.Buffers;
using System.Text;
using Roadrunner.Http1.Writing;
using Shouldly;

namespace Roadrunner.Tests.Http1.Writing;

/// <summary>RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF.</summary>
[TestClass]
public sealed class Section4_StatusLineTests
{
    private static string StatusLine(int status)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Http1ResponseWriter.WriteStatusLine(buffer, status);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 9110 §15: every status code it defines, with its reason phrase.</summary>
    [TestMethod]
    [DataRow(100, "Continue")]
    [DataRow(101, "Switching Protocols")]
    [DataRow(200, "OK")]
    [DataRow(201, "Created")]
    [DataRow(202, "Accepted")]
    [DataRow(203, "Non-Authoritative Information")]
    [DataRow(204, "No Content")]
    [DataRow(205, "Reset Content")]
    [DataRow(206, "Partial Content")]
    [DataRow(300, "Multiple Choices")]
    [DataRow(301, "Moved Permanently")]
    [DataRow(302, "Found")]
    [DataRow(303, "See Other")]
    [DataRow(304, "Not Modified")]
    [DataRow(305, "Use Proxy")]
    [DataRow(307, "Temporary Redirect")]
    [DataRow(308, "Permanent Redirect")]
    [DataRow(400, "Bad Request")]
    [DataRow(401, "Unauthorized")]
    [DataRow(402, "Payment Required")]
    [DataRow(403, "Forbidden")]
    [DataRow(404, "Not Found")]
    [DataRow(405, "Method Not Allowed")]
    [DataRow(406, "Not Acceptable")]
    [DataRow(407, "Proxy Authentication Required")]
    [DataRow(408, "Request Timeout")]
    [DataRow(409, "Conflict")]
    [DataRow(410, "Gone")]
    [DataRow(411, "Length Required")]
    [DataRow(412, "Precondition Failed")]
    [DataRow(413, "Content Too Large")]
    [DataRow(414, "URI Too Long")]
    [DataRow(415, "Unsupported Media Type")]
    [DataRow(416, "Range Not Satisfiable")]
    [DataRow(417, "Expectation Failed")]
    [DataRow(421, "Misdirected Request")]
    [DataRow(422, "Unprocessable Content")]
    [DataRow(426, "Upgrade Required")]
    [DataRow(500, "Internal Server Error")]
    [DataRow(501, "Not Implemented")]
    [DataRow(502, "Bad Gateway")]
    [DataRow(503, "Service Unavailable")]
    [DataRow(504, "Gateway Timeout")]
    [DataRow(505, "HTTP Version Not Supported")]
    public void S15_StatusLine_HasStandardReasonPhrase(int status, string reason)
    {
        StatusLine(status).ShouldBe($"HTTP/1.1 {status} {reason}\r\n");
        StatusCodes.ReasonPhrase(status).ShouldBe(reason);
    }

    /// <summary>Registered codes from other RFCs that servers commonly send.</summary>
    [TestMethod]
    [DataRow(103, "Early Hints")]
    [DataRow(429, "Too Many Requests")]
    [DataRow(431, "Request Header Fields Too Large")]
    [DataRow(451, "Unavailable For Legal Reasons")]
    public void S15_RegisteredStatus_HasReasonPhrase(int status, string reason) =>
        StatusLine(status).ShouldBe($"HTTP/1.1 {status} {reason}\r\n");

    /// <summary>
    /// RFC 9112 §4: "A client SHOULD ignore the reason-phrase content"; the reason-phrase is optional but the SP before
    /// it is not. Unused (306, 418) and unregistered codes get an empty one.
    /// </summary>
    [TestMethod]
    [DataRow(299)]
    [DataRow(306)]
    [DataRow(418)]
    [DataRow(599)]
    [DataRow(999)]
    public void S4_UnregisteredStatus_HasEmptyReasonPhrase(int status) =>
        StatusLine(status).ShouldBe($"HTTP/1.1 {status} \r\n");

    /// <summary>RFC 9110 §15: status-code = 3DIGIT; anything else is a programmer error.</summary>
    [TestMethod]
    [DataRow(0)]
    [DataRow(99)]
    [DataRow(1000)]
    [DataRow(-200)]
    public void S15_StatusOutside100To999_Throws(int status) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Http1ResponseWriter.WriteStatusLine(new ArrayBufferWriter<byte>(), status));

    /// <summary>RFC 9110 §15.2.1: the interim 100 (Continue) response is a status line and an empty line.</summary>
    [TestMethod]
    public void S15_2_1_Continue100_IsExactBytes() =>
        Encoding.ASCII.GetString(Http1ResponseWriter.Continue100).ShouldBe("HTTP/1.1 100 Continue\r\n\r\n");
}
