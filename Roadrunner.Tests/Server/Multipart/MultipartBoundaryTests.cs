using Roadrunner.Server.Multipart;
using Shouldly;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>RFC 2046 §5.1.1 and RFC 7578 §4.1: the boundary parameter of a multipart media type.</summary>
[TestClass]
public sealed class MultipartBoundaryTests
{
    [TestMethod]
    [DataRow("multipart/form-data; boundary=AaB03x", "AaB03x")]
    [DataRow("multipart/form-data;boundary=AaB03x", "AaB03x")]
    [DataRow("Multipart/Form-Data; BOUNDARY=AaB03x", "AaB03x")]
    [DataRow("multipart/mixed; charset=utf-8; boundary=b1; x=y", "b1")]
    [DataRow("multipart/form-data; boundary=\"AaB03x\"", "AaB03x")]
    [DataRow("multipart/form-data; boundary=\"gc0p4Jq0M:2Yt08jU534c0p\"", "gc0p4Jq0M:2Yt08jU534c0p")]
    [DataRow("multipart/form-data; boundary=\"with space\"", "with space")]
    [DataRow("multipart/form-data; boundary=\"a\\'b\"", "a'b")]
    [DataRow("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW")]
    [DataRow("  multipart/form-data ; ; boundary=x ;  ", "x")]
    public void ValidBoundary_Extracted(string contentType, string expected)
    {
        MultipartBoundary.TryParse(contentType, out var boundary).ShouldBeTrue();
        boundary.ShouldBe(expected);
    }

    [TestMethod]
    public void SeventyChars_Accepted_SeventyOne_Rejected()
    {
        MultipartBoundary.TryParse("multipart/form-data; boundary=" + new string('a', 70), out var boundary).ShouldBeTrue();
        boundary.Length.ShouldBe(70);
        MultipartBoundary.TryParse("multipart/form-data; boundary=" + new string('a', 71), out _).ShouldBeFalse();
    }

    [TestMethod]
    [DataRow("text/plain; boundary=x")]
    [DataRow("multipart/form-data")]
    [DataRow("multipart/form-data; charset=utf-8")]
    [DataRow("multipart/form-data; boundary=")]
    [DataRow("multipart/form-data; boundary=\"\"")]
    [DataRow("multipart/form-data; boundary=\"trailing \"")]
    [DataRow("multipart/form-data; boundary=a; boundary=b")]
    [DataRow("multipart/form-data; boundary=a!b")]
    [DataRow("multipart/form-data; boundary=\"a\u00e9\"")]
    [DataRow("multipart/form-data; boundary=\"a\r\nb\"")]
    [DataRow("multipart/form-data; boundary=\"unterminated")]
    [DataRow("multipart/form-data; boundary = x")]
    [DataRow("multipart/form-data boundary=x")]
    [DataRow("multipart/; boundary=x")]
    [DataRow("/form-data; boundary=x")]
    [DataRow("multipart")]
    [DataRow("")]
    [DataRow("multipart/form-data; =x")]
    [DataRow("multipart/form-data; boundary=x y")]
    public void InvalidOrMissing_Rejected(string contentType) => MultipartBoundary.TryParse(contentType, out _).ShouldBeFalse();

    [TestMethod]
    public void Reader_RejectsInvalidBoundary()
    {
        Should.Throw<ArgumentException>(() => new MultipartReader(""));
        Should.Throw<ArgumentException>(() => new MultipartReader("a b "));
        Should.Throw<ArgumentException>(() => new MultipartReader(new string('x', 71)));
        Should.Throw<ArgumentException>(() => new MultipartReader("a\r\nb"));
    }
}
