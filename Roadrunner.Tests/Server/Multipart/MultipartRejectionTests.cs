using System.Text;
using Roadrunner.Server.Multipart;
using Shouldly;
using static Roadrunner.Tests.Server.Multipart.MultipartDriver;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>Every way a multipart body is refused, with the exact error.</summary>
[TestClass]
public sealed class MultipartRejectionTests
{
    private static MultipartError Reject(string body, MultipartOptions? options = null)
    {
        var outcome = Run("b", body, options);
        outcome.Completed.ShouldBeFalse();
        outcome.Error.IsNone.ShouldBeFalse();
        outcome.Error.Reason.ShouldNotBeNullOrEmpty();
        return outcome.Error;
    }

    [TestMethod]
    [DataRow("no colon")]
    [DataRow(": empty name")]
    [DataRow("Name : space before colon")]
    [DataRow("Na me: space in name")]
    [DataRow("N\u00e4me: non-token name")]
    [DataRow("X: bell\u0007")]
    [DataRow("X: nul\u0000")]
    [DataRow("X: bare\nLF")]
    [DataRow("X: bare\rCR")]
    [DataRow("X: del\u007f")]
    [DataRow("Content-Disposition: form-data; name=\"unterminated")]
    [DataRow("Content-Disposition: form-data; name=a; name=b")]
    [DataRow("Content-Disposition: form-data; filename=a; filename=b")]
    [DataRow("Content-Disposition: form-data; filename*=UTF-8''a; filename*=UTF-8''b")]
    [DataRow("Content-Disposition: ; name=a")]
    [DataRow("Content-Disposition: form-data name=a")]
    [DataRow("Content-Disposition: form-data; name")]
    [DataRow("Content-Disposition: form-data; name=")]
    [DataRow("Content-Disposition: form-data; name=\"a\"x")]
    public void MalformedHeaderLine_IsMalformedHeader(string line)
        => Reject($"--b\r\n{line}\r\n\r\nx\r\n--b--").Kind.ShouldBe(MultipartErrorKind.MalformedHeader);

    [TestMethod]
    public void ObsFold_IsMalformedHeader()
        => Reject("--b\r\nX-A: one\r\n two\r\n\r\nx\r\n--b--").Kind.ShouldBe(MultipartErrorKind.MalformedHeader);

    [TestMethod]
    public void RepeatedContentDisposition_IsMalformedHeader()
        => Reject("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n--b--")
            .Kind.ShouldBe(MultipartErrorKind.MalformedHeader);

    [TestMethod]
    public void RepeatedContentType_IsMalformedHeader()
        => Reject("--b\r\nContent-Type: text/plain\r\ncontent-type: text/html\r\n\r\nx\r\n--b--").Kind.ShouldBe(MultipartErrorKind.MalformedHeader);

    [TestMethod]
    public void InvalidUtf8HeaderValue_IsMalformedHeader()
    {
        var body = Bytes("--b\r\nX: ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Bytes("\r\n\r\nx\r\n--b--")).ToArray();
        Run("b", [body]).Error.Kind.ShouldBe(MultipartErrorKind.MalformedHeader);
    }

    [TestMethod]
    public void HeaderSection_AtLimitAccepted_OverLimitRejected()
    {
        var options = new MultipartOptions { MaxHeaderSize = 20 };
        // "X: 1234567890123\r\n" is 18 bytes; with the empty line, 20.
        Run("b", "--b\r\nX: 1234567890123\r\n\r\nx\r\n--b--", options).Completed.ShouldBeTrue();
        Reject("--b\r\nX: 12345678901234\r\n\r\nx\r\n--b--", options).Kind.ShouldBe(MultipartErrorKind.HeaderTooLarge);
    }

    [TestMethod]
    public void HeaderLine_WithoutEnd_OverLimit_RejectedBeforeItEnds()
    {
        var options = new MultipartOptions { MaxHeaderSize = 100 };
        var reader = new MultipartReader("b", options);
        var input = Bytes("--b\r\nX: " + new string('a', 200));
        reader.TryRead(input, out _, out var ev).ShouldBeTrue();
        ev.Error.Kind.ShouldBe(MultipartErrorKind.HeaderTooLarge);
    }

    [TestMethod]
    public void HeaderSection_DefaultLimit_Is8192()
    {
        var big = "X: " + new string('a', 8192 - 5 - 2) + "\r\n"; // 8190 bytes, with the empty line exactly 8192
        Run("b", "--b\r\n" + big + "\r\nx\r\n--b--").Completed.ShouldBeTrue();
        var tooBig = "X: " + new string('a', 8192) + "\r\n";
        Reject("--b\r\n" + tooBig + "\r\nx\r\n--b--").Kind.ShouldBe(MultipartErrorKind.HeaderTooLarge);
    }

    [TestMethod]
    public void HeaderCount_DefaultLimit_Is16()
    {
        var sixteen = string.Concat(Enumerable.Range(0, 16).Select(i => $"X-{i}: v\r\n"));
        Run("b", "--b\r\n" + sixteen + "\r\nx\r\n--b--").Completed.ShouldBeTrue();
        Reject("--b\r\n" + sixteen + "X-16: v\r\n\r\nx\r\n--b--").Kind.ShouldBe(MultipartErrorKind.TooManyHeaders);
    }

    [TestMethod]
    public void PartCount_DefaultLimit_Is100()
    {
        var hundred = string.Concat(Enumerable.Range(0, 100).Select(i => "--b\r\n\r\nx\r\n"));
        var outcome = Run("b", hundred + "--b--");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.Count.ShouldBe(100);
        var tooMany = Run("b", hundred + "--b\r\n\r\nx\r\n--b--");
        tooMany.Error.Kind.ShouldBe(MultipartErrorKind.TooManyParts);
        tooMany.Parts.Count.ShouldBe(100);
        tooMany.Events[^2].ShouldBe("PartEnded");
    }

    [TestMethod]
    public void PartCount_CustomLimit()
        => Reject("--b\r\n\r\nx\r\n--b\r\n\r\ny\r\n--b--", new MultipartOptions { MaxPartCount = 1 }).Kind.ShouldBe(MultipartErrorKind.TooManyParts);

    [TestMethod]
    [DataRow("")]
    [DataRow("preamble only")]
    [DataRow("--b")]
    [DataRow("--b\r\n")]
    [DataRow("--b\r\nX: y")]
    [DataRow("--b\r\n\r\nbody")]
    [DataRow("--b\r\n\r\nbody\r\n--b")]
    [DataRow("--b\r\n\r\nbody\r\n--b-")]
    [DataRow("--b\r\n\r\nbody\r\n--b\r\n")]
    [DataRow("--b\n\nLF only\n--b--\n")]
    public void InputEndsBeforeCloseDelimiter_IsTruncated(string body)
        => Reject(body).Kind.ShouldBe(MultipartErrorKind.Truncated);

    [TestMethod]
    public void Truncated_AtEveryPosition()
    {
        var full = Encoding.ASCII.GetBytes(MultipartFormDataTests.Form);
        var closeEnd = MultipartFormDataTests.Form.IndexOf("--AaB03x--", StringComparison.Ordinal) + "--AaB03x--".Length;
        for (var cut = 0; cut <= full.Length; cut++)
        {
            var outcome = Run("AaB03x", [full[..cut]]);
            if (cut >= closeEnd)
            {
                outcome.Completed.ShouldBeTrue($"cut {cut}");
            }
            else
            {
                outcome.Error.Kind.ShouldBe(MultipartErrorKind.Truncated, $"cut {cut}");
            }
        }
    }
}
