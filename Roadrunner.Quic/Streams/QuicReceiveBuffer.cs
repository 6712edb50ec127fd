namespace Roadrunner.Quic.Streams;

/// <summary>
/// Reassembles a stream's received bytes in order (RFC 9000 §2.2: "an endpoint MUST be able to deliver stream data to
/// an application as an ordered byte stream"). Overlapping and duplicate ranges are written again over the same
/// positions, which is harmless because a peer must send the same bytes for the same offsets (§2.2). Memory is bounded
/// by the caller, who refuses data past its flow-control limit before it gets here.
/// </summary>
internal sealed class QuicReceiveBuffer
{
    private readonly QuicStreamStorage _storage = new();
    private readonly QuicRangeSet _received = new();
    private ulong _readOffset;

    /// <summary>How many bytes the application has read.</summary>
    public ulong ReadOffset => _readOffset;

    /// <summary>How many fragments are held (bounded by the caller to limit work per frame).</summary>
    public int FragmentCount => _received.Count;

    /// <summary>Bytes readable now, in order from <see cref="ReadOffset"/>.</summary>
    public ulong Readable => _received.Count > 0 && _received[0].Start <= _readOffset ? _received[0].End - _readOffset : 0;

    /// <summary>Stores <paramref name="data"/> at <paramref name="offset"/>; parts already read are skipped.</summary>
    public void Insert(ulong offset, ReadOnlySpan<byte> data)
    {
        ulong end = offset + (ulong)data.Length;
        if (end <= _readOffset || data.IsEmpty)
        {
            return;
        }

        if (offset < _readOffset)
        {
            data = data[(int)(_readOffset - offset)..];
            offset = _readOffset;
        }

        ulong high = _received.Count > 0 ? Math.Max(_received[_received.Count - 1].End, end) : end;
        _storage.Ensure(_readOffset, _received.Count > 0 ? _received[_received.Count - 1].End : _readOffset, high - _readOffset);
        _storage.Write(offset, data);
        _received.Add(offset, end);
    }

    /// <summary>Copies readable bytes into <paramref name="destination"/> and consumes them.</summary>
    public int Read(Span<byte> destination)
    {
        int count = (int)Math.Min(Readable, (ulong)destination.Length);
        if (count == 0)
        {
            return 0;
        }

        _storage.Read(_readOffset, destination[..count]);
        _readOffset += (ulong)count;
        _received.RemoveBelow(_readOffset);
        if (_received.Count == 0 && _storage.Capacity > 0)
        {
            // Nothing buffered: the ring goes back to the pool until more data arrives.
            _storage.Release();
        }

        return count;
    }

    /// <summary>Drops everything (after a reset or STOP_SENDING) and returns the memory.</summary>
    public void Discard(ulong upTo)
    {
        _received.Clear();
        _readOffset = Math.Max(_readOffset, upTo);
        _storage.Release();
    }
}
