using System.Threading.Tasks.Sources;

namespace Roadrunner.Server.Http2;

/// <summary>
/// An auto-reset event for one waiter at a time that allocates nothing: a <see cref="Set"/> with nobody waiting is
/// remembered and satisfies the next <see cref="WaitAsync"/> at once. Used to wake the connection's writer and a
/// stream waiting for flow-control credit or body bytes.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _set;
    private bool _waiting;

    /// <summary>Wakes the waiter, or lets the next wait pass.</summary>
    public void Set()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _set = true;
                return;
            }

            _waiting = false;
        }

        _core.SetResult(true);
    }

    /// <summary>Completes when <see cref="Set"/> is (or was) called. One waiter at a time.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_set)
            {
                _set = false;
                return default;
            }

            if (_waiting) throw new InvalidOperationException("The signal already has a waiter.");
            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
