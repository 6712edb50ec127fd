using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §4.3 (h2spec "4.3 Field Section Compression and Decompression").</summary>
[TestClass]
public sealed class Section4_3_HeaderCompressionTests
{
    /// <summary>
    /// RFC 9113 §4.3: "A decoding error in a field block MUST be treated as a connection error (Section 5.4.1) of type
    /// COMPRESSION_ERROR." (h2spec 4.3/1: an indexed field with index 0, RFC 7541 §6.1)
    /// </summary>
    [TestMethod]
    public void S4_3_InvalidFieldBlock_IsConnectionCompressionError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, [.. HeaderBlock.Request(), 0x80], endStream: true));
        server.ShouldGoAway(Http2ErrorCode.COMPRESSION_ERROR);
    }

    /// <summary>RFC 9113 §4.3: an index past both tables is a decoding error: COMPRESSION_ERROR.</summary>
    [TestMethod]
    public void S4_3_IndexBeyondTables_IsConnectionCompressionError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Headers(1, [.. HeaderBlock.Request(), .. HeaderBlock.IndexedReference(70)], endStream: true));
        server.ShouldGoAway(Http2ErrorCode.COMPRESSION_ERROR);
    }

    /// <summary>
    /// RFC 9113 §4.3: "Each field block is processed as a discrete unit. Field blocks MUST be transmitted as a
    /// contiguous sequence of frames, with no interleaved frames of any other type or from any other stream."
    /// (h2spec 4.3/2: a PRIORITY frame between HEADERS and CONTINUATION)
    /// </summary>
    [TestMethod]
    public void S4_3_PriorityInsideFieldBlock_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block[..5], endStream: true, endHeaders: false).Priority(1, 0).Continuation(1, block[5..], endHeaders: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>RFC 9113 §4.3: no frame "from any other stream" inside a field block (h2spec 4.3/3).</summary>
    [TestMethod]
    public void S4_3_HeadersForAnotherStreamInsideFieldBlock_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request();
        server.Send(new FrameBuilder().Headers(1, block[..5], endStream: true, endHeaders: false).Headers(3, block, endStream: true));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.HeaderBlockInterrupted);
    }

    /// <summary>
    /// RFC 9113 §4.3: "A receiver MUST terminate the connection with a connection error ... if it does not decompress
    /// a field block" — so every block is decoded, even one whose stream is then refused: the dynamic table entry
    /// added by a refused request is still there for the next one.
    /// </summary>
    [TestMethod]
    public void S4_3_RefusedRequest_StillUpdatesTheDecoder()
    {
        using var server = new ServerHarness();

        // Stream 1 depends on itself (refused), but its block adds "x-token: abc" to the dynamic table.
        server.Send(new FrameBuilder().Headers(1, [.. HeaderBlock.Request(), .. HeaderBlock.Indexed("x-token", "abc")], endStream: true, priority: (false, 1, 15)));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PriorityDependsOnItself);

        // Stream 3 refers to that entry by index 62.
        var events = server.OpenStream(3, block: [.. HeaderBlock.Request(), .. HeaderBlock.IndexedReference(62)]);
        events.ShouldHaveSingleItem().Headers!["x-token"].ShouldBe("abc");
    }

    /// <summary>RFC 9113 §4.3: a field block split over HEADERS and CONTINUATION frames is decoded as one.</summary>
    [TestMethod]
    public void S4_3_FieldBlockAcrossContinuations_IsDecodedAsOne()
    {
        using var server = new ServerHarness();
        var block = HeaderBlock.Request("GET", "/split", ("x-a", "1"));
        var events = server.Send(new FrameBuilder()
            .Headers(1, block[..3], endStream: true, endHeaders: false)
            .Continuation(1, block[3..10], endHeaders: false)
            .Continuation(1, block[10..], endHeaders: true));
        var request = events.ShouldHaveSingleItem();
        request.Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
        request.Headers!.Path.ShouldBe("/split");
        request.Headers["x-a"].ShouldBe("1");
    }
}
