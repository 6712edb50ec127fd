using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Requests;

/// <summary>
/// RFC 9114 §4.1.2: "Malformed requests or responses that are detected MUST be treated as a stream error of type
/// H3_MESSAGE_ERROR." Each rule of §4.2 and §4.3 sends its bad request and gets RESET_STREAM and STOP_SENDING with
/// H3_MESSAGE_ERROR; the connection stays open.
/// </summary>
[TestClass]
public sealed class Section4_RequestValidationTests
{
    private static void ShouldBeMalformed(string reason, params (string, string)[] fields) => ShouldBeMalformed(reason, null, fields);

    private static void ShouldBeMalformed(string reason, Http3Options? options, params (string, string)[] fields)
    {
        using var h = new ServerHarness(options);
        var error = h.Send(0, Headers(fields), fin: true);
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_MESSAGE_ERROR, reason, stopSending: false);
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.StreamError).Reason.ShouldBe(reason);
        h.Events.ShouldNotContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);

        // The connection goes on: the next request is served.
        h.Send(4, Headers(Get()), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.RequestHeadersReceived && e.StreamId == 4);
    }

    private static void ShouldBeAccepted(Http3Options? options, params (string, string)[] fields)
    {
        using var h = new ServerHarness(options);
        h.Send(0, Headers(fields), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
    }

    /// <summary>A stream error while the request is still arriving also asks the client to stop sending.</summary>
    [TestMethod]
    public void S4_1_2_MalformedRequest_ResetsAndStopsSending()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Headers(Get("/", ("Upper", "x"))));
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.FieldNameUppercase);

        // RFC 9204 §4.4.2: the decoder tells the peer's encoder the stream was abandoned (Stream Cancellation, 01 + id).
        h.Outputs.Where(o => o.StreamId == 11).SelectMany(o => o.Data).ShouldContain((byte)0x40);

        // Octets still in flight on the stream are dropped, then forgotten at its end.
        h.Send(0, Data("late"), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldNotContain(e => e.Kind == Http3EventKind.DataReceived);
    }

    /// <summary>§4.2: "A request or response containing uppercase characters in field names MUST be treated as malformed."</summary>
    [TestMethod]
    public void S4_2_UppercaseFieldName() => ShouldBeMalformed(Http3Errors.FieldNameUppercase, Get("/", ("X-Custom", "1")));

    [TestMethod]
    [DataRow("bad name")]
    [DataRow("bad:name")]
    [DataRow("")]
    public void S4_2_InvalidFieldName(string name) => ShouldBeMalformed(Http3Errors.FieldNameInvalid, Get("/", (name, "1")));

    [TestMethod]
    [DataRow("a\r\nb")]
    [DataRow("a\0b")]
    [DataRow(" leading")]
    [DataRow("trailing\t")]
    public void S4_2_InvalidFieldValue(string value) => ShouldBeMalformed(Http3Errors.FieldValueInvalid, Get("/", ("x-value", value)));

    /// <summary>§4.2: "any message containing connection-specific fields MUST be treated as malformed."</summary>
    [TestMethod]
    [DataRow("connection")]
    [DataRow("keep-alive")]
    [DataRow("proxy-connection")]
    [DataRow("transfer-encoding")]
    [DataRow("upgrade")]
    public void S4_2_ConnectionSpecificField(string name) => ShouldBeMalformed(Http3Errors.ConnectionSpecificField, Get("/", (name, "x")));

    /// <summary>§4.2: TE "MUST NOT contain any value other than "trailers"."</summary>
    [TestMethod]
    public void S4_2_TeOtherThanTrailers() => ShouldBeMalformed(Http3Errors.TeNotTrailers, Get("/", ("te", "gzip")));

    [TestMethod]
    public void S4_2_TeTrailers_IsAccepted() => ShouldBeAccepted(null, Get("/", ("te", "trailers")));

    /// <summary>§4.3: "All pseudo-header fields MUST appear in the header section before regular fields."</summary>
    [TestMethod]
    public void S4_3_PseudoAfterRegular() =>
        ShouldBeMalformed(Http3Errors.PseudoAfterRegular, (":method", "GET"), (":scheme", "https"), ("x-a", "1"), (":authority", "example.com"), (":path", "/"));

    /// <summary>§4.3: "Endpoints MUST treat a request or response that contains undefined or invalid pseudo-header fields as malformed." :status belongs to responses.</summary>
    [TestMethod]
    [DataRow(":foo")]
    [DataRow(":status")]
    public void S4_3_UndefinedPseudoHeader(string name) => ShouldBeMalformed(Http3Errors.PseudoUnknown, [(name, "1"), .. Get()]);

    /// <summary>§4.3.1: "the same pseudo-header field name MUST NOT appear more than once in a field section".</summary>
    [TestMethod]
    [DataRow(":method")]
    [DataRow(":path")]
    [DataRow(":scheme")]
    [DataRow(":authority")]
    public void S4_3_1_DuplicatePseudoHeader(string name) => ShouldBeMalformed(Http3Errors.PseudoDuplicate, [(name, name == ":path" ? "/" : "x"), .. Get()]);

    /// <summary>§4.3.1: "All HTTP/3 requests MUST include exactly one value for the :method, :scheme, and :path pseudo-header fields, unless the request is a CONNECT request".</summary>
    [TestMethod]
    public void S4_3_1_MissingMethod() => ShouldBeMalformed(Http3Errors.MethodMissing, (":scheme", "https"), (":authority", "a"), (":path", "/"));

    [TestMethod]
    public void S4_3_1_MissingScheme() => ShouldBeMalformed(Http3Errors.SchemeMissing, (":method", "GET"), (":authority", "a"), (":path", "/"));

    [TestMethod]
    public void S4_3_1_MissingPath() => ShouldBeMalformed(Http3Errors.PathMissing, (":method", "GET"), (":scheme", "https"), (":authority", "a"));

    /// <summary>§4.3.1: ":path ... This pseudo-header field MUST NOT be empty for "http" or "https" URIs".</summary>
    [TestMethod]
    [DataRow("")]
    [DataRow("index.html")]
    [DataRow("*")]
    public void S4_3_1_InvalidPath(string path) => ShouldBeMalformed(Http3Errors.PathInvalid, Get(path));

    [TestMethod]
    public void S4_3_1_OptionsAsterisk_IsAccepted() =>
        ShouldBeAccepted(null, (":method", "OPTIONS"), (":scheme", "https"), (":authority", "example.com"), (":path", "*"));

    /// <summary>§4.3.1: "If the :scheme pseudo-header field identifies a scheme that has a mandatory authority component (including "http" and "https"), the request MUST contain either an :authority pseudo-header field or a Host header field."</summary>
    [TestMethod]
    public void S4_3_1_NoAuthorityNorHost() => ShouldBeMalformed(Http3Errors.AuthorityMissing, (":method", "GET"), (":scheme", "https"), (":path", "/"));

    [TestMethod]
    public void S4_3_1_HostWithoutAuthority_IsAccepted() =>
        ShouldBeAccepted(null, (":method", "GET"), (":scheme", "https"), (":path", "/"), ("host", "example.com"));

    /// <summary>§4.3.1: ":authority ... MUST NOT include the deprecated userinfo subcomponent"; "If both fields are present, they MUST contain the same value."</summary>
    [TestMethod]
    public void S4_3_1_AuthorityWithUserinfo() =>
        ShouldBeMalformed(Http3Errors.AuthorityInvalid, (":method", "GET"), (":scheme", "https"), (":authority", "user@example.com"), (":path", "/"));

    [TestMethod]
    public void S4_3_1_HostDiffersFromAuthority() => ShouldBeMalformed(Http3Errors.AuthorityInvalid, Get("/", ("host", "other.example")));

    /// <summary>§4.4: CONNECT: "The :scheme and :path pseudo-header fields are omitted"; ":authority" names where to connect.</summary>
    [TestMethod]
    public void S4_4_ConnectWithPath() =>
        ShouldBeMalformed(Http3Errors.ConnectInvalid, (":method", "CONNECT"), (":authority", "example.com:443"), (":path", "/"));

    [TestMethod]
    public void S4_4_ConnectWithoutAuthority() => ShouldBeMalformed(Http3Errors.ConnectInvalid, (":method", "CONNECT"));

    [TestMethod]
    public void S4_4_Connect_IsAccepted() => ShouldBeAccepted(null, (":method", "CONNECT"), (":authority", "example.com:443"));

    /// <summary>RFC 9220 §3: ":protocol" needs SETTINGS_ENABLE_CONNECT_PROTOCOL from us, and CONNECT.</summary>
    [TestMethod]
    public void Rfc9220_ProtocolWithoutSetting() =>
        ShouldBeMalformed(Http3Errors.ProtocolNotAllowed, (":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":authority", "example.com"), (":path", "/chat"));

    [TestMethod]
    public void Rfc9220_ProtocolWithoutConnect() =>
        ShouldBeMalformed(Http3Errors.ProtocolNotAllowed, new Http3Options { EnableConnectProtocol = true }, [(":protocol", "websocket"), .. Get("/chat")]);

    [TestMethod]
    public void Rfc9220_ExtendedConnect_IsAccepted()
    {
        using var h = new ServerHarness(new Http3Options { EnableConnectProtocol = true });
        h.Send(0, Headers((":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":authority", "example.com"), (":path", "/chat"))).IsNone.ShouldBeTrue();
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.RequestHeadersReceived).Protocol.ShouldBe("websocket");
    }

    /// <summary>RFC 9110 §8.6: Content-Length is one or more digits; differing values make the message invalid.</summary>
    [TestMethod]
    [DataRow("abc")]
    [DataRow("-1")]
    [DataRow("")]
    public void ContentLengthInvalid(string value) => ShouldBeMalformed(Http3Errors.ContentLengthInvalid, Post("/", ("content-length", value)));

    [TestMethod]
    public void ContentLengthDiffering() => ShouldBeMalformed(Http3Errors.ContentLengthInvalid, Post("/", ("content-length", "1"), ("content-length", "2")));

    /// <summary>§4.1.2: content-length "does not equal the sum of the DATA frame lengths received": fewer octets at the end.</summary>
    [TestMethod]
    public void S4_1_2_ContentLengthMoreThanData()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post("/", ("content-length", "10"))), Data("short")), fin: true);
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.ContentLengthMismatch, stopSending: false);
    }

    /// <summary>§4.1.2: more octets than content-length are refused as they arrive.</summary>
    [TestMethod]
    public void S4_1_2_ContentLengthLessThanData()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post("/", ("content-length", "3"))), Data("too long")));
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.ContentLengthMismatch);
    }

    /// <summary>A content-length of 0 with the stream ending at HEADERS is complete.</summary>
    [TestMethod]
    public void S4_1_2_ContentLengthZero_EndingAtHeaders_IsAccepted()
    {
        using var h = new ServerHarness();
        h.Send(0, Headers(Post("/", ("content-length", "0"))), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.RequestHeadersReceived).EndStream.ShouldBeTrue();
    }

    /// <summary>§4.3: "Pseudo-header fields MUST NOT appear in trailer sections."</summary>
    [TestMethod]
    public void S4_3_PseudoInTrailers()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post()), Data("x"), Headers((":path", "/"))), fin: true);
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_MESSAGE_ERROR, Http3Errors.PseudoInTrailers, stopSending: false);
    }

    /// <summary>Trailers are reported with EndStream, after the content.</summary>
    [TestMethod]
    public void Trailers_AreReported()
    {
        using var h = new ServerHarness();
        h.Send(0, Concat(Headers(Post()), Data("x"), Headers(("x-checksum", "42"))), fin: true).IsNone.ShouldBeTrue();
        var trailers = h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.TrailersReceived);
        trailers.EndStream.ShouldBeTrue();
        trailers.Field("x-checksum").ShouldBe("42");
    }
}
