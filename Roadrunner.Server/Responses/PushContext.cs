using System.Threading.Channels;
using Roadrunner.Server.Requests;

namespace Roadrunner.Server.Responses;

/// <summary>
/// One open push response: write to it, post messages to it from anywhere (thread-safe), stop it.
/// </summary>
public sealed class PushContext
{
    private readonly ResponseStream _stream;
    private readonly Channel<object> _mailbox;
    private int _closeReason = -1;
    private volatile bool _writeFailed;

    internal PushContext(ResponseStream stream, int mailboxCapacity)
    {
        _stream = stream;
        _mailbox = Channel.CreateBounded<object>(new BoundedChannelOptions(mailboxCapacity)
        {
            SingleReader = true,
            // Wait, not DropWrite: with a drop mode TryWrite reports success for a dropped message, so Post could not
            // tell its caller; with Wait, TryWrite on a full mailbox returns false at once (it never waits).
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The request that opened this response.</summary>
    public Request Request => _stream.Request;

    /// <summary>Cancelled when the client goes away or the connection is force-closed.</summary>
    public CancellationToken Aborted => _stream.Aborted;

    /// <summary>Free for the handler's own per-response state.</summary>
    public object? State { get; set; }

    /// <summary>Sends bytes to the client now.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data)
    {
        ValueTask pending;
        try
        {
            pending = _stream.WriteAsync(data, _stream.Aborted);
        }
        catch
        {
            _writeFailed = true;
            throw;
        }

        if (!pending.IsCompleted)
        {
            return AwaitWriteAsync(pending);
        }

        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch
        {
            _writeFailed = true;
            throw;
        }

        return default;
    }

    // A failed write means the client is gone, even before the connection has noticed it.
    private async ValueTask AwaitWriteAsync(ValueTask pending)
    {
        try
        {
            await pending;
        }
        catch
        {
            _writeFailed = true;
            throw;
        }
    }

    /// <summary>
    /// Queues <paramref name="message"/> for <see cref="IPushHandler.OnMessageAsync"/>. Returns false when the
    /// response has ended or its mailbox is full (the message is dropped: a slow client does not grow memory).
    /// </summary>
    public bool Post(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _mailbox.Writer.TryWrite(message);
    }

    /// <summary>Ends the response after the messages already queued.</summary>
    public void Stop() => Close(PushCloseReason.Stopped);

    internal void Close(PushCloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, -1) == -1) _mailbox.Writer.TryComplete();
    }

    /// <summary>Runs the handler until it stops, the listener drains or the client goes away.</summary>
    internal async ValueTask RunAsync(IPushHandler handler)
    {
        using var onAbort = _stream.Aborted.Register(static s => ((PushContext)s!).Close(PushCloseReason.ClientGone), this);
        try
        {
            await handler.OnOpenAsync(this);
            var reader = _mailbox.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    if (Volatile.Read(ref _closeReason) == (int)PushCloseReason.ClientGone) break;
                    await handler.OnMessageAsync(this, message);
                }
            }
        }
        catch (Exception) when (_writeFailed || _stream.Aborted.IsCancellationRequested)
        {
            Close(PushCloseReason.ClientGone);
        }

        var reason = (PushCloseReason)Volatile.Read(ref _closeReason);
        if (reason == PushCloseReason.ClientGone)
        {
            await handler.OnCloseAsync(this, reason);
            throw new OperationCanceledException(_stream.Aborted);
        }

        await handler.OnCloseAsync(this, reason);
    }
}
