using System.Text;
using Roadrunner.Server.Multipart;
using Shouldly;
using static Roadrunner.Tests.Server.Multipart.MultipartDriver;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>RFC 7578 multipart/form-data bodies read by the streaming reader (RFC 2046 §5.1 framing).</summary>
[TestClass]
public sealed class MultipartFormDataTests
{
    internal const string Form =
        "--AaB03x\r\n" +
        "Content-Disposition: form-data; name=\"submit-name\"\r\n" +
        "\r\n" +
        "Larry\r\n" +
        "--AaB03x\r\n" +
        "Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "... contents of file1.txt ...\r\n" +
        "--AaB03x--\r\n";

    [TestMethod]
    public void S4_TwoParts_HeadersAndBodies()
    {
        var outcome = Run("AaB03x", Form);
        outcome.Error.IsNone.ShouldBeTrue();
        outcome.Completed.ShouldBeTrue();
        outcome.Events.ShouldBe(["PartStarted", "PartData", "PartEnded", "PartStarted", "PartData", "PartEnded", "Completed"]);
        outcome.Parts.Count.ShouldBe(2);
        outcome.Parts[0].Headers.DispositionType.ShouldBe("form-data");
        outcome.Parts[0].Headers.Name.ShouldBe("submit-name");
        outcome.Parts[0].Headers.IsFile.ShouldBeFalse();
        outcome.Parts[0].Headers.ContentType.ShouldBeNull();
        outcome.Parts[0].Text.ShouldBe("Larry");
        outcome.Parts[1].Headers.Name.ShouldBe("files");
        outcome.Parts[1].Headers.FileName.ShouldBe("file1.txt");
        outcome.Parts[1].Headers.ContentType.ShouldBe("text/plain");
        outcome.Parts[1].Headers.Get("content-type").ShouldBe("text/plain");
        outcome.Parts[1].Headers.Get("X-Missing").ShouldBeNull();
        outcome.Parts[1].Headers.Fields.Count.ShouldBe(2);
        outcome.Parts[1].Text.ShouldBe("... contents of file1.txt ...");
    }

