namespace Roadrunner.Http2.Streams;

/// <summary>One live stream (open or half-closed). Pooled by the connection and reset on reuse.</summary>
internal sealed class Http2Stream
{
    /// <summary>The stream identifier.</summary>
    public int Id;

    /// <summary>The §5.1 state; never Idle or Closed while the stream is in the table.</summary>
    public Http2StreamState State;

    /// <summary>What we may still send (the peer's grant); may go negative after a SETTINGS change (§6.9.2).</summary>
    public long SendWindow;

    /// <summary>What the peer may still send.</summary>
    public long ReceiveWindow;

    /// <summary>Bytes the application consumed that are not yet granted back with WINDOW_UPDATE.</summary>
    public int ReceiveCredit;

    /// <summary>DATA octets delivered to the application and not yet passed to <see cref="Http2Connection.ConsumeData"/>.</summary>
    public long Unconsumed;

    /// <summary>The request's content-length, or -1.</summary>
    public long ContentLength;

    /// <summary>DATA octets received, padding excluded.</summary>
    public long ReceivedLength;

    /// <summary>Our final (non-1xx) header section was sent: server response, or client request.</summary>
    public bool FinalHeadersSent;

    /// <summary>Client role: the final response header section arrived.</summary>
    public bool FinalHeadersReceived;

    /// <summary>The request was too large to deliver: its content is discarded and its response ends it.</summary>
    public bool Rejected;

    /// <summary>The application could not send all it offered and waits for <see cref="Http2EventKind.WindowAvailable"/>.</summary>
    public bool WantsWindow;

    /// <summary>Prepares a pooled instance for a new stream.</summary>
    public void Reset(int id, long sendWindow, long receiveWindow)
    {
        Id = id;
        State = Http2StreamState.Idle;
        SendWindow = sendWindow;
        ReceiveWindow = receiveWindow;
        ReceiveCredit = 0;
        Unconsumed = 0;
        ContentLength = -1;
        ReceivedLength = 0;
        FinalHeadersSent = false;
        FinalHeadersReceived = false;
        Rejected = false;
        WantsWindow = false;
    }
}
