using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Tests.TestSupport;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Body;

/// <summary>RFC 9112 §7.1.2: the trailer section after the last chunk.</summary>
[TestClass]
public sealed class Section7_1_2_TrailerTests
{
    private const string Head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    /// <summary>RFC 9112 §7.1.2: "trailer-section = *( field-line CRLF )", after last-chunk and before the final CRLF.</summary>
    [TestMethod]
    public void S7_1_2_Trailers_AreExposed()
    {
        string input = Head + "5\r\nhello\r\n0\r\nVary: *\r\nContent-Type:\ttext/plain \r\n\r\n";
        var result = Read(input);
        result.Outcome.ShouldBe(ReadOutcome.AtBoundary);
        var trailers = result.Requests.Single().Trailers;
        trailers.Select(t => (t.Name, t.Value)).ShouldBe([("Vary", "*"), ("Content-Type", "text/plain")]);
        trailers[0].NameOffset.ShouldBe(input.IndexOf("Vary", StringComparison.Ordinal));
        result.Requests[0].End.ShouldBe(input.Length);
    }

    /// <summary>Trailer offsets are relative to the input of the call that returned Complete.</summary>
    [TestMethod]
    public void S7_1_2_TrailerOffsets_AreRelativeToTheFinalInput()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("0\r\nX-Sum: 1"), out int consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.NeedMoreData);
        consumed.ShouldBe(3);
        var input = Bytes("X-Sum: 12\r\nY: z\r\n\r\nGET");
        decoder.Decode(input, out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        consumed.ShouldBe(input.Length - 3);
        decoder.Trailers.Length.ShouldBe(2);
        decoder.Trailers[0].Name(input).SequenceEqual("X-Sum"u8).ShouldBeTrue();
        decoder.Trailers[0].Value(input).SequenceEqual("12"u8).ShouldBeTrue();
        decoder.Trailers[1].Value(input).SequenceEqual("z"u8).ShouldBeTrue();
    }

    /// <summary>RFC 9112 §7.1.2: trailer fields follow the field-line rules of the header section.</summary>
    [TestMethod]
    [DataRow("X : y\r\n\r\n", 400, Http1Errors.WhitespaceBeforeColon)]
    [DataRow("X: y\r\n z\r\n\r\n", 400, Http1Errors.ObsFold)]
    [DataRow("X: a\u0000b\r\n\r\n", 400, Http1Errors.FieldValueInvalid)]
    [DataRow(": y\r\n\r\n", 400, Http1Errors.FieldNameEmpty)]
    [DataRow("X@: y\r\n\r\n", 400, Http1Errors.FieldNameInvalid)]
    [DataRow("nocolon\r\n\r\n", 400, Http1Errors.FieldMissingColon)]
    [DataRow("X: y\n\r\n", 400, Http1Errors.BareLineFeed)]
    [DataRow("X: y\r\n\rZ", 400, Http1Errors.BareCarriageReturn)]
    public void S7_1_2_InvalidTrailer_IsRejected(string trailers, int status, string reason) =>
        ShouldReject(Head + "0\r\n" + trailers, status, reason);

    /// <summary>The trailer section is bounded (4096 bytes by default): over it is 431.</summary>
    [TestMethod]
    public void S7_1_2_TrailerSectionOverLimit_Is431()
    {
        var options = new Http1Options { MaxTrailerBlockLength = 16 };
        // "X: " + 11 + CRLF = 16.
        ShouldAccept(Head + "0\r\nX: " + new string('v', 11) + "\r\n\r\n", options);
        ShouldReject(Head + "0\r\nX: " + new string('v', 12) + "\r\n\r\n", 431, Http1Errors.TrailerSectionTooLarge, options);
        ShouldReject(Head + "0\r\nX: " + new string('v', 40), 431, Http1Errors.TrailerSectionTooLarge, options);
    }

    /// <summary>The number of trailer fields is bounded (20 by default): over it is 431.</summary>
    [TestMethod]
    public void S7_1_2_TooManyTrailers_Is431()
    {
        var options = new Http1Options { MaxTrailerCount = 3 };
        ShouldAccept(Head + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", options).Trailers.Count.ShouldBe(3);
        ShouldReject(Head + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431, Http1Errors.TooManyTrailers, options);
    }

    /// <summary>Each body starts with no trailers from the one before.</summary>
    [TestMethod]
    public void S7_1_2_Trailers_AreClearedByStart()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("0\r\nA: 1\r\n\r\n"), out _, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        decoder.Trailers.Length.ShouldBe(1);
        decoder.Start(BodyFraming.Chunked, -1);
        decoder.Decode(Bytes("0\r\n\r\n"), out _, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        decoder.Trailers.Length.ShouldBe(0);
    }
}
