using Roadrunner.Http3;
using Roadrunner.Tests.Http3.Support;
using Shouldly;
using static Roadrunner.Tests.Http3.Support.H3Bytes;

namespace Roadrunner.Tests.Http3.Limits;

/// <summary>
/// The bounds of <see cref="Http3Options"/>: an over-large request header section is reported so the server answers
/// 431 (RFC 6585 §5; RFC 9114 §4.2.2), other over-large input is refused with the documented code.
/// </summary>
[TestClass]
public sealed class FieldSectionLimitTests
{
    /// <summary>An encoded section past MaxHeaderBlock is skipped unread and reported; the server answers 431.</summary>
    [TestMethod]
    public void EncodedSectionPastMaxHeaderBlock_IsReportedFor431()
    {
        using var h = new ServerHarness(new Http3Options { MaxHeaderBlock = 100, GreaseSeed = 1 });
        var error = h.Send(0, Concat(Headers(Post("/", ("x-big", new string('a', 200)))), Data("ignored")));
        error.IsNone.ShouldBeTrue();
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.HeaderSectionTooLarge).StreamId.ShouldBe(0);
        h.Events.ShouldNotContain(e => e.Kind == Http3EventKind.RequestHeadersReceived || e.Kind == Http3EventKind.DataReceived);

        // RFC 9204 §4.4.2: the section will never be decoded: Stream Cancellation for stream 0 on our decoder stream.
        h.Outputs.Where(o => o.StreamId == 11).SelectMany(o => o.Data).ShouldContain((byte)0x40);

        h.Connection.SendHeaders(0, 431, [], endStream: true);
        h.Drain();
        h.Outputs.ShouldContain(o => o.Kind == Http3OutputKind.StreamData && o.StreamId == 0 && o.Fin);
        h.Outputs.ShouldContain(o => o.Kind == Http3OutputKind.StopSending && o.StreamId == 0 && o.Code == Http3ErrorCode.H3_NO_ERROR);
        h.Send(0, Data("more"), fin: true).IsNone.ShouldBeTrue();
        h.Connection.ActiveStreamCount.ShouldBe(0);
        h.Connection.IsClosed.ShouldBeFalse();
    }

    /// <summary>A decoded section past MaxFieldSectionSize (name + value + 32 per line, §4.2.2) is reported for 431 too.</summary>
    [TestMethod]
    public void DecodedSectionPastMaxFieldSectionSize_IsReportedFor431()
    {
        using var h = new ServerHarness(new Http3Options { MaxFieldSectionSize = 300, GreaseSeed = 1 });
        var error = h.Send(0, Headers(Get("/", ("x-big", new string('a', 300)))), fin: true);
        error.IsNone.ShouldBeTrue();
        h.Events.ShouldHaveSingleItem(e => e.Kind == Http3EventKind.HeaderSectionTooLarge);
        h.Connection.SendHeaders(0, 431, [], endStream: true);
        h.Drain();
        h.Connection.ActiveStreamCount.ShouldBe(0);
        h.Connection.IsClosed.ShouldBeFalse();
    }

    /// <summary>A section within both limits is served.</summary>
    [TestMethod]
    public void SectionAtTheLimit_IsServed()
    {
        using var h = new ServerHarness(new Http3Options { MaxHeaderBlock = 1000, GreaseSeed = 1 });
        h.Send(0, Headers(Get("/", ("x-big", new string('a', 900)))), fin: true).IsNone.ShouldBeTrue();
        h.Events.ShouldContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
    }

    /// <summary>Trailers past the limit cannot be answered with 431 any more: a stream error H3_EXCESSIVE_LOAD.</summary>
    [TestMethod]
    public void TrailersPastMaxHeaderBlock_IsExcessiveLoad()
    {
        using var h = new ServerHarness(new Http3Options { MaxHeaderBlock = 100, GreaseSeed = 1 });
        var error = h.Send(0, Concat(Headers(Post()), Headers(("x-big", new string('a', 200)))));
        h.ShouldBeStreamError(error, 0, Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.TrailersTooLarge);
    }

    /// <summary>Input kept for a stream blocked on QPACK inserts is bounded (MaxBlockedStreamBuffer).</summary>
    [TestMethod]
    public void BlockedStreamInputPastBound_IsExcessiveLoad()
    {
        using var pipe = new Http3Pipe(serverOptions: new Http3Options { MaxBlockedStreamBuffer = 1000, GreaseSeed = 1 });
        pipe.HoldToServer.Add(6);
        pipe.Client.SendRequest(0, "POST", "https", "example.com", "/", [new("x-custom", "a value worth indexing")], endStream: false);
        pipe.Pump();
        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(1);
        pipe.Client.SendData(0, new byte[2000], endStream: false);
        pipe.Pump();
        pipe.ServerOutputs.ShouldContain(o => o.Kind == Http3OutputKind.ResetStream && o.StreamId == 0 && o.Code == Http3ErrorCode.H3_EXCESSIVE_LOAD);
        pipe.Server.Decoder.BlockedStreamCount.ShouldBe(0);

        // The inserts arrive later: nothing resumes, the connection is fine.
        pipe.Release(6);
        pipe.Server.IsClosed.ShouldBeFalse();
        pipe.ServerEvents.ShouldNotContain(e => e.Kind == Http3EventKind.RequestHeadersReceived);
    }

    /// <summary>The options record documents and exposes MaxConcurrentStreams for the QUIC layer (MAX_STREAMS).</summary>
    [TestMethod]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = Http3Options.Default;
        options.MaxHeaderBlock.ShouldBe(16384);
        options.MaxFieldSectionSize.ShouldBe(16384);
        options.MaxConcurrentStreams.ShouldBe(100);
        options.QpackMaxTableCapacity.ShouldBe(4096);
        options.QpackBlockedStreams.ShouldBe(100);
        options.MaxControlFramePayload.ShouldBe(4096);
        Should.Throw<ArgumentOutOfRangeException>(() => new Http3Connection(Http3Role.Server, new Http3Options { MaxHeaderBlock = -1 }));
    }
}
