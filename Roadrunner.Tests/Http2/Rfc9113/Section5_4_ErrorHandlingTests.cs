using System.Text;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.4 (h2spec "5.4.1 Connection Error Handling").</summary>
[TestClass]
public sealed class Section5_4_ErrorHandlingTests
{
    /// <summary>
    /// RFC 9113 §5.4.1: "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame ... with the
    /// stream identifier of the last stream that it successfully received from its peer." ... "After sending the GOAWAY
    /// frame for an error condition, the endpoint MUST close the TCP connection." (h2spec 5.4.1/1–2)
    /// </summary>
    [TestMethod]
    public void S5_4_ConnectionError_SendsGoAwayWithLastStreamAndCloses()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.OpenStream(3);
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0, 0, 1, 2, 3));
        var goAway = server.ShouldGoAway(Http2ErrorCode.FRAME_SIZE_ERROR, Http2Errors.PingLength);
        goAway.LastStreamId.ShouldBe(3);
        Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)).ShouldStartWith("RFC 9113 §6.7");
        server.Connection.NextDeadline.ShouldBe(long.MaxValue);
    }

    /// <summary>RFC 9113 §5.4.1: the connection error is reported once, and nothing is sent after the GOAWAY.</summary>
    [TestMethod]
    public void S5_4_AfterConnectionError_SendsAreDropped()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Send(new FrameBuilder().Frame(FrameBuilder.PING, 0, 1, new byte[8]));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR);
        server.Connection.SendHeaders(1, 200, [], endStream: false);
        server.Connection.SendData(1, "late"u8, endStream: true).ShouldBe(4);
        server.Connection.SendGoAway(0);
        server.Connection.HasPendingOutput.ShouldBeFalse();
        server.Events.Count(e => e.Kind == Http2EventKind.ConnectionClosed).ShouldBe(1);
    }

    /// <summary>RFC 9113 §5.4.2: a stream error resets one stream; "the connection carries on": other streams are served.</summary>
    [TestMethod]
    public void S5_4_StreamError_LeavesOtherStreamsAlone()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.OpenStream(3, block: HeaderBlock.Request("GET", "/", ("Upper", "x")));
        server.ShouldResetStream(3, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.FieldNameUppercase);
        server.Send(new FrameBuilder().Data(1, "ok"u8.ToArray(), endStream: true)).ShouldHaveSingleItem().Text.ShouldBe("ok");
        server.OpenStream(5).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>The application can end the connection itself: GOAWAY with its code and reason.</summary>
    [TestMethod]
    public void S5_4_Abort_SendsGoAway()
    {
        using var server = new ServerHarness();
        server.OpenStream(1);
        server.Connection.Abort(Http2ErrorCode.INTERNAL_ERROR, "handler crashed");
        server.DrainEvents();
        var goAway = server.ShouldGoAway(Http2ErrorCode.INTERNAL_ERROR, "handler crashed");
        goAway.LastStreamId.ShouldBe(1);
    }
}
