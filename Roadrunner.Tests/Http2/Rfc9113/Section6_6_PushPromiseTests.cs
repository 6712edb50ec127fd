using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §6.6 and §8.4 (h2spec "8.2 Server Push").</summary>
[TestClass]
public sealed class Section6_6_PushPromiseTests
{
    /// <summary>RFC 9113 §8.4: "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error (Section 5.4.1) of type PROTOCOL_ERROR." (h2spec 8.2/1)</summary>
    [TestMethod]
    public void S6_6_PushPromiseFromClient_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().PushPromise(1, 2, HeaderBlock.Request()));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PushPromiseNotAllowed);
    }

    /// <summary>RFC 9113 §6.6: "If the Stream Identifier field specifies the value 0x00, a recipient MUST respond with a connection error (Section 5.4.1) of type PROTOCOL_ERROR."</summary>
    [TestMethod]
    public void S6_6_PushPromiseOnStreamZero_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().PushPromise(0, 2, HeaderBlock.Request()));
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PushPromiseOnStreamZero);
    }

    /// <summary>RFC 9113 §6.5.2: the client role disabled push, so a PUSH_PROMISE ends the connection.</summary>
    [TestMethod]
    public void S6_6_PushPromiseToClient_IsConnectionProtocolError()
    {
        using var client = new Http2Connection(Http2Role.Client, null, 0);
        client.Receive(new FrameBuilder().Settings().PushPromise(1, 2, []).ToArray(), 0).ShouldBeFalse();
    }

    /// <summary>The frame codec: PUSH_PROMISE round-trips.</summary>
    [TestMethod]
    public void S6_6_Codec_RoundTrips()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Http2PushPromiseFrame.Write(buffer, 1, 2, [9, 8], endHeaders: true);
        buffer.WrittenSpan.ToArray().ShouldBe(new FrameBuilder().PushPromise(1, 2, [9, 8]).ToArray());
        Http2PushPromiseFrame.TryRead(Http2FrameHeader.Read(buffer.WrittenSpan), buffer.WrittenSpan[9..], out var frame).IsNone.ShouldBeTrue();
        frame.PromisedStreamId.ShouldBe(2);
        frame.Fragment.ToArray().ShouldBe(new byte[] { 9, 8 });
        frame.EndHeaders.ShouldBeTrue();
    }
}
