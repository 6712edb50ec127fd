namespace Roadrunner.Quic.Streams;

/// <summary>Constant reasons for stream and flow-control errors, each naming its RFC 9000 rule.</summary>
public static class QuicStreamErrors
{
    /// <summary>§4.1: data beyond the stream's advertised limit.</summary>
    public const string StreamFlowControl = "RFC 9000 §4.1: stream data beyond MAX_STREAM_DATA";

    /// <summary>§4.1: data beyond the connection's advertised limit.</summary>
    public const string ConnectionFlowControl = "RFC 9000 §4.1: connection data beyond MAX_DATA";

    /// <summary>§4.5: a different final size.</summary>
    public const string FinalSizeChanged = "RFC 9000 §4.5: final size changed or data beyond the final size";

    /// <summary>§4.5: a final size below data already received.</summary>
    public const string FinalSizeBelowReceived = "RFC 9000 §4.5: final size below the largest offset received";

    /// <summary>§4.6: a stream beyond the advertised MAX_STREAMS.</summary>
    public const string StreamLimit = "RFC 9000 §4.6: stream ID beyond the advertised stream limit";

    /// <summary>§19.8 / §3: a locally initiated stream never opened.</summary>
    public const string StreamNotOpened = "RFC 9000 §19.8: frame for a locally initiated stream that has not been created";

    /// <summary>§19.8: receiving data on a send-only stream.</summary>
    public const string ReceiveOnSendOnly = "RFC 9000 §19.8: STREAM, RESET_STREAM or STREAM_DATA_BLOCKED for a send-only stream";

    /// <summary>§19.5, §19.10: a frame about our sending on a receive-only stream.</summary>
    public const string SendOnReceiveOnly = "RFC 9000 §19.5, §19.10: STOP_SENDING or MAX_STREAM_DATA for a receive-only stream";

    /// <summary>A peer splitting a stream into too many pieces to reassemble cheaply.</summary>
    public const string TooFragmented = "RFC 9000 §2.2: stream reassembly holds too many fragments";
}
