using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2.Rfc9113;

/// <summary>RFC 9113 §5.1.2 (h2spec "5.1.2 Stream Concurrency").</summary>
[TestClass]
public sealed class Section5_1_2_ConcurrencyTests
{
    /// <summary>RFC 9113 §5.1.2: the limit is announced with SETTINGS_MAX_CONCURRENT_STREAMS.</summary>
    [TestMethod]
    public void S5_1_2_Limit_IsAnnounced()
    {
        using var server = new ServerHarness(new Http2Options { MaxConcurrentStreams = 7 });
        server.HandshakeFrames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_MAX_CONCURRENT_STREAMS, 7));
    }

    /// <summary>
    /// RFC 9113 §5.1.2: "An endpoint that receives a HEADERS frame that causes its advertised concurrent stream limit
    /// to be exceeded MUST treat this as a stream error (Section 5.4.2) of type PROTOCOL_ERROR or REFUSED_STREAM."
    /// (h2spec 5.1.2/1: one stream more than the limit)
    /// </summary>
    [TestMethod]
    public void S5_1_2_StreamBeyondLimit_IsRefused()
    {
        using var server = new ServerHarness();
        for (int i = 0; i < 100; i++) server.OpenStream((2 * i) + 1, endStream: false).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
        server.OpenStream(201, endStream: false).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.StreamError);
        server.ShouldResetStream(201, Http2ErrorCode.REFUSED_STREAM, Http2Errors.StreamRefused);
        server.Connection.ActiveStreamCount.ShouldBe(100);
    }

    /// <summary>RFC 9113 §5.1.2: "Streams that are in the "open" state or in either of the "half-closed" states count toward the maximum"; a closed one frees a place.</summary>
    [TestMethod]
    public void S5_1_2_ClosedStream_FreesAPlace()
    {
        using var server = new ServerHarness(new Http2Options { MaxConcurrentStreams = 1 });
        server.OpenStream(1);
        server.OpenStream(3);
        server.ShouldResetStream(3, Http2ErrorCode.REFUSED_STREAM);
        server.Respond(1);
        server.ReadFrames();
        server.OpenStream(5).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.RequestHeadersReceived);
    }

    /// <summary>The client role keeps to the server's limit.</summary>
    [TestMethod]
    public void S5_1_2_ClientRole_KeepsToPeerLimit()
    {
        using var pipe = new Http2Pipe(serverOptions: new Http2Options { MaxConcurrentStreams = 1 });
        pipe.Pump();
        pipe.Client.PeerSettings.MaxConcurrentStreams.ShouldBe(1u);
        pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true);
        Should.Throw<InvalidOperationException>(() => pipe.Client.SendRequest("GET", "http", "localhost", "/", [], endStream: true));
    }
}
