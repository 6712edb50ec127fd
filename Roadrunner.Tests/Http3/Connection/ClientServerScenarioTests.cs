using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;

namespace Roadrunner.Tests.Http3.Connection;

/// <summary>Our client and server joined in memory: whole exchanges through the abstract stream interface.</summary>
[TestClass]
public sealed class ClientServerScenarioTests
{
    private static readonly Http3Header[] TextPlain = [new("content-type", "text/plain")];

    [TestMethod]
    public void Startup_ExchangesSettings_AndAppliesQpackLimits()
    {
        using var pipe = new Http3Pipe();
        pipe.ServerEvents.ShouldContain(e => e.Kind == Http3EventKind.SettingsReceived);
        pipe.ClientEvents.ShouldContain(e => e.Kind == Http3EventKind.SettingsReceived);
        pipe.Server.PeerSettings.QpackMaxTableCapacity.ShouldBe(4096);
        pipe.Server.PeerSettings.QpackBlockedStreams.ShouldBe(100);
        pipe.Server.PeerSettings.MaxFieldSectionSize.ShouldBe(16384);
        pipe.Client.PeerSettingsReceived.ShouldBeTrue();
        pipe.Server.Encoder.TableCapacity.ShouldBe(4096);

        // §6.2.1: control, encoder and decoder streams open with their types; the control stream starts with SETTINGS.
        var control = pipe.ServerOutputs.First(o => o.StreamId == 3);
        control.Data[0].ShouldBe((byte)0x00);
        control.Data[1].ShouldBe((byte)0x04);
        pipe.ServerOutputs.First(o => o.StreamId == 7).Data[0].ShouldBe((byte)0x02);
        pipe.ServerOutputs.First(o => o.StreamId == 11).Data[0].ShouldBe((byte)0x03);
    }

    [TestMethod]
    public void Get_RoundTrip()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/hello", [], endStream: true);
        pipe.Pump();

