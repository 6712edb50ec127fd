using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>Graceful shutdown with GOAWAY (RFC 9113 §6.8) and the timers: SETTINGS acknowledgment (§6.5.3) and the shutdown PING.</summary>
public sealed partial class Http2Connection
{
    /// <summary>
    /// Starts a graceful shutdown in two steps (RFC 9113 §6.8: "A server that is attempting to gracefully shut down a
    /// connection SHOULD send an initial GOAWAY frame with the last stream identifier set to 2^31-1 and a NO_ERROR
    /// code. ... After allowing time for any in-flight stream creation (at least one round-trip time), the server
    /// MAY send another GOAWAY frame with an updated last stream identifier."): GOAWAY(2^31-1, NO_ERROR) and a PING
    /// now; the final GOAWAY naming the last stream handed to the application when that PING is acknowledged, or at
    /// <see cref="Http2Options.ShutdownPingTimeout"/>. Streams already open carry on; <see cref="IsCompleted"/> turns
    /// true when the last finishes. Does nothing if a shutdown is under way or the connection is closed.
    /// </summary>
    public void SendGoAway(long now)
    {
        ThrowIfDisposed();
        if (_closed || _goAway != GoAwayState.None) return;
        _now = now;
        Http2GoAwayFrame.Write(_output, int.MaxValue, Http2ErrorCode.NO_ERROR, default);
        Http2PingFrame.Write(_output, ShutdownPingData, ack: false);
        _goAway = GoAwayState.Draining;
        _shutdownDeadline = now + _options.ToTicks(_options.ShutdownPingTimeout);
    }

    /// <summary>Runs what is due at <paramref name="now"/>: the SETTINGS timeout, the final GOAWAY of a shutdown.</summary>
    public void OnTimeout(long now)
    {
        ThrowIfDisposed();
        if (_closed) return;
        _now = now;
        if (!_localSettingsAcknowledged && now >= _settingsDeadline)
        {
            // RFC 9113 §6.5.3: "If the sender of a SETTINGS frame does not receive an acknowledgment within a
            // reasonable amount of time, it MAY issue a connection error (Section 5.4.1) of type SETTINGS_TIMEOUT."
            ConnectionError(Http2ErrorCode.SETTINGS_TIMEOUT, Http2Errors.SettingsTimeout);
            return;
        }

        if (_goAway == GoAwayState.Draining && now >= _shutdownDeadline) SendFinalGoAway();
    }

    private void SendFinalGoAway()
    {
        _goAwayLastStreamId = _lastProcessedStreamId;
        Http2GoAwayFrame.Write(_output, _goAwayLastStreamId, Http2ErrorCode.NO_ERROR, default);
        _goAway = GoAwayState.Final;
        _shutdownDeadline = NoDeadline;
    }
}
