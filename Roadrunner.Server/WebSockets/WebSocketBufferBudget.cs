namespace Roadrunner.Server.WebSockets;

/// <summary>
/// One listener's budget for received WebSocket bytes held in unfinished messages and frames
/// (<see cref="Listening.ListenerOptions.MaxWebSocketBufferedBytes"/>). Each session reports what it holds after
/// handling what it read; when the total passes the limit, the session holding the most is chosen to be failed with
/// 1009 (RFC 6455 §10.4: "implementations SHOULD impose an implementation-specific limit ... on the total message
/// size"), and its bytes leave the account at once so that one burst fails one connection, not several.
/// </summary>
/// <remarks>
/// A session that holds nothing before and after a read (the usual case: whole messages in each read) does not come
/// here at all; the lock is taken only when what a session holds changes.
/// </remarks>
internal sealed class WebSocketBufferBudget(long limit)
{
    private readonly Lock _gate = new();
    private readonly HashSet<WebSocketSessionRunner> _holders = [];
    private long _used;

    /// <summary>The limit, in bytes.</summary>
    public long Limit => limit;

    /// <summary>Bytes held by all sessions together.</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_gate) return _used;
        }
    }

    /// <summary>
    /// Records that <paramref name="runner"/> now holds <paramref name="held"/> bytes; returns the session to fail when
    /// this puts the total over the limit (the biggest holder, perhaps <paramref name="runner"/> itself), else null.
    /// A session already chosen counts as holding nothing from then on.
    /// </summary>
    public WebSocketSessionRunner? Update(WebSocketSessionRunner runner, long held)
    {
        lock (_gate)
        {
            if (runner.BudgetEvicted) held = 0;
            var delta = held - runner.BudgetHeld;
            if (delta == 0) return null;
            if (runner.BudgetHeld == 0) _holders.Add(runner);
            else if (held == 0) _holders.Remove(runner);
            runner.BudgetHeld = held;
            _used += delta;
            if (delta < 0 || _used <= limit) return null;

            WebSocketSessionRunner? biggest = null;
            foreach (var holder in _holders)
            {
                if (biggest is null || holder.BudgetHeld > biggest.BudgetHeld) biggest = holder;
            }

            _holders.Remove(biggest!);
            _used -= biggest!.BudgetHeld;
            biggest.BudgetHeld = 0;
            biggest.BudgetEvicted = true;
            return biggest;
        }
    }
}
