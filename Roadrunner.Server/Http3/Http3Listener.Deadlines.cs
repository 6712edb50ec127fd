namespace Roadrunner.Server.Http3;

/// <summary>The streams' deadlines (<see cref="Deadlines.StreamDeadline"/>) ride on the timer thread, a few times a second.</summary>
internal sealed partial class Http3Listener
{
    private long _nextStreamTick;

    /// <summary>
    /// Checks every connection's stream deadlines, at most four times a second, with the listener's
    /// <see cref="TimeProvider"/> timestamp (the one HTTP/2 connections get from the heartbeat). Holds <see cref="Sync"/>.
    /// </summary>
    private void TickStreamsLocked()
    {
        var now = Listener.Now();
        if (now < _nextStreamTick) return;
        _nextStreamTick = now + (Listener.TicksPerSecond / 4);
        foreach (var connection in _connections.Values) connection.OnTickLocked(now);
    }
}
