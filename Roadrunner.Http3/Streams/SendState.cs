using Roadrunner.Http3.Buffers;

namespace Roadrunner.Http3.Streams;

/// <summary>The sending side of one stream: octets waiting to be pulled by the caller and whether FIN follows them.</summary>
internal sealed class SendState
{
    /// <summary>The stream ID.</summary>
    public long Id;

    /// <summary>Octets not yet handed to the caller.</summary>
    public PooledBuffer Buffer { get; } = new();

    /// <summary>FIN is to follow the buffered octets.</summary>
    public bool FinPending;

    /// <summary>FIN was handed to the caller, or the stream was reset: nothing more may be sent.</summary>
    public bool Finished;

    /// <summary>RESET_STREAM was queued: it is sent once, even after FIN (RFC 9000 §3.1 allows it from "Data Sent").</summary>
    public bool ResetSent;

    /// <summary>A StreamData record for this stream is in the output queue.</summary>
    public bool Queued;

    /// <summary>The request stream this belongs to, or null for a unidirectional stream of ours.</summary>
    public RequestStream? Owner;

    /// <summary>Clears it for reuse.</summary>
    public void Reset(long id)
    {
        Id = id;
        Buffer.Clear();
        FinPending = Finished = ResetSent = Queued = false;
    }
}
