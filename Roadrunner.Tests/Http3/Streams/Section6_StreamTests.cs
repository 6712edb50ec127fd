using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Streams;

/// <summary>RFC 9114 §6 (and RFC 9204 §4.2): stream types, one of each critical stream, critical streams never close.</summary>
[TestClass]
public sealed class Section6_StreamTests
{
    /// <summary>§6.2.1: "Only one control stream per peer is permitted; receipt of a second stream claiming to be a control stream MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    [TestMethod]
    public void S6_2_1_SecondControlStream_IsStreamCreationError()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerUni(1), ControlStream());
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.SecondControlStream);
    }

    /// <summary>§6.2.2: "Only servers can push; if a server receives a client-initiated push stream, this MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    [TestMethod]
    public void S6_2_2_PushStreamFromClient_IsStreamCreationError()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerUni(1), Concat(VarInt(0x01), VarInt(0)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.PushStreamFromClient);
    }

    /// <summary>§4.6: "A client MUST treat receipt of a push stream as a connection error of type H3_ID_ERROR when no MAX_PUSH_ID frame has been sent".</summary>
    [TestMethod]
    public void S4_6_PushStreamToClientWithoutMaxPushId_IsIdError()
    {
        using var h = ServerHarness.Client();
        var error = h.Send(h.PeerUni(1), Concat(VarInt(0x01), VarInt(0)));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushWithoutMaxPushId);
    }

    /// <summary>RFC 9204 §4.2: "Receipt of a second instance of either stream type MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    [TestMethod]
    [DataRow(0x02L, DisplayName = "encoder stream")]
    [DataRow(0x03L, DisplayName = "decoder stream")]
    public void Rfc9204_S4_2_SecondQpackStream_IsStreamCreationError(long type)
    {
        using var h = new ServerHarness();
        h.Send(h.PeerUni(1), VarInt(type)).IsNone.ShouldBeTrue();
        var error = h.Send(h.PeerUni(2), VarInt(type));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.SecondQpackStream);
    }

    /// <summary>
    /// §6.2: "Recipients of unknown stream types MUST either abort reading of the stream or discard incoming data
    /// without further processing. If reading is aborted, the recipient SHOULD use the H3_STREAM_CREATION_ERROR error
    /// code ... The recipient MUST NOT consider unknown stream types to be a connection error of any kind."
    /// Reserved types (0x1f * N + 0x21, §6.2.3) and other unknown types alike.
    /// </summary>
    [TestMethod]
    [DataRow(0x21L, DisplayName = "reserved 0x21")]
    [DataRow(0x1fL * 1000 + 0x21, DisplayName = "reserved 0x1f * 1000 + 0x21")]
    [DataRow(0x54L, DisplayName = "unknown 0x54 (WebTransport)")]
    public void S6_2_UnknownStreamType_IsAbortedWithStopSending_NotAnError(long type)
    {
        using var h = new ServerHarness();
        var error = h.SendByteByByte(h.PeerUni(1), Concat(VarInt(type), [1, 2, 3]));
        error.IsNone.ShouldBeTrue();
        h.Outputs.ShouldHaveSingleItem(o => o.Kind == Http3OutputKind.StopSending).ShouldBe(
            new RecordedOutput(Http3OutputKind.StopSending, h.PeerUni(1), [], false, Http3ErrorCode.H3_STREAM_CREATION_ERROR, null), new RecordedOutputComparer());

        // Later octets on it are dropped; the connection goes on.
        h.Send(h.PeerUni(1), [9, 9, 9], fin: true).IsNone.ShouldBeTrue();
        h.Send(0, Headers(Get()), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
    }

    /// <summary>§6.2.1: "If either control stream is closed at any point, this MUST be treated as a connection error of type H3_CLOSED_CRITICAL_STREAM."</summary>
    [TestMethod]
    public void S6_2_1_ControlStreamFin_IsClosedCriticalStream()
    {
        using var h = new ServerHarness();
        var error = h.Send(h.PeerControl, [], fin: true);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
    }

    [TestMethod]
    public void S6_2_1_ControlStreamReset_IsClosedCriticalStream()
    {
        using var h = new ServerHarness();
        var error = h.Reset(h.PeerControl, Http3ErrorCode.H3_NO_ERROR);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
    }

    /// <summary>RFC 9204 §4.2: "Closure of either unidirectional stream type MUST be treated as a connection error of type H3_CLOSED_CRITICAL_STREAM."</summary>
    [TestMethod]
    [DataRow(0x02L, false, DisplayName = "encoder stream FIN")]
    [DataRow(0x03L, false, DisplayName = "decoder stream FIN")]
    [DataRow(0x02L, true, DisplayName = "encoder stream reset")]
    [DataRow(0x03L, true, DisplayName = "decoder stream reset")]
    public void Rfc9204_S4_2_QpackStreamClosed_IsClosedCriticalStream(long type, bool reset)
    {
        using var h = new ServerHarness();
        h.Send(h.PeerUni(1), VarInt(type)).IsNone.ShouldBeTrue();
        var error = reset ? h.Reset(h.PeerUni(1), Http3ErrorCode.H3_NO_ERROR) : h.Send(h.PeerUni(1), [], fin: true);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
    }

    /// <summary>§6.2.1: "The sender MUST NOT close the control stream, and the receiver MUST NOT request that the sender close the control stream."</summary>
    [TestMethod]
    [DataRow(3L, DisplayName = "our control stream")]
    [DataRow(7L, DisplayName = "our encoder stream")]
    [DataRow(11L, DisplayName = "our decoder stream")]
    public void S6_2_1_StopSendingOnOurCriticalStream_IsClosedCriticalStream(long streamId)
    {
        using var h = new ServerHarness();
        var error = h.StopSending(streamId, Http3ErrorCode.H3_NO_ERROR);
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_CLOSED_CRITICAL_STREAM, Http3Errors.CriticalStreamClosed);
    }

    /// <summary>§6.1: "Clients MUST treat receipt of a server-initiated bidirectional stream as a connection error of type H3_STREAM_CREATION_ERROR".</summary>
    [TestMethod]
    public void S6_1_ServerInitiatedBidirectionalStream_AtClient_IsStreamCreationError()
    {
        using var h = ServerHarness.Client();
        var error = h.Send(1, Headers(("x", "y")));
        h.ShouldBeConnectionError(error, Http3ErrorCode.H3_STREAM_CREATION_ERROR, Http3Errors.ServerBidirectionalStream);
    }

    /// <summary>A server-initiated bidirectional stream arriving at the server is a QUIC matter: ignored.</summary>
    [TestMethod]
    public void ServerInitiatedBidirectionalStream_AtServer_IsIgnored()
    {
        using var h = new ServerHarness();
        h.Send(1, Headers(Get()), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldBeEmpty();
        h.Outputs.ShouldBeEmpty();
    }

    /// <summary>A stream type split across QUIC STREAM frames is read whole; a uni stream that ends before its type says nothing.</summary>
    [TestMethod]
    public void StreamTypeSplitAcrossCalls_IsRead()
    {
        using var h = new ServerHarness(openControl: false);
        h.SendByteByByte(ServerHarness.ClientControl, ControlStream((0x06, 1000))).IsNone.ShouldBeTrue();
        h.Connection.PeerSettings.MaxFieldSectionSize.ShouldBe(1000);
        h.Send(h.PeerUni(1), [], fin: true).IsNone.ShouldBeTrue();
        h.Connection.IsClosed.ShouldBeFalse();
    }

    /// <summary>A reset of a request the application never saw is answered with H3_REQUEST_REJECTED and no event.</summary>
    [TestMethod]
    public void ResetBeforeHeaders_IsRejectedSilently()
    {
        using var h = new ServerHarness();
        h.Send(0, [0x01]).IsNone.ShouldBeTrue();
        h.Reset(0, Http3ErrorCode.H3_REQUEST_CANCELLED).IsNone.ShouldBeTrue();
        h.Events.ShouldBeEmpty();
        h.Outputs.ShouldContain(o => o.Kind == Http3OutputKind.ResetStream && o.StreamId == 0 && o.Code == Http3ErrorCode.H3_REQUEST_REJECTED);
        h.Connection.ActiveStreamCount.ShouldBe(0);
    }
}

/// <summary>Compares outputs by value, including their octets.</summary>
internal sealed class RecordedOutputComparer : IEqualityComparer<RecordedOutput>
{
    public bool Equals(RecordedOutput? x, RecordedOutput? y) =>
        x is not null && y is not null && x.Kind == y.Kind && x.StreamId == y.StreamId && x.Data.AsSpan().SequenceEqual(y.Data) && x.Fin == y.Fin && x.Code == y.Code;

    public int GetHashCode(RecordedOutput obj) => HashCode.Combine(obj.Kind, obj.StreamId);
}