        var request = pipe.ServerEvents.Single(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        request.StreamId.ShouldBe(0);
        request.EndStream.ShouldBeTrue();
        request.Method.ShouldBe("GET");
        request.Path.ShouldBe("/hello");

        pipe.Server.SendHeaders(0, 200, TextPlain, endStream: false);
        pipe.Server.SendData(0, "hello, world!"u8, endStream: true);
        pipe.Pump();

        var response = pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.ResponseHeadersReceived);
        response.Status.ShouldBe(200);
        response.Field("content-type").ShouldBe("text/plain");
        var data = pipe.ClientEvents.Where(e => e.Kind == Http3EventKind.DataReceived).ToList();
        string.Concat(data.Select(d => d.Body)).ShouldBe("hello, world!");
        data[^1].EndStream.ShouldBeTrue();
        pipe.Server.ActiveStreamCount.ShouldBe(0);
        pipe.Client.ActiveStreamCount.ShouldBe(0);
    }

    [TestMethod]
    public void Post_WithBody_RoundTrip()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/echo", [new("content-length", "6")], endStream: false);
        pipe.Client.SendData(0, "abc"u8, endStream: false);
        pipe.Pump();
        pipe.Client.SendData(0, "def"u8, endStream: true);
        pipe.Pump();

        var request = pipe.ServerEvents.Single(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        request.EndStream.ShouldBeFalse();
        request.Method.ShouldBe("POST");
        var data = pipe.ServerEvents.Where(e => e.Kind == Http3EventKind.DataReceived).ToList();
        string.Concat(data.Select(d => d.Body)).ShouldBe("abcdef");
        data[^1].EndStream.ShouldBeTrue();

        pipe.Server.SendHeaders(0, 200, [], endStream: false);
        pipe.Server.SendData(0, "abcdef"u8, endStream: true);
        pipe.Pump();
        string.Concat(pipe.ClientEvents.Where(e => e.Kind == Http3EventKind.DataReceived).Select(d => d.Body)).ShouldBe("abcdef");
    }

    [TestMethod]
    public void Trailers_BothDirections()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/", [new("te", "trailers")], endStream: false);
        pipe.Client.SendData(0, "x"u8, endStream: false);
        pipe.Client.SendTrailers(0, [new("x-sum", "1")]);
        pipe.Pump();

        var trailers = pipe.ServerEvents.Single(e => e.Kind == Http3EventKind.TrailersReceived);
        trailers.Field("x-sum").ShouldBe("1");
        trailers.EndStream.ShouldBeTrue();

        pipe.Server.SendHeaders(0, 200, [], endStream: false);
        pipe.Server.SendData(0, "chunk"u8, endStream: false);
        pipe.Server.SendTrailers(0, [new("x-checksum", "abc")]);
        pipe.Pump();
        var responseTrailers = pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.TrailersReceived);
        responseTrailers.Field("x-checksum").ShouldBe("abc");
        responseTrailers.EndStream.ShouldBeTrue();
    }

    [TestMethod]
    public void ConcurrentStreams_AnsweredInAnyOrder()
    {
        using var pipe = new Http3Pipe();
        for (int i = 0; i < 5; i++) pipe.Client.SendRequest(i * 4, "GET", "https", "example.com", $"/item/{i}", [], endStream: true);
        pipe.Pump();
        pipe.ServerEvents.Count(e => e.Kind == Http3EventKind.RequestHeadersReceived).ShouldBe(5);
        pipe.Server.ActiveStreamCount.ShouldBe(5);

        for (int i = 4; i >= 0; i--)
        {
            pipe.Server.SendHeaders(i * 4, 200, TextPlain, endStream: false);
            pipe.Server.SendData(i * 4, System.Text.Encoding.ASCII.GetBytes($"item {i}"), endStream: true);
        }
        pipe.Pump();
        for (int i = 0; i < 5; i++)
        {
            pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.DataReceived && e.StreamId == i * 4 && e.Data.Length > 0).Body.ShouldBe($"item {i}");
        }
        pipe.Server.ActiveStreamCount.ShouldBe(0);
    }

    /// <summary>
    /// RFC 9204 §2.1.2: a section that references an insert not yet received blocks its stream; when the encoder
    /// stream delivers it, the stream resumes with what arrived meanwhile, and the Section Acknowledgment goes back.
    /// </summary>
    [TestMethod]
    public void BlockedQpackStream_ResumesWhenInsertsArrive()
    {
        using var pipe = new Http3Pipe();
        pipe.HoldToServer.Add(6);   // the client's QPACK encoder stream
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/upload", [new("x-custom", "a value worth indexing")], endStream: false);
        pipe.Client.SendData(0, "body"u8, endStream: true);
        pipe.Pump();

        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(1);
        pipe.ServerEvents.ShouldNotContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        pipe.ServerEvents.ShouldNotContain(e => e.Kind == Http3EventKind.DataReceived);

        pipe.Release(6);
        var request = pipe.ServerEvents.Single(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        request.Field("x-custom").ShouldBe("a value worth indexing");
        var data = pipe.ServerEvents.Where(e => e.Kind == Http3EventKind.DataReceived).ToList();
        string.Concat(data.Select(d => d.Body)).ShouldBe("body");
        data[^1].EndStream.ShouldBeTrue();
        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(0);

        // The Section Acknowledgment on the server's decoder stream (11) lets the client's encoder count the insert.
        pipe.Client.Encoder.KnownReceivedCount.ShouldBe(pipe.Client.Encoder.InsertCount);
        pipe.Client.Encoder.InsertCount.ShouldBeGreaterThan(0);
    }

    /// <summary>The server's responses use the dynamic table once the client allowed it, and the client decodes them.</summary>
    [TestMethod]
    public void ResponseHeaders_UseTheDynamicTable()
    {
        using var pipe = new Http3Pipe();
        for (int i = 0; i < 3; i++)
        {
            long id = i * 4;
            pipe.Client.SendRequest(id, "GET", "https", "example.com", "/", [], endStream: true);
            pipe.Pump();
            pipe.Server.SendHeaders(id, 200, [new("x-server", "roadrunner-h3")], endStream: true);
            pipe.Pump();
        }
        pipe.Server.Encoder.InsertCount.ShouldBeGreaterThan(0);
        pipe.ClientEvents.Where(e => e.Kind == Http3EventKind.ResponseHeadersReceived).Select(e => e.Field("x-server")).ShouldAllBe(v => v == "roadrunner-h3");
        pipe.Client.IsClosed.ShouldBeFalse();
    }

    /// <summary>
    /// §5.2: GOAWAY names the first request stream the server will not process; a request on it is rejected with
    /// H3_REQUEST_REJECTED, and a second GOAWAY may only lower the identifier.
    /// </summary>
    [TestMethod]
    public void GoAway_RejectsLaterRequests_AndOnlyDecreases()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/", [], endStream: true);
        pipe.Pump();
        pipe.Server.SendGoAway();
        pipe.Pump();
        pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.GoAwayReceived).Id.ShouldBe(4);
        pipe.Client.GoAwayReceivedId.ShouldBe(4);
        pipe.Server.IsDrained.ShouldBeFalse();

        pipe.Client.SendRequest(4, "GET", "https", "example.com", "/late", [], endStream: true);
        pipe.Pump();
        pipe.ServerEvents.Count(e => e.Kind == Http3EventKind.RequestHeadersReceived).ShouldBe(1);
        pipe.ServerOutputs.ShouldContain(o => o.Kind == Http3OutputKind.ResetStream && o.StreamId == 4 && o.Code == Http3ErrorCode.H3_REQUEST_REJECTED);
        pipe.ClientEvents.ShouldContain(e => e.Kind == Http3EventKind.StreamReset && e.StreamId == 4 && e.Code == Http3ErrorCode.H3_REQUEST_REJECTED);

        Should.Throw<ArgumentException>(() => pipe.Server.SendGoAway(8));
        pipe.Server.SendGoAway(4);
        pipe.Server.SendHeaders(0, 204, [], endStream: true);
        pipe.Pump();
        pipe.Server.IsDrained.ShouldBeTrue();
        pipe.Client.IsClosed.ShouldBeFalse();
    }

    /// <summary>A client reset of a request the application saw is reported; QPACK is told (Stream Cancellation).</summary>
    [TestMethod]
    public void ClientReset_IsReportedToTheServer()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/", [], endStream: false);
        pipe.Pump();
        pipe.Client.ResetStream(0, Http3ErrorCode.H3_REQUEST_CANCELLED);
        pipe.Pump();
        pipe.ServerEvents.ShouldContain(e => e.Kind == Http3EventKind.StreamReset && e.StreamId == 0 && e.Code == Http3ErrorCode.H3_REQUEST_CANCELLED);
        pipe.ServerEvents.ShouldContain(e => e.Kind == Http3EventKind.StopSendingReceived && e.StreamId == 0);
        pipe.Server.ActiveStreamCount.ShouldBe(0);
    }

    /// <summary>§4.1: a complete response before the request is complete aborts reading with H3_NO_ERROR.</summary>
    [TestMethod]
    public void EarlyResponse_StopsReadingWithNoError()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/", [], endStream: false);
        pipe.Pump();
        pipe.Server.SendHeaders(0, 413, [], endStream: true);
        pipe.Pump();
        pipe.ServerOutputs.ShouldContain(o => o.Kind == Http3OutputKind.StopSending && o.StreamId == 0 && o.Code == Http3ErrorCode.H3_NO_ERROR);
        pipe.ClientEvents.ShouldContain(e => e.Kind == Http3EventKind.ResponseHeadersReceived && e.Status == 413 && e.EndStream);
    }

    /// <summary>RFC 9110 §9.3.2: a response to HEAD has a content-length but no content; the client takes it as complete.</summary>
    [TestMethod]
    public void Head_ResponseWithContentLength_HasNoContent()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "HEAD", "https", "example.com", "/large", [], endStream: true);
        pipe.Pump();
        pipe.Server.SendHeaders(0, 200, [new("content-length", "65536")], endStream: true);
        pipe.Pump();
        var response = pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.ResponseHeadersReceived);
        response.EndStream.ShouldBeTrue();
        pipe.ClientEvents.ShouldNotContain(e => e.Kind == Http3EventKind.StreamError);
    }

    /// <summary>An interim 103 response precedes the final one.</summary>
    [TestMethod]
    public void InterimResponse_ThenFinal()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/", [], endStream: true);
        pipe.Pump();
        pipe.Server.SendHeaders(0, 103, [new("link", "</style.css>; rel=preload")], endStream: false);
        pipe.Server.SendHeaders(0, 200, [], endStream: false);
        Should.Throw<InvalidOperationException>(() => pipe.Server.SendHeaders(0, 200, [], endStream: true));
        pipe.Server.SendData(0, [], endStream: true);
        pipe.Pump();
        pipe.ClientEvents.Where(e => e.Kind == Http3EventKind.ResponseHeadersReceived).Select(e => e.Status).ShouldBe([103, 200]);
        pipe.ClientEvents[^1].EndStream.ShouldBeTrue();
    }

    /// <summary>A GOAWAY before any request names stream 0: nothing will be processed.</summary>
    [TestMethod]
    public void GoAway_BeforeAnyRequest_NamesStreamZero()
    {
        using var pipe = new Http3Pipe();
        pipe.Server.SendGoAway();
        pipe.Pump();
        pipe.ClientEvents.Single(e => e.Kind == Http3EventKind.GoAwayReceived).Id.ShouldBe(0);
        pipe.Server.IsDrained.ShouldBeTrue();
    }

    /// <summary>After the connection closes, sends do nothing and input returns the close error.</summary>
    [TestMethod]
    public void AfterClose_SendsAreIgnored_AndInputIsRefused()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/", [], endStream: true);
        pipe.Pump();
        pipe.Server.Abort(Http3ErrorCode.H3_NO_ERROR, "shutting down");
        pipe.Server.SendHeaders(0, 200, [], endStream: true);
        pipe.Server.TryReadOutput(out var close).ShouldBeTrue();
        close.Kind.ShouldBe(Http3OutputKind.CloseConnection);
        close.ErrorCode.ShouldBe(Http3ErrorCode.H3_NO_ERROR);
        pipe.Server.TryReadOutput(out _).ShouldBeFalse();
        pipe.Server.Receive(4, [0x01, 0x00], fin: true).Code.ShouldBe(Http3ErrorCode.H3_NO_ERROR);
    }

    /// <summary>
    /// RFC 9204 §4.4.2: "When a stream is reset or reading is abandoned, the decoder emits a Stream Cancellation
    /// instruction." A blocked request reset by the client is dropped and its cancellation reaches the client's encoder.
    /// </summary>
    [TestMethod]
    public void BlockedStreamReset_SendsStreamCancellation()
    {
        using var pipe = new Http3Pipe();
        pipe.HoldToServer.Add(6);
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/", [new("x-custom", "a value worth indexing")], endStream: true);
        pipe.Pump();
        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(1);
        pipe.Client.Encoder.BlockingStreamCount.ShouldBe(1);

        pipe.Client.ResetStream(0, Http3ErrorCode.H3_REQUEST_CANCELLED);
        pipe.Pump();
        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(0);

        // Stream Cancellation for stream 0 (01 000000) on the server's decoder stream; the client's encoder drops the section.
        pipe.ServerOutputs.Where(o => o.StreamId == 11).SelectMany(o => o.Data).ShouldContain((byte)0x40);
        pipe.Client.Encoder.BlockingStreamCount.ShouldBe(0);
        pipe.Release(6);
        pipe.ServerEvents.ShouldNotContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        pipe.Server.IsClosed.ShouldBeFalse();
        pipe.Client.IsClosed.ShouldBeFalse();
    }

    /// <summary>STOP_SENDING on a response stream: the server resets its sending side with the same code and reports it.</summary>
    [TestMethod]
    public void StopSending_ResetsTheResponse()
    {
        using var pipe = new Http3Pipe();
        pipe.Client.SendRequest(0, "GET", "https", "example.com", "/", [], endStream: true);
        pipe.Pump();
        pipe.Server.SendHeaders(0, 200, [], endStream: false);
        pipe.Pump();
        pipe.Server.StopSending(0, (ulong)Http3ErrorCode.H3_REQUEST_CANCELLED).IsNone.ShouldBeTrue();
        pipe.Server.TryReadEvent(out var e).ShouldBeTrue();
        e.Kind.ShouldBe(Http3EventKind.StopSendingReceived);
        pipe.Server.TryReadOutput(out var reset).ShouldBeTrue();
        reset.ShouldBe(new Http3Output(Http3OutputKind.ResetStream, 0, ErrorCode: Http3ErrorCode.H3_REQUEST_CANCELLED));
        pipe.Server.ActiveStreamCount.ShouldBe(0);

        // Sends on the reset stream are dropped: the application learnt of it from the event.
        pipe.Server.SendData(0, "x"u8, endStream: true);
        pipe.Server.TryReadOutput(out _).ShouldBeFalse();
    }
}
