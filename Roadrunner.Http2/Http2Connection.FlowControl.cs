using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>Flow control (RFC 9113 §5.2, §6.9): granting receive credit back, and waking senders when credit arrives.</summary>
public sealed partial class Http2Connection
{
    /// <summary>
    /// Tells the connection the application has taken <paramref name="count"/> bytes of DATA content delivered on
    /// <paramref name="streamId"/>, so they can be granted back to the peer. WINDOW_UPDATE frames go out once a
    /// window's consumed part reaches <see cref="Http2Options.WindowRefillThreshold"/> of its initial size (RFC 9113
    /// §5.2.1: flow control lets a receiver limit what it buffers: data never consumed is never granted back). Once a
    /// stream has closed, what it delivered and was not consumed is granted back by the connection itself, and calls
    /// for that stream are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or more than the live stream delivered and the application has not consumed yet.</exception>
    public void ConsumeData(int streamId, int count)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_closed || count == 0 || !_streams.TryGetValue(streamId, out var stream)) return;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, stream.Unconsumed);
        stream.Unconsumed -= count;
        Credit(stream, count);
    }

    /// <summary>
    /// Grants <paramref name="count"/> received bytes back: to the connection always, and to <paramref name="stream"/>
    /// while the peer may still send on it. WINDOW_UPDATE is queued once the thresholds are reached.
    /// </summary>
    private void Credit(Http2Stream? stream, int count)
    {
        if (count <= 0 || _closed) return;
        _receiveCredit += count;
        if (_receiveCredit >= _connectionRefillThreshold)
        {
            Http2WindowUpdateFrame.Write(_output, 0, _receiveCredit);
            _receiveWindow += _receiveCredit;
            _receiveCredit = 0;
        }

        // RFC 9113 §6.9: "A receiver ... might send WINDOW_UPDATE on a stream in the half-closed (remote) state, but
        // it has no effect": credit is only worth granting while the peer can still send.
        if (stream is null || stream.State is not (Http2StreamState.Open or Http2StreamState.HalfClosedLocal)) return;
        stream.ReceiveCredit += count;
        if (stream.ReceiveCredit >= _streamRefillThreshold)
        {
            Http2WindowUpdateFrame.Write(_output, stream.Id, stream.ReceiveCredit);
            stream.ReceiveWindow += stream.ReceiveCredit;
            stream.ReceiveCredit = 0;
        }
    }

    /// <summary>How much <see cref="SendData"/> would accept on <paramref name="streamId"/> now: the smaller window, bounded by output room.</summary>
    public int GetSendCapacity(int streamId)
    {
        if (_closed || !_streams.TryGetValue(streamId, out var stream)) return 0;
        return SendCapacity(stream);
    }

    private int SendCapacity(Http2Stream stream)
    {
        long capacity = Math.Min(Math.Min(_sendWindow, stream.SendWindow), _options.MaxPendingOutput - (long)_output.WrittenCount);
        return (int)Math.Max(0, capacity);
    }

    private void MarkBlocked(Http2Stream stream)
    {
        if (stream.WantsWindow) return;
        stream.WantsWindow = true;
        _blocked.Add(stream);
    }

    /// <summary>Reports <see cref="Http2EventKind.WindowAvailable"/> for every waiting stream that can send again.</summary>
    private void WakeBlockedStreams()
    {
        if (_blocked.Count == 0 || _closed) return;
        for (int i = 0; i < _blocked.Count; i++)
        {
            var stream = _blocked[i];
            if (SendCapacity(stream) <= 0) continue;
            stream.WantsWindow = false;
            _blocked.RemoveAt(i--);
            Enqueue(new Http2Event(Http2EventKind.WindowAvailable, stream.Id));
        }
    }
}
