using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Shouldly;
using static Roadrunner.Tests.TestSupport.Http1Wire;

namespace Roadrunner.Tests.Http1.Body;

/// <summary>RFC 9112 §6.2: a Content-Length body is exactly that many bytes; what follows is the next request.</summary>
[TestClass]
public sealed class Section6_2_ContentLengthBodyTests
{
    /// <summary>RFC 9112 §6.3 (6): "the Content-Length field value ... defines the expected message body length in octets".</summary>
    [TestMethod]
    public void S6_2_Body_IsDataThenComplete_NextRequestNotConsumed()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.ContentLength, 5);
        var input = Bytes("helloGET / HTTP/1.1\r\n");

        decoder.Decode(input, out int consumed, out int offset, out int length, out var error).ShouldBe(BodyDecodeStatus.Data);
        (consumed, offset, length).ShouldBe((5, 0, 5));
        error.IsNone.ShouldBeTrue();
        decoder.Received.ShouldBe(5);

        decoder.Decode(input.AsSpan(consumed), out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        consumed.ShouldBe(0);
        decoder.IsComplete.ShouldBeTrue();
    }

    /// <summary>Pieces of the body come out as they arrive; nothing is copied.</summary>
    [TestMethod]
    public void S6_2_BodyInPieces()
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(BodyFraming.ContentLength, 10);
        decoder.Decode(Bytes("abc"), out int consumed, out _, out int length, out _).ShouldBe(BodyDecodeStatus.Data);
        (consumed, length).ShouldBe((3, 3));
        decoder.Decode(default, out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.NeedMoreData);
        consumed.ShouldBe(0);
        decoder.Decode(Bytes("defghijklmn"), out consumed, out _, out length, out _).ShouldBe(BodyDecodeStatus.Data);
        (consumed, length).ShouldBe((7, 7));
        decoder.Received.ShouldBe(10);
        decoder.Decode(Bytes("lmn"), out consumed, out _, out _, out _).ShouldBe(BodyDecodeStatus.Complete);
        consumed.ShouldBe(0);
    }

    /// <summary>RFC 9112 §6.3 (7): no framing, or Content-Length 0, is a complete body straight away.</summary>
    [TestMethod]
    [DataRow(BodyFraming.None, -1L)]
    [DataRow(BodyFraming.ContentLength, 0L)]
    public void S6_3_NoBody_IsCompleteWithNothingConsumed(BodyFraming framing, long length)
    {
        var decoder = new Http1BodyDecoder();
        decoder.Start(framing, length);
        decoder.Decode(Bytes("GET / HTTP/1.1\r\n"), out int consumed, out _, out int dataLength, out _).ShouldBe(BodyDecodeStatus.Complete);
        consumed.ShouldBe(0);
        dataLength.ShouldBe(0);
    }

    /// <summary>A length over the limit handed straight to the decoder is 413 too (the head normally catches it first).</summary>
    [TestMethod]
    public void S6_2_LengthOverLimit_Is413()
    {
        var decoder = new Http1BodyDecoder(new Http1Options { MaxContentLength = 4 });
        decoder.Start(BodyFraming.ContentLength, 5);
        decoder.Decode(Bytes("hello"), out _, out _, out _, out var error).ShouldBe(BodyDecodeStatus.Error);
        error.ShouldBe(new Http1Error(413, Http1Errors.ContentLengthTooLarge));
    }

    /// <summary>Misuse throws: a negative Content-Length, or an undefined framing.</summary>
    [TestMethod]
    public void Start_Misuse_Throws()
    {
        var decoder = new Http1BodyDecoder();
        Should.Throw<ArgumentOutOfRangeException>(() => decoder.Start(BodyFraming.ContentLength, -1));
        Should.Throw<ArgumentOutOfRangeException>(() => decoder.Start((BodyFraming)42, 0));
    }
}
