namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// One request stream of an <see cref="OurH3Client"/>: what the server answered so far. Every member is guarded by the
/// client's lock; tests read them through the client's awaiting methods or once the stream has ended.
/// </summary>
internal sealed class OurH3Stream
{
    private readonly Queue<byte[]> _chunks = new();
    private int _chunkOffset;

    public OurH3Stream(long id, bool raw)
    {
        Id = id;
        IsRaw = raw;
    }

    /// <summary>The QUIC stream ID.</summary>
    public long Id { get; }

    /// <summary>Bytes go straight to QUIC, bypassing our HTTP/3 client (for requests HTTP/3 would refuse to send).</summary>
    public bool IsRaw { get; }

    /// <summary>The final status; 0 until the response's header section arrived.</summary>
    public int Status { get; set; }

    /// <summary>The fields of the final header section, pseudo-fields excluded.</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    /// <summary>The trailer section, when one arrived.</summary>
    public List<(string Name, string Value)>? Trailers { get; set; }

    /// <summary>The server ended the response (FIN).</summary>
    public bool Finished { get; set; }

    /// <summary>The code of the server's RESET_STREAM, when it reset the stream.</summary>
    public ulong? ResetCode { get; set; }

    /// <summary>The code of the server's STOP_SENDING, when it asked us to stop sending.</summary>
    public ulong? StopSendingCode { get; set; }

    /// <summary>A stream error our HTTP/3 client found in the response, when it did.</summary>
    public ulong? LocalErrorCode { get; set; }

    /// <summary>Nothing more will arrive: finished, reset, failed, or the connection ended.</summary>
    public bool Ended => Finished || ResetCode is not null || LocalErrorCode is not null || ConnectionGone;

    /// <summary>The connection closed under the stream.</summary>
    public bool ConnectionGone { get; set; }

    /// <summary>Response content received and not yet read.</summary>
    public int Available { get; private set; }

    /// <summary>Response content received in all.</summary>
    public long Received { get; private set; }

    /// <summary>Request content handed to HTTP/3 so far.</summary>
    public long Sent { get; set; }

    /// <summary>Stop reading from QUIC while this much response content waits unread (0: no bound).</summary>
    public int ReadBound { get; set; }

    /// <summary>Reading from QUIC stopped because of <see cref="ReadBound"/>.</summary>
    public bool ReadPaused { get; set; }

    /// <summary>Raw bytes received on a raw stream.</summary>
    public List<byte> RawReceived { get; } = [];

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        _chunks.Enqueue(data.ToArray());
        Available += data.Length;
        Received += data.Length;
    }

    public int Take(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && _chunks.TryPeek(out var chunk))
        {
            var n = Math.Min(destination.Length - total, chunk.Length - _chunkOffset);
            chunk.AsSpan(_chunkOffset, n).CopyTo(destination[total..]);
            total += n;
            _chunkOffset += n;
            if (_chunkOffset == chunk.Length)
            {
                _chunks.Dequeue();
                _chunkOffset = 0;
            }
        }

        Available -= total;
        return total;
    }
}
