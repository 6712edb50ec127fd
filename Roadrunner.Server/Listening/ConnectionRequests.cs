using System.Net;

namespace Roadrunner.Server.Listening;

/// <summary>
/// One HTTP/2 or HTTP/3 connection's requests in flight, and its account in the listener's
/// <see cref="RequestBudget"/>. A connection holds at most <c>limit</c> places (its stream limit), counting handlers
/// still running for streams the client reset, so resetting and reopening streams cannot take more. The same
/// accounting serves both protocols.
/// </summary>
/// <remarks>
/// <see cref="TryEnter"/>, <see cref="Enter"/> and <see cref="Leave"/> are called under the connection's lock;
/// <see cref="Exit"/> from any thread, always after the place was taken.
/// </remarks>
internal sealed class ConnectionRequests(Listener listener, IPAddress? address, int limit)
{
    private PeerRequests? _peer;
    private int _inFlight;
    private bool _left;

    /// <summary>This connection's requests in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Takes a place for a new request; false when this connection, its client address or the listener is at its
    /// bound, and then the refusal is counted throttled.
    /// </summary>
    public bool TryEnter()
    {
        // A connection that has ended takes no more requests (and must not join its address again).
        if (_left) return false;
        var refusal = RequestRefusal.Connection;
        if (Interlocked.Increment(ref _inFlight) <= limit)
        {
            refusal = listener.RequestBudget.TryEnter(_peer ??= listener.RequestBudget.Join(address));
            if (refusal == RequestRefusal.None) return true;
        }

        Interlocked.Decrement(ref _inFlight);
        listener.CountThrottled(refusal);
        return false;
    }

    /// <summary>Takes a place regardless of the bounds (a request already promised an answer, such as an h2c upgrade's).</summary>
    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        listener.RequestBudget.Enter(_peer ??= listener.RequestBudget.Join(address));
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/> or <see cref="Enter"/>.</summary>
    public void Exit()
    {
        Interlocked.Decrement(ref _inFlight);
        listener.RequestBudget.Exit(_peer!);
    }

    /// <summary>The connection has ended: its address's entry may go once its last request exits.</summary>
    public void Leave()
    {
        if (_left) return;
        _left = true;
        if (_peer is not null) listener.RequestBudget.Leave(_peer);
    }
}