    [TestMethod]
    public void EmptyPartBody_HasNoDataEvent()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--");
        outcome.Events.ShouldBe(["PartStarted", "PartEnded", "Completed"]);
        outcome.Parts[0].Body.ShouldBeEmpty();
    }

    [TestMethod]
    public void PartWithoutHeaders_Allowed()
    {
        var outcome = Run("b", "--b\r\n\r\nbody\r\n--b--");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts[0].Headers.Fields.ShouldBeEmpty();
        outcome.Parts[0].Headers.DispositionType.ShouldBeNull();
        outcome.Parts[0].Text.ShouldBe("body");
    }

    [TestMethod]
    public void EmptyForm_CloseDelimiterOnly_CompletesWithNoParts()
    {
        var outcome = Run("b", "--b--\r\n");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.ShouldBeEmpty();
        outcome.Events.ShouldBe(["Completed"]);
    }

    [TestMethod]
    public void CloseDelimiter_WithoutTrailingCrlf_Completes() => Run("b", "--b\r\n\r\nx\r\n--b--").Completed.ShouldBeTrue();

    [TestMethod]
    public void PreambleAndEpilogue_Ignored()
    {
        var body = "This is the preamble.  It is to be ignored.\r\n--b-not-a-delimiter\r\n--b\r\n\r\nx\r\n--b--\r\nThis is the epilogue.\r\n--b\r\n\r\nignored";
        var outcome = Run("b", body);
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.Count.ShouldBe(1);
        outcome.Parts[0].Text.ShouldBe("x");
    }

    [TestMethod]
    public void BoundaryPrefixedByOtherText_InPreamble_IsNotADelimiter()
    {
        var outcome = Run("b", "--bx\r\n--b \r\n\r\nx\r\n--b--");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.Single().Text.ShouldBe("x");
    }

    [TestMethod]
    public void TransportPadding_AfterBoundary_Accepted()
    {
        var outcome = Run("b", "--b \t \r\n\r\none\r\n--b\t\r\n\r\ntwo\r\n--b--  \r\n");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.Select(p => p.Text).ShouldBe(["one", "two"]);
    }

    [TestMethod]
    public void TransportPadding_OverLimit_IsMalformed()
    {
        var options = new MultipartOptions { MaxTransportPadding = 4 };
        Run("b", "--b    \r\n\r\nx\r\n--b--", options).Completed.ShouldBeTrue();
        var outcome = Run("b", "--b     \r\n\r\nx\r\n--b--", options);
        outcome.Error.Kind.ShouldBe(MultipartErrorKind.Malformed);
        outcome = Run("b", "--b\r\n\r\nx\r\n--b     \r\n\r\ny\r\n--b--", options);
        outcome.Error.Kind.ShouldBe(MultipartErrorKind.Malformed);
    }

    [TestMethod]
    public void BinaryBody_WithCrlfAndBoundaryLookalikes_PreservedExactly()
    {
        // Every near-miss of "\r\n--bound" that is not followed by padding + CRLF or "--".
        var payload = "\r\n\r\n-\r\n--\r\n--b\r\n--bou\r\n--boun\r\n--boundX\r\n--bound-x\r\n--bound -\r\n--bound\r\r\n--bound \rx--bound\r\n\r";
        var body = Encoding.ASCII.GetBytes("--bound\r\n\r\n" + payload + "\r\n--bound--");
        var outcome = Run("bound", [body]);
        outcome.Completed.ShouldBeTrue();
        outcome.Parts.Single().Text.ShouldBe(payload);
    }

    [TestMethod]
    public void AllByteValues_InBody_PreservedExactly()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Enumerable.Range(0, 256).Select(i => (byte)(255 - i))).ToArray();
        var body = Bytes("--z\r\nContent-Type: application/octet-stream\r\n\r\n").Concat(payload).Concat(Bytes("\r\n--z--")).ToArray();
        var outcome = Run("z", [body]);
        outcome.Parts.Single().Body.ToArray().ShouldBe(payload);
    }

    [TestMethod]
    public void ContentDisposition_FilenameStar_Utf8_TakesPrecedence()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=f; filename=\"euro.txt\"; filename*=UTF-8''%e2%82%ac%20rates.txt\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.Name.ShouldBe("f");
        outcome.Parts[0].Headers.FileName.ShouldBe("€ rates.txt");
    }

    [TestMethod]
    public void ContentDisposition_FilenameStar_Latin1()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=f; filename*=iso-8859-1'en'%A3%20rates\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.FileName.ShouldBe("£ rates");
    }

    [TestMethod]
    [DataRow("filename*=UTF-8''%e2%82")]
    [DataRow("filename*=UTF-8''%zz")]
    [DataRow("filename*=UTF-16''abc")]
    [DataRow("filename*=UTF-8'abc")]
    [DataRow("filename*=''abc")]
    [DataRow("filename*=\"UTF-8''a b\"")]
    public void ContentDisposition_InvalidFilenameStar_FallsBackToFilename(string parameter)
    {
        var outcome = Run("b", $"--b\r\nContent-Disposition: form-data; name=f; filename=\"plain.txt\"; {parameter}\r\n\r\nx\r\n--b--");
        outcome.Completed.ShouldBeTrue();
        outcome.Parts[0].Headers.FileName.ShouldBe("plain.txt");
    }

    [TestMethod]
    public void ContentDisposition_QuotedFilename_OnlyQuoteAndBackslashUnescaped()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"; filename=\"C:\\dir\\x\\\\y.txt\"\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.Name.ShouldBe("a\"b");
        outcome.Parts[0].Headers.FileName.ShouldBe("C:\\dir\\x\\y.txt");
    }

    [TestMethod]
    public void ContentDisposition_Utf8FileName_Raw()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"r\u00e9sum\u00e9 %22q%22.pdf\"\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.FileName.ShouldBe("résumé %22q%22.pdf");
    }

    [TestMethod]
    public void ContentDisposition_EmptyFileName_IsAFile()
    {
        var outcome = Run("b", "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--b--");
        outcome.Parts[0].Headers.FileName.ShouldBe("");
        outcome.Parts[0].Headers.IsFile.ShouldBeTrue();
    }

    [TestMethod]
    public void ContentDisposition_UnknownParameters_AndSpacesAroundEquals_Tolerated()
    {
        var outcome = Run("b", "--b\r\ncontent-disposition: FORM-DATA ; foo=bar; name = \"n\";; size=3\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.DispositionType.ShouldBe("FORM-DATA");
        outcome.Parts[0].Headers.Name.ShouldBe("n");
    }

    [TestMethod]
    public void HeaderValue_OwsTrimmed_NameCaseKept()
    {
        var outcome = Run("b", "--b\r\nX-Custom:   v  \t\r\n\r\nx\r\n--b--");
        outcome.Parts[0].Headers.Fields.Single().ShouldBe(new KeyValuePair<string, string>("X-Custom", "v"));
    }

    [TestMethod]
    public void ErrorIsSticky_ReportedAgainWithNothingConsumed()
    {
        var reader = new MultipartReader("b");
        var input = Bytes("--b\r\nbad header\r\n\r\n");
        reader.TryRead(input, out _, out var ev).ShouldBeTrue();
        ev.Kind.ShouldBe(MultipartEventKind.Error);
        ev.Error.Kind.ShouldBe(MultipartErrorKind.MalformedHeader);
        reader.TryRead(input, out var consumed, out ev).ShouldBeTrue();
        consumed.ShouldBe(0);
        ev.Kind.ShouldBe(MultipartEventKind.Error);
        reader.Finish().Kind.ShouldBe(MultipartErrorKind.MalformedHeader);
    }

    [TestMethod]
    public void AfterCompletion_EpilogueConsumed_FinishIsClean()
    {
        var reader = new MultipartReader("b");
        var input = Bytes("--b--\r\nepilogue");
        reader.TryRead(input, out var consumed, out var ev).ShouldBeTrue();
        ev.Kind.ShouldBe(MultipartEventKind.Completed);
        reader.IsCompleted.ShouldBeTrue();
        reader.TryRead(input.AsSpan(consumed), out var rest, out _).ShouldBeFalse();
        (consumed + rest).ShouldBe(input.Length);
        reader.Finish().IsNone.ShouldBeTrue();
        reader.PartCount.ShouldBe(0);
    }
}
