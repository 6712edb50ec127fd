using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Requests;

/// <summary>
/// RFC 9114 §4.1: a request is one HEADERS frame, zero or more DATA frames, and optionally one HEADERS frame of
/// trailers. "Receipt of an invalid sequence of frames MUST be treated as a connection error of type H3_FRAME_UNEXPECTED."
/// </summary>
[TestClass]
public sealed class Section4_1_FrameSequenceTests
{
    [TestMethod]
    public void S4_1_DataBeforeHeaders_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Data("x"));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.FrameSequenceInvalid);
    }

    [TestMethod]
    public void S4_1_HeadersAfterTrailers_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post()), Headers(("x-t", "1")), Headers(("x-t", "2"))));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.FrameSequenceInvalid);
    }

    [TestMethod]
    public void S4_1_DataAfterTrailers_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post()), Data("a"), Headers(("x-t", "1")), Data("b")));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.FrameSequenceInvalid);
    }

    /// <summary>§4.1: unknown frames may follow the trailers.</summary>
    [TestMethod]
    public void S4_1_ReservedFrameAfterTrailers_IsIgnored()
    {
        using var h = new ServerHarness();
        h.Send(0, Concat(Headers(Post()), Headers(("x-t", "1")), Frame(0x21, 1)), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.TrailersReceived);
    }

    /// <summary>§4.1.2: a request stream that ends without a complete request: H3_REQUEST_INCOMPLETE.</summary>
    [TestMethod]
    public void S4_1_2_FinWithoutHeaders_IsRequestIncomplete()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Frame(0x21, 1, 2), fin: true);
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_REQUEST_INCOMPLETE, Http3Errors.RequestIncomplete, stopSending: false);
    }

    [TestMethod]
    public void S4_1_2_EmptyStream_IsRequestIncomplete()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, [], fin: true);
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_REQUEST_INCOMPLETE, Http3Errors.RequestIncomplete, stopSending: false);
    }

    /// <summary>Zero-length DATA frames are allowed and carry nothing.</summary>
    [TestMethod]
    public void EmptyDataFrames_AreAccepted()
    {
        using var h = new ServerHarness();
        h.Send(0, Concat(Headers(Post()), Data(""), Data("a"), Data("")), fin: true).IsNone.ShouldBeTrue();
        string.Concat(h.Events.Where(e => e.Kind == Http3EventKind.DataReceived).Select(e => e.Body)).ShouldBe("a");
        h.Events[^1].EndStream.ShouldBeTrue();
    }

    /// <summary>A QPACK section that cannot be decoded is a connection error QPACK_DECOMPRESSION_FAILED (RFC 9204 §2.2.3, §6).</summary>
    [TestMethod]
    public void InvalidFieldSection_IsDecompressionFailed()
    {
        using var h = new ServerHarness();

        // Prefix 0/0, then an indexed static field line with index 120 (past the 99 entries).
        var error = h.Send(0, Frame(0x01, 0x00, 0x00, 0xff, 0x39));
        h.ShouldBeConnectionError(error, Http3ErrorCode.QPACK_DECOMPRESSION_FAILED);
    }

    /// <summary>RFC 9204 §6: bad encoder-stream instructions close with QPACK_ENCODER_STREAM_ERROR.</summary>
    [TestMethod]
    public void InvalidEncoderStream_IsEncoderStreamError()
    {
        using var h = new ServerHarness();

        // Set Dynamic Table Capacity 8192, above the 4096 we advertised.
        var error = h.Send(h.PeerUni(1), Concat(VarInt(0x02), [0x3f, 0xe1, 0x3f]));
        h.ShouldBeConnectionError(error, Http3ErrorCode.QPACK_ENCODER_STREAM_ERROR);
    }

    /// <summary>RFC 9204 §4.4.3: an Insert Count Increment of 0 closes with QPACK_DECODER_STREAM_ERROR.</summary>
    [TestMethod]
    public void InvalidDecoderStream_IsDecoderStreamError()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerUni(1), Concat(VarInt(0x03), [0x00]));
        h.ShouldBeConnectionError(error, Http3ErrorCode.QPACK_DECODER_STREAM_ERROR);
    }
}
