using System.Text;
using Roadrunner.Hpack;
using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §8.1 (h2spec "8.1 HTTP Message Framing", "8.1.2.6 Malformed Requests and Responses", "generic/4").</summary>
[TestClass]
public sealed class Section8_1_MessageTests
{
    /// <summary>
    /// RFC 9113 §8.1: "An endpoint that receives a HEADERS frame without the END_STREAM flag set after receiving the
    /// HEADERS frame that opens a request or after receiving a final (non-informational) status code MUST treat the
    /// corresponding request or response as malformed (Section 8.1.1)." (h2spec 8.1/1)
    /// </summary>
    [TestMethod]
    public void S8_1_SecondHeadersWithoutEndStream_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Headers(1, HeaderBlock.Literal(("x-trailer", "1")), endStream: false));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.TrailersWithoutEndStream);
    }

    /// <summary>RFC 9113 §8.1: trailers are a field block with END_STREAM after the content (h2spec generic/4/4).</summary>
    [TestMethod]
    public void S8_1_Trailers_AreDelivered()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(4));
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: false));
        var trailers = server.Send(new FrameBuilder().Headers(1, HeaderBlock.Literal(("x-checksum", "abc")), endStream: true)).ShouldHaveSingleItem();
        trailers.Kind.ShouldBe(Http2EventKind.TrailersReceived);
        trailers.EndStream.ShouldBeTrue();
        trailers.Headers!["x-checksum"].ShouldBe("abc");
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedRemote);
    }

    /// <summary>
    /// RFC 9113 §8.1.1: "A request or response is also malformed if the value of a content-length header field does
    /// not equal the sum of the DATA frame payload lengths that form the content" (h2spec 8.1.2.6/1: one DATA frame).
    /// </summary>
    [TestMethod]
    public void S8_1_ContentLengthAboveData_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(1));
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
    }

    /// <summary>RFC 9113 §8.1.1: content-length against the sum of several DATA frames (h2spec 8.1.2.6/2).</summary>
    [TestMethod]
    public void S8_1_ContentLengthOverSeveralDataFrames_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(8));
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: false).Data(1, "tes"u8.ToArray(), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
    }

    /// <summary>RFC 9113 §8.1.1: a content-length with no content at all (END_STREAM on HEADERS) is malformed.</summary>
    [TestMethod]
    public void S8_1_ContentLengthWithoutContent_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: true, HeaderBlock.Post(5));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
        server.Events.ShouldNotContain(e => e.Kind == Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>RFC 9113 §8.1.1: a content-length the trailers arrive short of is malformed.</summary>
    [TestMethod]
    public void S8_1_ContentLengthShortAtTrailers_IsStreamProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(5));
        server.Send(new FrameBuilder().Data(1, "abc"u8.ToArray(), endStream: false).Headers(1, HeaderBlock.Literal(("x-t", "1")), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ContentLengthMismatch);
    }

    /// <summary>RFC 9113 §8.1.1: content that adds up to content-length is delivered with its length.</summary>
    [TestMethod]
    public void S8_1_MatchingContentLength_IsDelivered()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false, HeaderBlock.Post(7)).ShouldHaveSingleItem().Headers!.ContentLength.ShouldBe(7);
        server.Send(new FrameBuilder().Data(1, "abc"u8.ToArray(), endStream: false).Data(1, "defg"u8.ToArray(), endStream: true)).Count.ShouldBe(2);
        server.ShouldWriteNothing();
    }

    /// <summary>A GET and its response, decoded by a peer (h2spec generic/4/1): status, fields and content arrive as sent.</summary>
    [TestMethod]
    public void S8_1_GetAndResponse_RoundTrip()
    {
        using var server = new ServerHarness();
        var request = server.OpenStream(1).ShouldHaveSingleItem();
        request.Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
        request.EndStream.ShouldBeTrue();
        request.Headers!.Method.ShouldBe("GET");
        request.Headers.Scheme.ShouldBe("http");
        request.Headers.Path.ShouldBe("/");
        request.Headers.Authority.ShouldBe("localhost");

        server.Connection.SendHeaders(1, 200, [new("Content-Type", "text/plain"), new("connection", "close")], endStream: false);
        server.Connection.SendData(1, "hello, world!"u8, endStream: true).ShouldBe(13);
        var frames = server.ReadFrames();
        frames.Select(f => f.Type).ShouldBe([Http2FrameType.HEADERS, Http2FrameType.DATA]);

        var fields = new List<(string, string)>();
        new HpackDecoder().Decode(frames[0].Payload, new Collect(fields)).IsNone.ShouldBeTrue();
        fields.ShouldBe([(":status", "200"), ("content-type", "text/plain")]);
        Encoding.ASCII.GetString(frames[1].Payload).ShouldBe("hello, world!");
        frames[1].HasFlag(Http2FrameFlags.END_STREAM).ShouldBeTrue();
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
    }

    /// <summary>RFC 9113 §8.1: interim responses come before the final one; a second final response is misuse.</summary>
    [TestMethod]
    public void S8_1_InterimThenFinalResponse()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Connection.SendHeaders(1, 100, [], endStream: false);
        server.Connection.SendHeaders(1, 200, [], endStream: false);
        Should.Throw<InvalidOperationException>(() => server.Connection.SendHeaders(1, 200, [], endStream: false));
        Should.Throw<ArgumentException>(() => server.Connection.SendHeaders(1, 103, [], endStream: true));
        Should.Throw<ArgumentOutOfRangeException>(() => server.Connection.SendHeaders(1, 101, [], endStream: false));
        server.Connection.SendTrailers(1, [new("x-checksum", "1")]);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.HalfClosedLocal);
        Should.Throw<InvalidOperationException>(() => server.Connection.SendData(1, "x"u8, endStream: true));
        server.ReadFrames().Count(f => f.Type == Http2FrameType.HEADERS).ShouldBe(3);
    }

    /// <summary>A request with content and a response with trailers between the two roles (h2spec generic/4/3–4).</summary>
    [TestMethod]
    public void S8_1_PostWithTrailers_BetweenTwoRoles()
    {
        using var pipe = new Http2Pipe();
        pipe.OnServerEvent = (server, e) =>
        {
            if (e.Kind == Http2EventKind.DataReceived)
            {
                server.ConsumeData(e.StreamId, e.Data.Length);
                if (!e.EndStream) return;
                server.SendHeaders(e.StreamId, 201, [new("x-echo", "yes")], endStream: false);
                server.SendData(e.StreamId, "done"u8, endStream: false);
                server.SendTrailers(e.StreamId, [new("x-checksum", "42")]);
            }
        };
        pipe.Pump();
        int id = pipe.Client.SendRequest("POST", "https", "example.com", "/upload", [new("content-length", "5")], endStream: false);
        pipe.Client.SendData(id, "hello"u8, endStream: true).ShouldBe(5);
        pipe.Pump();

        var request = pipe.ServerEvents.Single(e => e.Kind == Http2EventKind.RequestHeadersReceived).Headers!;
        (request.Method, request.Scheme, request.Authority, request.Path, request.ContentLength).ShouldBe(("POST", "https", "example.com", "/upload", 5L));
        var response = pipe.ClientEvents.Single(e => e.Kind == Http2EventKind.ResponseHeadersReceived);
        response.Headers!.Status.ShouldBe(201);
        response.Headers["x-echo"].ShouldBe("yes");
        pipe.ClientEvents.Single(e => e.Kind == Http2EventKind.DataReceived).Text.ShouldBe("done");
        pipe.ClientEvents.Single(e => e.Kind == Http2EventKind.TrailersReceived).Headers!["x-checksum"].ShouldBe("42");
        pipe.Client.GetStreamState(id).ShouldBe(Http2StreamState.Closed);
        pipe.Server.GetStreamState(id).ShouldBe(Http2StreamState.Closed);
    }

    private sealed class Collect(List<(string, string)> fields) : IHeaderSink
    {
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) =>
            fields.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }
}
