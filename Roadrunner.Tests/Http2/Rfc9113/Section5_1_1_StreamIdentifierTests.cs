using Roadrunner.Http2;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.1.1 (h2spec "5.1.1 Stream Identifiers").</summary>
[TestClass]
public sealed class Section5_1_1_StreamIdentifierTests
{
    /// <summary>
    /// RFC 9113 §5.1.1: "Streams initiated by a client MUST use odd-numbered stream identifiers" ... "An endpoint that
    /// receives an unexpected stream identifier MUST respond with a connection error (Section 5.4.1) of type
    /// PROTOCOL_ERROR." (h2spec 5.1.1/1)
    /// </summary>
    [TestMethod]
    public void S5_1_1_EvenStreamIdentifier_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(2);
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.StreamIdEven);
    }

    /// <summary>
    /// RFC 9113 §5.1.1: "The identifier of a newly established stream MUST be numerically greater than all streams that
    /// the initiating endpoint has opened or reserved." (h2spec 5.1.1/2: stream 3 after stream 5)
    /// </summary>
    [TestMethod]
    public void S5_1_1_SmallerStreamIdentifier_IsConnectionProtocolError()
    {
        using var server = new ServerHarness();
        server.OpenStream(5);
        server.OpenStream(3);
        server.ShouldGoAway(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.StreamIdNotIncreasing);
    }

    /// <summary>RFC 9113 §5.1.1: identifiers may be skipped; "The first use of a new stream identifier implicitly closes all streams in the "idle" state" below it.</summary>
    [TestMethod]
    public void S5_1_1_SkippedIdentifiers_AreImplicitlyClosed()
    {
        using var server = new ServerHarness();
        server.OpenStream(1).ShouldHaveSingleItem().StreamId.ShouldBe(1);
        server.OpenStream(7).ShouldHaveSingleItem().StreamId.ShouldBe(7);
        server.Connection.GetStreamState(3).ShouldBe(Http2StreamState.Closed);
        server.Connection.GetStreamState(9).ShouldBe(Http2StreamState.Idle);
        server.ShouldWriteNothing();
    }

    /// <summary>RFC 9113 §5.1.1: PRIORITY does not open a stream, so a lower identifier may still be opened after it (h2spec generic/3.3/5).</summary>
    [TestMethod]
    public void S5_1_1_PriorityOnHigherIdleStream_DoesNotUseItsIdentifier()
    {
        using var server = new ServerHarness();
        server.Send(new FrameBuilder().Priority(3, 0));
        server.OpenStream(1).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
        server.OpenStream(3).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>The client role opens odd identifiers in increasing order.</summary>
    [TestMethod]
    public void S5_1_1_ClientRole_OpensOddIncreasingIdentifiers()
    {
        using var pipe = new Http2Pipe();
        pipe.Pump();
        pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true).ShouldBe(1);
        pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true).ShouldBe(3);
        pipe.Pump();
        pipe.ServerEvents.Where(e => e.Kind == Http2EventKind.RequestHeadersReceived).Select(e => e.StreamId).ShouldBe([1, 3]);
    }
}
