namespace Roadrunner.Quic.Streams;

/// <summary>
/// The send side of a stream's bytes (RFC 9000 §2.2, §13.3): what the application wrote and the peer has not
/// acknowledged, which new bytes are still to send, and which sent ranges were declared lost and must go again.
/// Acknowledged bytes leave the ring; lost ranges are re-queued ahead of new data.
/// </summary>
internal sealed class QuicSendBuffer
{
    private readonly QuicStreamStorage _storage = new();
    private readonly QuicRangeSet _acked = new();
    private readonly QuicRangeSet _lost = new();
    private ulong _ackedOffset;
    private ulong _nextOffset;
    private ulong _endOffset;
    private bool _finQueued;
    private bool _finSent;
    private bool _finLost;
    private bool _finAcked;

    /// <summary>Bytes written by the application so far (the stream's length if it ends now).</summary>
    public ulong EndOffset => _endOffset;

    /// <summary>The next new byte to send; everything below was sent at least once.</summary>
    public ulong NextOffset => _nextOffset;

    /// <summary>Bytes held: written and not yet acknowledged.</summary>
    public ulong Buffered => _endOffset - _ackedOffset;

    /// <summary>Whether the application has ended the stream.</summary>
    public bool FinQueued => _finQueued;

    /// <summary>Whether every byte and the FIN are acknowledged (§3.1 "Data Recvd").</summary>
    public bool AllAcknowledged => _finAcked && _ackedOffset == _endOffset;

    /// <summary>Whether lost ranges (or a lost FIN) wait to be sent again.</summary>
    public bool HasRetransmission => _lost.Count > 0 || _finLost;

    /// <summary>Whether new bytes or a new FIN wait to be sent.</summary>
    public bool HasNewData => _nextOffset < _endOffset || (_finQueued && !_finSent);

    /// <summary>Appends up to <paramref name="maxBuffered"/> minus what is held; returns how many bytes were taken.</summary>
    public int Append(ReadOnlySpan<byte> data, ulong maxBuffered)
    {
        ulong room = maxBuffered > Buffered ? maxBuffered - Buffered : 0;
        int count = (int)Math.Min((ulong)data.Length, room);
        if (count > 0)
        {
            _storage.Ensure(_ackedOffset, _endOffset, Buffered + (ulong)count);
            _storage.Write(_endOffset, data[..count]);
            _endOffset += (ulong)count;
        }

        return count;
    }

    /// <summary>Marks the end of the stream at <see cref="EndOffset"/>.</summary>
    public void Finish() => _finQueued = true;

    /// <summary>Takes the first lost range, at most <paramref name="maxLength"/> bytes, to send again.</summary>
    public bool TryTakeRetransmission(int maxLength, out ulong offset, out int length, out bool fin)
    {
        if (_lost.Count > 0)
        {
            var (start, end) = _lost[0];
            offset = start;
            length = (int)Math.Min(end - start, (ulong)Math.Max(0, maxLength));
            if (length == 0)
            {
                fin = false;
                return false;
            }

            _lost.Remove(start, start + (ulong)length);
            fin = _finLost && start + (ulong)length == _endOffset;
            if (fin)
            {
                _finLost = false;
            }

            return true;
        }

        if (_finLost)
        {
            _finLost = false;
            offset = _endOffset;
            length = 0;
            fin = true;
            return true;
        }

        offset = 0;
        length = 0;
        fin = false;
        return false;
    }

    /// <summary>Takes new bytes from <see cref="NextOffset"/>, at most <paramref name="maxLength"/> and below <paramref name="flowLimit"/> (the stream offset the peer allows, §4.1).</summary>
    public bool TryTakeNew(int maxLength, ulong flowLimit, out ulong offset, out int length, out bool fin)
    {
        offset = _nextOffset;
        ulong limit = Math.Min(_endOffset, flowLimit);
        ulong available = limit > _nextOffset ? limit - _nextOffset : 0;
        length = (int)Math.Min(available, (ulong)Math.Max(0, maxLength));
        fin = _finQueued && !_finSent && _nextOffset + (ulong)length == _endOffset;
        if (length == 0 && !fin)
        {
            return false;
        }

        _nextOffset += (ulong)length;
        if (fin)
        {
            _finSent = true;
        }

        return true;
    }

    /// <summary>Copies held bytes at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void CopyTo(ulong offset, Span<byte> destination) => _storage.Read(offset, destination);

    /// <summary>The peer acknowledged a STREAM frame: its bytes can be forgotten (§13.3).</summary>
    public void OnAcknowledged(ulong offset, int length, bool fin)
    {
        ulong end = offset + (ulong)length;
        _lost.Remove(offset, end);
        if (fin)
        {
            _finAcked = true;
            _finLost = false;
        }

        if (end <= _ackedOffset)
        {
            return;
        }

        _acked.Add(Math.Max(offset, _ackedOffset), end);
        if (_acked.Count > 0 && _acked[0].Start <= _ackedOffset)
        {
            _ackedOffset = _acked[0].End;
            _acked.RemoveBelow(_ackedOffset);
            if (_ackedOffset == _endOffset)
            {
                _storage.Release();
            }
        }
    }

    /// <summary>A STREAM frame was declared lost: its bytes not acknowledged since go back in the queue (§13.3).</summary>
    public void OnLost(ulong offset, int length, bool fin)
    {
        ulong start = Math.Max(offset, _ackedOffset);
        ulong end = offset + (ulong)length;
        if (start < end)
        {
            _lost.Add(start, end);
            for (int i = 0; i < _acked.Count; i++)
            {
                _lost.Remove(_acked[i].Start, _acked[i].End);
            }
        }

        if (fin && !_finAcked)
        {
            _finLost = true;
        }
    }

    /// <summary>Queues every sent, unacknowledged byte again (a probe carries the oldest data, RFC 9002 §6.2.4).</summary>
    public void RequeueUnacknowledged()
    {
        OnLost(_ackedOffset, (int)(_nextOffset - _ackedOffset), _finSent && !_finAcked);
    }

    /// <summary>Forgets everything after a reset (§3.1 "Reset Sent") and returns the memory.</summary>
    public void Discard()
    {
        _lost.Clear();
        _acked.Clear();
        _finLost = false;
        _ackedOffset = _endOffset;
        _nextOffset = _endOffset;
        _storage.Release();
    }
}
