namespace Roadrunner.Http3;

/// <summary>What an <see cref="Http3Output"/> asks the QUIC layer to do.</summary>
public enum Http3OutputKind
{
    /// <summary>No output (a default value).</summary>
    None,

    /// <summary>
    /// Write <see cref="Http3Output.Data"/> on stream <see cref="Http3Output.StreamId"/>, then close its sending side
    /// when <see cref="Http3Output.Fin"/>. The stream may be one of ours not opened yet (a request stream the client
    /// chose, or the control, encoder and decoder streams given to <see cref="Http3Connection.Start(long, long, long)"/>).
    /// </summary>
    StreamData,

    /// <summary>Reset the sending side of <see cref="Http3Output.StreamId"/> with <see cref="Http3Output.ErrorCode"/> (QUIC RESET_STREAM).</summary>
    ResetStream,

    /// <summary>Abort reading <see cref="Http3Output.StreamId"/> with <see cref="Http3Output.ErrorCode"/> (QUIC STOP_SENDING).</summary>
    StopSending,

    /// <summary>
    /// Close the connection with an application CONNECTION_CLOSE carrying <see cref="Http3Output.ErrorCode"/> and
    /// <see cref="Http3Output.Reason"/>. The last output.
    /// </summary>
    CloseConnection,
}
