using Roadrunner.Http2;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Shouldly;

namespace Roadrunner.Tests.Http2;

/// <summary>RFC 9113 §5.2 and §6.9: flow control both ways, and two codecs exchanging more than their windows.</summary>
[TestClass]
public sealed class FlowControlTests
{
    /// <summary>RFC 9113 §6.9: "A sender MUST NOT send a flow-controlled frame with a length that exceeds the space available in either of the flow-control windows advertised by the receiver": beyond the stream window, a stream error.</summary>
    [TestMethod]
    public void DataBeyondStreamWindow_IsStreamFlowControlError()
    {
        using var server = new ServerHarness(new Http2Options { InitialStreamWindow = 100 });
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, new byte[101], endStream: false));
        server.ShouldResetStream(1, Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.StreamWindowExceeded);
    }

    /// <summary>RFC 9113 §6.9: beyond the connection window, a connection error.</summary>
    [TestMethod]
    public void DataBeyondConnectionWindow_IsConnectionFlowControlError()
    {
        using var server = new ServerHarness(new Http2Options { InitialStreamWindow = 1 << 20 });
        server.OpenStream(1, endStream: false);
        server.OpenStream(3, endStream: false);
        var flood = new FrameBuilder();
        for (int i = 0; i < 3; i++) flood.Data(1, new byte[16384], endStream: false);
        flood.Data(1, new byte[16383], endStream: false);
        server.Send(flood);
        server.Open.ShouldBeTrue();
        server.Send(new FrameBuilder().Data(3, new byte[1], endStream: false));
        server.ShouldGoAway(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.ConnectionWindowExceeded);
    }

    /// <summary>RFC 9113 §6.1: "The entire DATA frame payload is included in flow control, including the Pad Length and Padding fields if present"; padding is granted back at once.</summary>
    [TestMethod]
    public void Padding_CountsAgainstTheWindowsAndIsGrantedBack()
    {
        using var server = new ServerHarness(new Http2Options { InitialStreamWindow = 300, WindowRefillThreshold = 0.5 });
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, new byte[10], endStream: false, padLength: 200));
        var frames = server.ReadFrames();
        frames.ShouldHaveSingleItem().ToString().ShouldBe("WINDOW_UPDATE stream 1 +201");

        // 10 delivered + 201 granted back: 290 left of 300; 291 would exceed.
        server.Send(new FrameBuilder().Data(1, new byte[290], endStream: false)).ShouldHaveSingleItem().Data.Length.ShouldBe(290);
        server.Send(new FrameBuilder().Data(1, new byte[1], endStream: false));
        server.ShouldResetStream(1, Http2ErrorCode.FLOW_CONTROL_ERROR);
    }

    /// <summary>RFC 9113 §6.9: credit goes back as the application consumes, once the refill threshold is reached, for the stream and the connection.</summary>
    [TestMethod]
    public void ConsumeData_GrantsCreditAtThreshold()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, new byte[16384], endStream: false).Data(1, new byte[16384], endStream: false));
        server.ReadFrames().ShouldBeEmpty();
        server.Connection.ConsumeData(1, 16384);
        server.ReadFrames().ShouldBeEmpty();
        server.Connection.ConsumeData(1, 16384);
        server.ReadFrames().Select(f => f.ToString()).ShouldBe(["WINDOW_UPDATE stream 0 +32768", "WINDOW_UPDATE stream 1 +32768"]);
        Should.Throw<ArgumentOutOfRangeException>(() => server.Connection.ConsumeData(1, 1));
    }

    /// <summary>Data not consumed is never granted back: the peer is held to the window (§5.2.1 backpressure).</summary>
    [TestMethod]
    public void UnconsumedData_HoldsThePeerToTheWindow()
    {
        using var server = new ServerHarness();
        server.OpenStream(1, endStream: false);
        var fill = new FrameBuilder();
        for (int i = 0; i < 3; i++) fill.Data(1, new byte[16384], endStream: false);
        fill.Data(1, new byte[16383], endStream: false);
        server.Send(fill);
        server.ReadFrames().ShouldBeEmpty();
        server.Send(new FrameBuilder().Data(1, new byte[1], endStream: false));
        server.ShouldGoAway(Http2ErrorCode.FLOW_CONTROL_ERROR);
    }

    /// <summary>RFC 9113 §6.9.2: a larger connection window is granted with a WINDOW_UPDATE right after our SETTINGS.</summary>
    [TestMethod]
    public void InitialConnectionWindow_IsGrantedAfterSettings()
    {
        using var server = new ServerHarness(new Http2Options { InitialConnectionWindow = 1 << 20, InitialStreamWindow = 1 << 18 }, handshake: false);
        var frames = server.ReadFrames();
        frames.Select(f => f.Type).ShouldBe([Http2FrameType.SETTINGS, Http2FrameType.WINDOW_UPDATE]);
        frames[0].Settings.ShouldContain(new Http2Setting(Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 18));
        frames[1].StreamId.ShouldBe(0);
        frames[1].Increment.ShouldBe((1 << 20) - 65535);
    }

    /// <summary>
    /// RFC 9113 §6.5.3 / §6.9.2: until our SETTINGS are acknowledged the peer may use the initial 65535 stream
    /// window; after the acknowledgment our smaller value holds, applied to open streams by difference.
    /// </summary>
    [TestMethod]
    public void SmallerStreamWindow_AppliesFromAcknowledgment()
    {
        using var server = new ServerHarness(new Http2Options { InitialStreamWindow = 1000 }, handshake: false);
        server.Send(new FrameBuilder().Preface().Settings());
        server.OpenStream(1, endStream: false);
        server.Send(new FrameBuilder().Data(1, new byte[5000], endStream: false)).ShouldHaveSingleItem().Data.Length.ShouldBe(5000);
        server.OpenStream(3, endStream: false);
        server.Send(new FrameBuilder().SettingsAck());

        // Stream 3 now has 1000; stream 1 has 1000 - 5000 < 0.
        server.Send(new FrameBuilder().Data(3, new byte[1000], endStream: false)).ShouldHaveSingleItem();
        server.ReadFrames();
        server.Send(new FrameBuilder().Data(1, new byte[1], endStream: false));
        server.ShouldResetStream(1, Http2ErrorCode.FLOW_CONTROL_ERROR);
    }

    /// <summary>SendData takes what the windows allow and reports WindowAvailable when WINDOW_UPDATE arrives.</summary>
    [TestMethod]
    public void SendData_BlockedByWindow_WakesOnWindowUpdate()
    {
        using var server = new ServerHarness(null, true, (0x4, 10u));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.Connection.SendData(1, new byte[25], endStream: true).ShouldBe(10);
        server.Connection.SendData(1, new byte[15], endStream: true).ShouldBe(0);
        server.ReadFrames().Last().Header.Length.ShouldBe(10);
        server.Send(new FrameBuilder().WindowUpdate(0, 100)).ShouldBeEmpty();
        server.Send(new FrameBuilder().WindowUpdate(1, 100)).ShouldHaveSingleItem().Kind.ShouldBe(Http2EventKind.WindowAvailable);
        server.Connection.SendData(1, new byte[15], endStream: true).ShouldBe(15);
        var last = server.ReadFrames().ShouldHaveSingleItem();
        last.HasFlag(Http2FrameFlags.END_STREAM).ShouldBeTrue();
        server.Connection.GetStreamState(1).ShouldBe(Http2StreamState.Closed);
    }

    /// <summary>SendData is bounded by the pending output too; writing the output out wakes the stream.</summary>
    [TestMethod]
    public void SendData_BlockedByPendingOutput_WakesWhenWritten()
    {
        using var server = new ServerHarness(new Http2Options { MaxPendingOutput = 1000 }, true, (0x4, 1u << 20));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        int taken = server.Connection.SendData(1, new byte[5000], endStream: false);
        taken.ShouldBeLessThan(1000);
        server.ReadFrames();
        server.Events.ShouldContain(e => e.Kind == Http2EventKind.WindowAvailable && e.StreamId == 1);
    }

    /// <summary>Zero-length DATA with END_STREAM needs no window.</summary>
    [TestMethod]
    public void EmptyEndStream_NeedsNoWindow()
    {
        using var server = new ServerHarness(null, true, (0x4, 0u));
        server.OpenStream(1);
        server.Respond(1, endStream: false);
        server.ReadFrames();
        server.Connection.SendData(1, [], endStream: true).ShouldBe(0);
        var end = server.ReadFrames().ShouldHaveSingleItem();
        end.Header.Length.ShouldBe(0);
        end.HasFlag(Http2FrameFlags.END_STREAM).ShouldBeTrue();
    }

    /// <summary>
    /// Two codecs, small windows, a fake clock: a 1 MB upload and a 1 MB download go through 16 KB windows, each side
    /// consuming as it reads; neither side ever exceeds a window (either codec would fail the connection).
    /// </summary>
    [TestMethod]
    public void TwoCodecs_TransferMoreThanTheWindows()
    {
        var small = new Http2Options { InitialStreamWindow = 16384, InitialConnectionWindow = 65535 };
        using var pipe = new Http2Pipe(small, small);
        var body = new byte[1 << 20];
        new Random(7).NextBytes(body);
        var received = new MemoryStream();
        var downloaded = new MemoryStream();
        int uploadSent = 0, downloadSent = 0, responseStream = 0;

        pipe.OnServerEvent = (server, e) =>
        {
            if (e.Kind == Http2EventKind.DataReceived)
            {
                received.Write(e.Data.Span);
                server.ConsumeData(e.StreamId, e.Data.Length);
                if (e.EndStream)
                {
                    responseStream = e.StreamId;
                    server.SendHeaders(e.StreamId, 200, [], endStream: false);
                    downloadSent += server.SendData(e.StreamId, body, endStream: true);
                }
            }
            else if (e.Kind == Http2EventKind.WindowAvailable && e.StreamId == responseStream)
            {
                downloadSent += server.SendData(e.StreamId, body.AsSpan(downloadSent), endStream: true);
            }
        };
        int id = 0;
        pipe.OnClientEvent = (client, e) =>
        {
            if (e.Kind == Http2EventKind.DataReceived)
            {
                downloaded.Write(e.Data.Span);
                client.ConsumeData(e.StreamId, e.Data.Length);
            }
            else if (e.Kind == Http2EventKind.WindowAvailable && e.StreamId == id)
            {
                uploadSent += client.SendData(id, body.AsSpan(uploadSent), endStream: true);
            }
        };

        pipe.Pump();
        id = pipe.Client.SendRequest("POST", "http", "localhost", "/echo", [], endStream: false);
        uploadSent += pipe.Client.SendData(id, body, endStream: true);
        uploadSent.ShouldBeLessThanOrEqualTo(65535);
        pipe.Pump();

        received.ToArray().ShouldBe(body);
        downloaded.ToArray().ShouldBe(body);
        pipe.ClientEvents.ShouldNotContain(e => e.Kind == Http2EventKind.ConnectionClosed || e.Kind == Http2EventKind.StreamError || e.Kind == Http2EventKind.StreamReset);
        pipe.ServerEvents.ShouldNotContain(e => e.Kind == Http2EventKind.ConnectionClosed || e.Kind == Http2EventKind.StreamError || e.Kind == Http2EventKind.StreamReset);
        pipe.Client.GetStreamState(id).ShouldBe(Http2StreamState.Closed);
        pipe.Server.GetStreamState(id).ShouldBe(Http2StreamState.Closed);
    }

    /// <summary>
    /// Two codecs and a fake clock: a client that never reads the server's SETTINGS never acknowledges them; at the
    /// deadline the server ends the connection with SETTINGS_TIMEOUT (RFC 9113 §6.5.3), and the client hears why.
    /// </summary>
    [TestMethod]
    public void TwoCodecs_UnacknowledgedSettings_TimeOut()
    {
        using var pipe = new Http2Pipe(serverOptions: new Http2Options { SettingsTimeout = TimeSpan.FromSeconds(5) }) { HoldServerOutput = true };
        pipe.Pump();
        pipe.Server.NextDeadline.ShouldBe(5000);
        pipe.Advance(4999);
        pipe.Server.IsClosed.ShouldBeFalse();
        pipe.Advance(1);
        pipe.Server.IsClosed.ShouldBeTrue();
        pipe.ServerEvents.ShouldContain(e => e.Kind == Http2EventKind.ConnectionClosed && e.ErrorCode == Http2ErrorCode.SETTINGS_TIMEOUT);

        pipe.HoldServerOutput = false;
        pipe.Pump();
        var goAway = pipe.ClientEvents.Single(e => e.Kind == Http2EventKind.GoAwayReceived);
        goAway.ErrorCode.ShouldBe(Http2ErrorCode.SETTINGS_TIMEOUT);
        goAway.Text.ShouldBe(Http2Errors.SettingsTimeout);
    }

    /// <summary>Two codecs that both answer: the SETTINGS exchange completes and no timer is left.</summary>
    [TestMethod]
    public void TwoCodecs_SettingsExchange_ClearsTheDeadlines()
    {
        using var pipe = new Http2Pipe();
        pipe.Pump();
        pipe.Client.NextDeadline.ShouldBe(long.MaxValue);
        pipe.Server.NextDeadline.ShouldBe(long.MaxValue);
        pipe.ServerEvents.Select(e => e.Kind).ShouldBe([Http2EventKind.SettingsChanged, Http2EventKind.SettingsAcknowledged], ignoreOrder: true);
        pipe.Advance(60_000);
        pipe.Server.IsClosed.ShouldBeFalse();
    }
}
