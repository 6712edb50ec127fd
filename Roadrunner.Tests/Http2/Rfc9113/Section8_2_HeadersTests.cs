using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>
/// RFC 9113 §8.2 and §8.3 (h2spec "8.1.2 HTTP Header Fields", "8.1.2.1 Pseudo-Header Fields", "8.1.2.2
/// Connection-Specific Header Fields", "8.1.2.3 Request Pseudo-Header Fields"): a malformed request is a stream error
/// PROTOCOL_ERROR (§8.1.1: "Malformed requests or responses that are detected MUST be treated as a stream error
/// (Section 5.4.2) of type PROTOCOL_ERROR.").
/// </summary>
[TestClass]
public sealed class Section8_2_HeadersTests
{
    private static readonly (string, string)[] Base = [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "localhost")];

    /// <summary>RFC 9113 §8.2: "field names MUST be converted to lowercase when constructing an HTTP/2 message" ... §8.2.1: "A field name MUST NOT contain characters in the ranges ... 0x41-0x5a" (h2spec 8.1.2/1).</summary>
    [TestMethod]
    public void S8_2_UppercaseFieldName_IsMalformed() =>
        ShouldBeMalformed([.. Base, ("X-TEST", "ok")], Http2Errors.FieldNameUppercase);

    /// <summary>RFC 9113 §8.2.1: names may not hold characters outside a token, nor be empty.</summary>
    [TestMethod]
    [DataRow("x test")]
    [DataRow("x:test")]
    [DataRow("x\u00e9")]
    [DataRow("")]
    [DataRow("x\"y")]
    public void S8_2_InvalidFieldName_IsMalformed(string name) =>
        ShouldBeMalformed([.. Base, (name, "ok")], Http2Errors.FieldNameInvalid);

    /// <summary>RFC 9113 §8.2.1: "A field value MUST NOT contain the zero value (ASCII NUL, 0x00), line feed (ASCII LF, 0x0a), or carriage return (ASCII CR, 0x0d) at any position."</summary>
    [TestMethod]
    [DataRow("a\0b")]
    [DataRow("a\rb")]
    [DataRow("a\nb")]
    public void S8_2_FieldValueWithNulCrOrLf_IsMalformed(string value) =>
        ShouldBeMalformed([.. Base, ("x-test", value)], Http2Errors.FieldValueInvalid);

    /// <summary>RFC 9113 §8.2.1: "A field value MUST NOT start or end with an ASCII whitespace character (ASCII SP or HTAB, 0x20 or 0x09)."</summary>
    [TestMethod]
    [DataRow(" ok")]
    [DataRow("ok ")]
    [DataRow("\tok")]
    [DataRow("ok\t")]
    public void S8_2_FieldValueWithSurroundingWhitespace_IsMalformed(string value) =>
        ShouldBeMalformed([.. Base, ("x-test", value)], Http2Errors.FieldValueWhitespace);

    /// <summary>RFC 9113 §8.2.1: inner whitespace, obs-text and an empty value are fine.</summary>
    [TestMethod]
    public void S8_2_ValidValues_AreAccepted()
    {
        using var server = new ServerHarness();
        var request = server.OpenStream(1, block: HeaderBlock.Literal([.. Base, ("x-a", "a b\tc"), ("x-b", "\u00ff"), ("x-c", "")])).ShouldHaveSingleItem();
        request.Headers!.Fields.ShouldBe([("x-a", "a b\tc"), ("x-b", "\u00ff"), ("x-c", "")]);
    }

    /// <summary>RFC 9113 §8.3: "Endpoints MUST treat a request or response that contains undefined or invalid pseudo-header fields as malformed" (h2spec 8.1.2.1/1).</summary>
    [TestMethod]
    public void S8_2_UnknownPseudoHeader_IsMalformed() =>
        ShouldBeMalformed([.. Base, (":test", "ok")], Http2Errors.PseudoUnknown);

    /// <summary>RFC 9113 §8.3: "pseudo-header fields defined for responses MUST NOT appear in requests" (h2spec 8.1.2.1/2).</summary>
    [TestMethod]
    public void S8_2_ResponsePseudoHeaderInRequest_IsMalformed() =>
        ShouldBeMalformed([.. Base, (":status", "200")], Http2Errors.PseudoUnknown);

    /// <summary>RFC 9113 §8.1: "Trailers MUST NOT include pseudo-header fields" (h2spec 8.1.2.1/3).</summary>
    [TestMethod]
    public void S8_2_PseudoHeaderInTrailers_IsMalformed()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, "test"u8.ToArray(), endStream: false).Headers(1, HeaderBlock.Literal((":method", "POST")), endStream: true));
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.PseudoInTrailers);
    }

    /// <summary>RFC 9113 §8.3: "All pseudo-header fields MUST appear in a field block before all regular field lines." (h2spec 8.1.2.1/4)</summary>
    [TestMethod]
    public void S8_2_PseudoHeaderAfterRegularField_IsMalformed() =>
        ShouldBeMalformed([(":method", "GET"), (":scheme", "http"), ("x-test", "ok"), (":path", "/"), (":authority", "localhost")], Http2Errors.PseudoAfterRegular);

    /// <summary>RFC 9113 §8.2.2: "Any message containing connection-specific header fields MUST be treated as malformed" (h2spec 8.1.2.2/1).</summary>
    [TestMethod]
    [DataRow("connection", "keep-alive")]
    [DataRow("keep-alive", "timeout=5")]
    [DataRow("proxy-connection", "keep-alive")]
    [DataRow("transfer-encoding", "chunked")]
    [DataRow("upgrade", "h2c")]
    public void S8_2_ConnectionSpecificField_IsMalformed(string name, string value) =>
        ShouldBeMalformed([.. Base, (name, value)], Http2Errors.ConnectionSpecificField);

    /// <summary>RFC 9113 §8.2.2: the TE header field "MUST NOT contain any value other than "trailers"" (h2spec 8.1.2.2/2).</summary>
    [TestMethod]
    [DataRow("trailers, deflate")]
    [DataRow("gzip")]
    public void S8_2_TeOtherThanTrailers_IsMalformed(string value) =>
        ShouldBeMalformed([.. Base, ("te", value)], Http2Errors.TeNotTrailers);

    /// <summary>RFC 9113 §8.2.2: TE: trailers is allowed.</summary>
    [TestMethod]
    public void S8_2_TeTrailers_IsAccepted()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, block: HeaderBlock.Literal([.. Base, ("te", "trailers")])).ShouldHaveSingleItem().Headers!["te"].ShouldBe("trailers");
    }

    /// <summary>RFC 9113 §8.3.1: ":path ... MUST NOT be empty for "http" or "https" URIs" (h2spec 8.1.2.3/1).</summary>
    [TestMethod]
    public void S8_2_EmptyPath_IsMalformed() =>
        ShouldBeMalformed([(":method", "GET"), (":scheme", "http"), (":path", ""), (":authority", "localhost")], Http2Errors.PathEmpty);

    /// <summary>RFC 9113 §8.3.1: "All HTTP/2 requests MUST include exactly one valid value for the ":method", ":scheme", and ":path" pseudo-header fields, unless they are CONNECT requests" (h2spec 8.1.2.3/2–4).</summary>
    [TestMethod]
    [DataRow(":method", Http2Errors.MethodMissing)]
    [DataRow(":scheme", Http2Errors.SchemeMissing)]
    [DataRow(":path", Http2Errors.PathMissing)]
    public void S8_2_MissingPseudoHeader_IsMalformed(string omitted, string reason) =>
        ShouldBeMalformed([.. Base.Where(f => f.Item1 != omitted)], reason);

    /// <summary>RFC 9113 §8.3.1: exactly one value of each (h2spec 8.1.2.3/5–7).</summary>
    [TestMethod]
    [DataRow(":method", "POST")]
    [DataRow(":scheme", "https")]
    [DataRow(":path", "/other")]
    [DataRow(":authority", "other")]
    public void S8_2_DuplicatedPseudoHeader_IsMalformed(string name, string value) =>
        ShouldBeMalformed([.. Base, (name, value)], Http2Errors.PseudoDuplicate);

    /// <summary>RFC 9113 §8.3.1: an http(s) :path is absolute ("/...") or "*" for OPTIONS.</summary>
    [TestMethod]
    public void S8_2_PathForms()
    {
        ShouldBeMalformed([(":method", "GET"), (":scheme", "https"), (":path", "index.html"), (":authority", "a")], Http2Errors.PathInvalid);
        ShouldBeMalformed([(":method", "GET"), (":scheme", "http"), (":path", "*"), (":authority", "a")], Http2Errors.PathInvalid);
        using var server = new ServerHarness();
        server.OpenStream(1, block: HeaderBlock.Literal((":method", "OPTIONS"), (":scheme", "http"), (":path", "*"))).ShouldHaveSingleItem().Headers!.Path.ShouldBe("*");
        server.OpenStream(3, block: HeaderBlock.Literal((":method", "GET"), (":scheme", "urn"), (":path", "x"))).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>RFC 9113 §8.5: CONNECT carries :authority only: "The ":scheme" and ":path" pseudo-header fields MUST be omitted."</summary>
    [TestMethod]
    public void S8_2_Connect()
    {
        ShouldBeMalformed([(":method", "CONNECT"), (":authority", "example.com:443"), (":path", "/")], Http2Errors.ConnectWithSchemeOrPath);
        ShouldBeMalformed([(":method", "CONNECT")], Http2Errors.ConnectWithoutAuthority);
        using var server = new ServerHarness();
        var connect = server.OpenStream(1, endStream: false, HeaderBlock.Literal((":method", "CONNECT"), (":authority", "example.com:443"))).ShouldHaveSingleItem();
        connect.Headers!.Authority.ShouldBe("example.com:443");
        connect.Headers.Path.ShouldBe("");
    }

    /// <summary>RFC 8441 §4: :protocol only with SETTINGS_ENABLE_CONNECT_PROTOCOL announced and the CONNECT method.</summary>
    [TestMethod]
    public void S8_2_ExtendedConnect()
    {
        (string, string)[] websocket = [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"), (":path", "/chat"), (":authority", "a")];
        ShouldBeMalformed(websocket, Http2Errors.PseudoUnknown);

        using var server = new ServerHarness(new Http2Options { EnableConnectProtocol = true });
        server.HandshakeFrames[0].Settings.ShouldContain(new Roadrunner.Http2.Frames.Http2Setting(Roadrunner.Http2.Frames.Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1));
        server.OpenStream(1, endStream: false, HeaderBlock.Literal(websocket)).ShouldHaveSingleItem().Headers!.Protocol.ShouldBe("websocket");
        server.OpenStream(3, block: HeaderBlock.Literal([.. Base, (":protocol", "websocket")]));
        server.ShouldResetStream(3, Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.ProtocolNotAllowed);
    }

    /// <summary>RFC 9113 §8.3.1: "A server SHOULD treat a request as malformed if it contains a Host header field that identifies an entity that differs from the entity in the ":authority" pseudo-header field."</summary>
    [TestMethod]
    public void S8_2_HostDifferentFromAuthority_IsMalformed()
    {
        ShouldBeMalformed([.. Base, ("host", "evil.example")], Http2Errors.HostMismatch);
        using var server = new ServerHarness();
        server.OpenStream(1, block: HeaderBlock.Literal([.. Base, ("host", "LOCALHOST")])).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>RFC 9110 §8.6: content-length is 1*DIGIT; repeated values must agree.</summary>
    [TestMethod]
    [DataRow("-1")]
    [DataRow("1.5")]
    [DataRow("")]
    [DataRow("99999999999999999999")]
    public void S8_2_InvalidContentLength_IsMalformed(string value) =>
        ShouldBeMalformed([.. Base, ("content-length", value)], Http2Errors.ContentLengthInvalid);

    /// <summary>RFC 9110 §8.6: two different content-length values are invalid.</summary>
    [TestMethod]
    public void S8_2_ConflictingContentLengths_AreMalformed() =>
        ShouldBeMalformed([.. Base, ("content-length", "1"), ("content-length", "2")], Http2Errors.ContentLengthInvalid);

    /// <summary>
    /// RFC 9113 §10.5.1: "A server that receives a larger field block than it is willing to handle can send an HTTP
    /// 431 (Request Header Fields Too Large) status code". The request is reported, not delivered; the 431 ends the
    /// stream and, the request being unfinished, resets it with NO_ERROR (§8.1).
    /// </summary>
    [TestMethod]
    public void S8_2_HeaderListTooLarge_IsReportedFor431()
    {
        using var server = new ServerHarness(new Http2Options { MaxHeaderListSize = 200 });
        server.HandshakeFrames[0].Settings.ShouldContain(new Roadrunner.Http2.Frames.Http2Setting(Roadrunner.Http2.Frames.Http2SettingsParameter.SETTINGS_MAX_HEADER_LIST_SIZE, 200));
        var e = server.OpenStream(1, endStream: false, HeaderBlock.Request("GET", "/", ("x-big", new string('a', 200)))).ShouldHaveSingleItem();
        e.Kind.ShouldBe(Http2EventKind.HeaderListTooLarge);
        e.Headers.ShouldBeNull();

        // Its content is discarded (and granted back), not delivered.
        server.Send(new FrameBuilder().Data(1, new byte[100], endStream: false)).ShouldBeEmpty();

        server.Connection.SendHeaders(1, 431, [], endStream: true);
        var frames = server.ReadFrames();
        frames.Select(f => f.Type).ShouldBe([Roadrunner.Http2.Frames.Http2FrameType.HEADERS, Roadrunner.Http2.Frames.Http2FrameType.RST_STREAM]);
        frames[1].ErrorCode.ShouldBe(Http2ErrorCode.NO_ERROR);
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
        server.Send(new FrameBuilder().Data(1, new byte[10], endStream: true)).ShouldBeEmpty();
        server.ShouldWriteNothing();
    }

    private static void ShouldBeMalformed((string, string)[] fields, string reason)
    {
        using var server = new ServerHarness();
        server.OpenStream(1, block: HeaderBlock.Literal(fields)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.StreamError);
        server.ShouldResetStream(1, Http2ErrorCode.PROTOCOL_ERROR, reason);
        server.Events.ShouldNotContain(e => e.Kind == Http2EventKind.RequestHeadersReceived);
    }
}
