using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Frames;

/// <summary>RFC 9114 §7: frame layout, where each frame type may appear, reserved and HTTP/2-only types, frame limits.</summary>
[TestClass]
public sealed class Section7_FrameTests
{
    /// <summary>§6.2.1: "If the first frame of the control stream is any other frame type, this MUST be treated as a connection error of type H3_MISSING_SETTINGS."</summary>
    [TestMethod]
    [DataRow(0x07L, DisplayName = "GOAWAY first")]
    [DataRow(0x21L, DisplayName = "reserved frame first")]
    [DataRow(0x0dL, DisplayName = "MAX_PUSH_ID first")]
    public void S6_2_1_FirstControlFrameNotSettings_IsMissingSettings(long type)
    {
        using var h = new ServerHarness(openControl: false);
        var error = h.Send(ServerHarness.ClientControl, Concat(VarInt(0x00), Frame(type, VarInt(0))));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_MISSING_SETTINGS, Http3Errors.MissingSettings);
    }

    /// <summary>§7.2.4: "If an endpoint receives a second SETTINGS frame on the control stream, the endpoint MUST respond with a connection error of type H3_FRAME_UNEXPECTED."</summary>
    [TestMethod]
    public void S7_2_4_SecondSettings_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerControl, Settings());
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.SecondSettings);
    }

    /// <summary>§7.2.1: "If a DATA frame is received on a control stream, the recipient MUST respond with a connection error of type H3_FRAME_UNEXPECTED." §7.2.2 says the same of HEADERS.</summary>
    [TestMethod]
    [DataRow(0x00L, DisplayName = "DATA")]
    [DataRow(0x01L, DisplayName = "HEADERS")]
    public void S7_2_1_MessageFrameOnControl_IsFrameUnexpected(long type)
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerControl, Frame(type, 0, 0));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.MessageFrameOnControl);
    }

    /// <summary>§7.2.5: "A server MUST treat the receipt of a PUSH_PROMISE frame as a connection error of type H3_FRAME_UNEXPECTED."</summary>
    [TestMethod]
    public void S7_2_5_PushPromiseFromClient_OnRequestStream_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Get()), Frame(0x05, Concat(VarInt(0), Section(Get())))));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.PushPromiseUnexpected);
    }

    [TestMethod]
    public void S7_2_5_PushPromiseOnControl_IsFrameUnexpected()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerControl, Frame(0x05, Concat(VarInt(0), Section(Get()))));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.PushPromiseUnexpected);
    }

    /// <summary>§7.2.8: "Frame types that were used in HTTP/2 where there is no corresponding HTTP/3 frame have also been reserved ... their receipt MUST be treated as a connection error of type H3_FRAME_UNEXPECTED."</summary>
    [TestMethod]
    [DataRow(0x02L, false, DisplayName = "PRIORITY on control")]
    [DataRow(0x06L, false, DisplayName = "PING on control")]
    [DataRow(0x08L, false, DisplayName = "WINDOW_UPDATE on control")]
    [DataRow(0x09L, false, DisplayName = "CONTINUATION on control")]
    [DataRow(0x02L, true, DisplayName = "PRIORITY on request")]
    [DataRow(0x06L, true, DisplayName = "PING on request")]
    [DataRow(0x08L, true, DisplayName = "WINDOW_UPDATE on request")]
    [DataRow(0x09L, true, DisplayName = "CONTINUATION on request")]
    public void S7_2_8_Http2FrameType_IsFrameUnexpected(long type, bool onRequest)
    {
        using var h = new ServerHarness();
        var frame = Frame(type, new byte[8]);
        var error = onRequest ? h.Send(0, Concat(Headers(Get()), frame)) : h.Send(h.PeerControl, frame);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.Http2FrameType);
    }

    /// <summary>§7.2.8 / §9: "Endpoints MUST NOT consider these frames to have any meaning upon receipt"; unknown types are ignored, on control and request streams, before HEADERS too.</summary>
    [TestMethod]
    [DataRow(0x21L)]
    [DataRow(0x40L)]
    [DataRow(0x1fL * 123456 + 0x21)]
    public void S7_2_8_ReservedAndUnknownFrames_AreIgnored(long type)
    {
        using var h = new ServerHarness();
        h.Send(h.PeerControl, Frame(type, new byte[100])).IsNone.ShouldBeTrue();
        var request = Concat(Frame(type, 1, 2, 3), Headers(Post()), Frame(type), Data("ab"), Frame(type, new byte[5000]), Data("cd"), Frame(type, 7));
        h.SendByteByByte(0, request, fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        string.Concat(h.Events.Where(e => e.Kind == Http3EventKind.DataReceived).Select(e => e.Body)).ShouldBe("abcd");
        h.Events[^1].EndStream.ShouldBeTrue();
        h.Connection.IsClosed.ShouldBeFalse();
    }

    /// <summary>An unknown frame is skipped however large: its payload is never held.</summary>
    [TestMethod]
    public void UnknownFrame_LargerThanAnyLimit_IsSkipped()
    {
        using var h = new ServerHarness();
        var header = Concat(VarInt(0x21), VarInt(1_000_000));
        h.Send(h.PeerControl, header).IsNone.ShouldBeTrue();
        for (int i = 0; i < 100; i++) h.Send(h.PeerControl, new byte[10_000]).IsNone.ShouldBeTrue();
        h.Send(h.PeerControl, Frame(0x07, VarInt(0))).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.GoAwayReceived);
    }

    /// <summary>§7.1: "When a stream terminates cleanly, if the last frame on the stream was truncated, this MUST be treated as a connection error of type H3_FRAME_ERROR."</summary>
    [TestMethod]
    [DataRow(1, DisplayName = "inside the type")]
    [DataRow(2, DisplayName = "inside the length")]
    [DataRow(5, DisplayName = "inside the payload")]
    public void S7_1_TruncatedFrameAtFin_IsFrameError(int keep)
    {
        using var h = new ServerHarness();
        var data = Concat(Headers(Post()), Frame(0x00, new byte[300]));
        int headers = Headers(Post()).Length;
        var error = h.Send(0, data[..(headers + keep)], fin: true);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FrameTruncated);
    }

    /// <summary>A control frame larger than the limit is refused at its header, before its payload is held (§10.5).</summary>
    [TestMethod]
    [DataRow(true, DisplayName = "SETTINGS")]
    [DataRow(false, DisplayName = "GOAWAY")]
    public void OversizedControlFrame_IsExcessiveLoad(bool settings)
    {
        using var h = new ServerHarness(openControl: !settings);
        var header = Concat(VarInt(settings ? 0x04 : 0x07), VarInt(4097));
        var data = settings ? Concat(VarInt(0x00), header) : header;
        var error = h.Send(settings ? ServerHarness.ClientControl : h.PeerControl, data);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.ControlFrameTooLarge);
    }

    /// <summary>§7.1: "A frame payload that contains additional bytes after the identified fields or a frame payload that terminates before the end of the identified fields MUST be treated as a connection error of type H3_FRAME_ERROR."</summary>
    [TestMethod]
    [DataRow(0x07L, new byte[] { 0x00, 0x00 }, DisplayName = "GOAWAY with a byte too many")]
    [DataRow(0x07L, new byte[] { 0x40 }, DisplayName = "GOAWAY with a truncated integer")]
    [DataRow(0x07L, new byte[0], DisplayName = "GOAWAY empty")]
    [DataRow(0x0dL, new byte[] { 0x01, 0x02 }, DisplayName = "MAX_PUSH_ID with a byte too many")]
    [DataRow(0x03L, new byte[0], DisplayName = "CANCEL_PUSH empty")]
    public void S7_1_MalformedControlPayload_IsFrameError(long type, byte[] payload)
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerControl, Frame(type, payload));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);
    }

    [TestMethod]
    public void S7_1_TruncatedSettingsPayload_IsFrameError()
    {
        using var h = new ServerHarness(openControl: false);
        var error = h.Send(ServerHarness.ClientControl, Concat(VarInt(0x00), Frame(0x04, 0x06)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);
    }

    /// <summary>§7.2.3, §7.2.4, §7.2.6, §7.2.7: CANCEL_PUSH, SETTINGS, GOAWAY and MAX_PUSH_ID on a request stream are H3_FRAME_UNEXPECTED.</summary>
    [TestMethod]
    [DataRow(0x03L, DisplayName = "CANCEL_PUSH")]
    [DataRow(0x04L, DisplayName = "SETTINGS")]
    [DataRow(0x07L, DisplayName = "GOAWAY")]
    [DataRow(0x0dL, DisplayName = "MAX_PUSH_ID")]
    public void S7_2_ControlFrameOnRequestStream_IsFrameUnexpected(long type)
    {
        using var h = new ServerHarness();
        var error = h.Send(0, Concat(Headers(Post()), Frame(type, VarInt(0))));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.ControlFrameOnRequest);
    }

    /// <summary>§7.2.7: "A client MUST treat the receipt of a MAX_PUSH_ID frame as a connection error of type H3_FRAME_UNEXPECTED."</summary>
    [TestMethod]
    public void S7_2_7_MaxPushIdAtClient_IsFrameUnexpected()
    {
        using var h = ServerHarness.Client();
        var error = h.Send(h.PeerControl, Frame(0x0d, VarInt(5)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.MaxPushIdFromServer);
    }

    /// <summary>§7.2.7: "Receipt of a MAX_PUSH_ID frame that contains a smaller value than previously received MUST be treated as a connection error of type H3_ID_ERROR."</summary>
    [TestMethod]
    public void S7_2_7_MaxPushIdDecreased_IsIdError()
    {
        using var h = new ServerHarness();
        h.Send(h.PeerControl, Frame(0x0d, VarInt(10))).IsNone.ShouldBeTrue();
        h.Send(h.PeerControl, Frame(0x0d, VarInt(10))).IsNone.ShouldBeTrue();
        var error = h.Send(h.PeerControl, Frame(0x0d, VarInt(9)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.MaxPushIdDecreased);
    }

    /// <summary>§7.2.3: "If a CANCEL_PUSH frame is received that references a push ID greater than currently allowed on the connection, this MUST be treated as a connection error of type H3_ID_ERROR."</summary>
    [TestMethod]
    public void S7_2_3_CancelPushAboveMaximum_IsIdError()
    {
        using var h = new ServerHarness();
        h.Send(h.PeerControl, Frame(0x0d, VarInt(3))).IsNone.ShouldBeTrue();
        h.Send(h.PeerControl, Frame(0x03, VarInt(3))).IsNone.ShouldBeTrue();
        var error = h.Send(h.PeerControl, Frame(0x03, VarInt(4)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushIdTooLarge);
    }

    [TestMethod]
    public void S7_2_3_CancelPushAtClient_IsIdError()
    {
        using var h = ServerHarness.Client();
        var error = h.Send(h.PeerControl, Frame(0x03, VarInt(0)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushIdTooLarge);
    }

    /// <summary>§5.2: "Receiving a GOAWAY containing a larger identifier than previously received MUST be treated as a connection error of type H3_ID_ERROR."</summary>
    [TestMethod]
    public void S5_2_GoAwayIncreased_IsIdError()
    {
        using var h = ServerHarness.Client();
        h.Send(h.PeerControl, Frame(0x07, VarInt(8))).IsNone.ShouldBeTrue();
        h.Send(h.PeerControl, Frame(0x07, VarInt(4))).IsNone.ShouldBeTrue();
        h.Events.Where(e => e.Kind == Http3EventKind.GoAwayReceived).Select(e => e.Id).ShouldBe([8L, 4L]);
        var error = h.Send(h.PeerControl, Frame(0x07, VarInt(8)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.GoAwayIncreased);
    }

    /// <summary>§7.2.6: "A client receiving a GOAWAY frame containing a stream ID of any other type MUST treat this as a connection error of type H3_ID_ERROR."</summary>
    [TestMethod]
    [DataRow(1L)]
    [DataRow(2L)]
    [DataRow(3L)]
    public void S7_2_6_GoAwayNotClientBidirectional_IsIdError(long id)
    {
        using var h = ServerHarness.Client();
        var error = h.Send(h.PeerControl, Frame(0x07, VarInt(id)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.GoAwayNotRequestStream);
    }

    /// <summary>A client's GOAWAY carries a push ID; the server reports it.</summary>
    [TestMethod]
    public void S5_2_GoAwayFromClient_IsReported()
    {
        using var h = new ServerHarness();
        h.Send(h.PeerControl, Frame(0x07, VarInt(0))).IsNone.ShouldBeTrue();
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.GoAwayReceived).Id.ShouldBe(0);
    }

    /// <summary>A request fed one octet at a time, as the smallest QUIC STREAM frames bring it, is read the same.</summary>
    [TestMethod]
    public void Request_ByteByByte_IsReadWhole()
    {
        using var h = new ServerHarness();
        h.SendByteByByte(0, Concat(Headers(Post("/x", ("content-length", "5"))), Data("hello")), fin: true).IsNone.ShouldBeTrue();
        var headers = h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.RequestHeadersReceived);
        headers.Path.ShouldBe("/x");
        string.Concat(h.Events.Where(e => e.Kind == Http3EventKind.DataReceived).Select(e => e.Body)).ShouldBe("hello");
        h.Events[^1].EndStream.ShouldBeTrue();
    }
}
