namespace Roadrunner.Quic.Streams;

/// <summary>The receiving part of a stream (RFC 9000 §3.2, Figure 3).</summary>
public enum QuicStreamReceiveState
{
    /// <summary>Not a receiving stream (a send-only unidirectional stream).</summary>
    None,

    /// <summary>"Recv": data arriving, final size unknown.</summary>
    Recv,

    /// <summary>"Size Known": the FIN arrived; gaps may remain.</summary>
    SizeKnown,

    /// <summary>"Data Recvd": every byte up to the final size arrived.</summary>
    DataRecvd,

    /// <summary>"Data Read": the application read everything; terminal.</summary>
    DataRead,

    /// <summary>"Reset Recvd": RESET_STREAM arrived.</summary>
    ResetRecvd,

    /// <summary>"Reset Read": the application was told of the reset; terminal.</summary>
    ResetRead,
}
