using Roadrunner.Http3.Buffers;
using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Headers;

namespace Roadrunner.Http3.Streams;

/// <summary>One request stream (RFC 9114 §4.1, §6.1): its frame reader, where it is in the frame sequence, and its sending side. Pooled.</summary>
internal sealed class RequestStream
{
    public RequestStream(SectionStore store)
    {
        Collector = new FieldCollector(store);
        Send = new SendState { Owner = this };
    }

    /// <summary>The stream ID.</summary>
    public long Id;

    /// <summary>Reads the frames of the receiving side.</summary>
    public FrameReader Reader { get; } = new();

    /// <summary>Collects the fields of each field section.</summary>
    public FieldCollector Collector { get; }

    /// <summary>The sending side.</summary>
    public SendState Send { get; }

    /// <summary>The payload of a HEADERS frame being gathered.</summary>
    public PooledBuffer Payload { get; } = new();

    /// <summary>Input received while the stream waits for QPACK inserts.</summary>
    public PooledBuffer Pending = new();

    /// <summary>The other pending buffer, swapped in while the kept input is replayed.</summary>
    public PooledBuffer Spare = new();

    public RequestPhase Phase;
    public FrameMode Mode;
    public long ContentLength;
    public long Received;

    /// <summary>The header section waits for QPACK inserts; input is kept in <see cref="Pending"/>.</summary>
    public bool Blocked;

    /// <summary>FIN arrived while blocked.</summary>
    public bool PendingFin;

    /// <summary>The section being decoded is trailers.</summary>
    public bool DecodingTrailers;

    /// <summary>The peer's sending side is over (FIN processed, or reset), or we asked it to stop.</summary>
    public bool ReceiveDone;

    /// <summary>The peer's sending side is finished at the QUIC level (FIN or RESET_STREAM seen).</summary>
    public bool PeerFinished;

    /// <summary>An event with EndStream was reported.</summary>
    public bool EndReported;

    /// <summary>The application saw the stream (its header section was reported).</summary>
    public bool Reported;

    /// <summary>A final (non-1xx) response header section was sent (server) or received (client).</summary>
    public bool FinalHeaders;

    /// <summary>Client role: the request was HEAD, so the response has no content whatever its content-length.</summary>
    public bool IsHead;

    /// <summary>Taken out of the connection's table; returned to the pool once its output is drained.</summary>
    public bool Retired;

    /// <summary>Clears it for a new stream.</summary>
    public void Reset(long id)
    {
        Id = id;
        Reader.Reset();
        Send.Reset(id);
        Payload.Clear();
        Pending.Clear();
        Spare.Clear();
        Phase = RequestPhase.Headers;
        Mode = FrameMode.Skip;
        ContentLength = -1;
        Received = 0;
        Blocked = PendingFin = DecodingTrailers = ReceiveDone = PeerFinished = EndReported = Reported = FinalHeaders = IsHead = Retired = false;
    }

    /// <summary>Returns the pooled arrays.</summary>
    public void Release()
    {
        Payload.Release();
        Pending.Release();
        Spare.Release();
        Send.Buffer.Release();
    }
}
