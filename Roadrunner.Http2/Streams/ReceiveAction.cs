namespace Roadrunner.Http2.Streams;

/// <summary>What to do with a stream-level frame given the stream's condition.</summary>
internal enum ReceiveAction
{
    /// <summary>Process it.</summary>
    Accept,
    /// <summary>Drop it (flow-controlled bytes still count against the connection window, field blocks are still decoded).</summary>
    Ignore,
    /// <summary>Stream error STREAM_CLOSED.</summary>
    StreamClosed,
    /// <summary>Connection error PROTOCOL_ERROR.</summary>
    ConnectionProtocolError,
    /// <summary>Connection error STREAM_CLOSED.</summary>
    ConnectionStreamClosed,
}
