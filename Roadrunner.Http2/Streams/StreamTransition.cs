namespace Roadrunner.Http2.Streams;

/// <summary>The events that move a stream between states (RFC 9113 §5.1, Figure 2).</summary>
internal enum StreamTransition
{
    /// <summary>"send H": we send a HEADERS frame.</summary>
    SendHeaders,
    /// <summary>"send ES": we send a frame with END_STREAM.</summary>
    SendEndStream,
    /// <summary>"send R": we send RST_STREAM.</summary>
    SendReset,
    /// <summary>"recv H": the peer's HEADERS frame.</summary>
    ReceiveHeaders,
    /// <summary>"recv ES": the peer's frame with END_STREAM.</summary>
    ReceiveEndStream,
    /// <summary>"recv R": the peer's RST_STREAM.</summary>
    ReceiveReset,
}
