namespace Roadrunner.Quic.Streams;

/// <summary>The sending part of a stream (RFC 9000 §3.1, Figure 2).</summary>
public enum QuicStreamSendState
{
    /// <summary>Not a sending stream (a receive-only unidirectional stream).</summary>
    None,

    /// <summary>"Ready": opened, nothing sent yet.</summary>
    Ready,

    /// <summary>"Send": data being sent.</summary>
    Send,

    /// <summary>"Data Sent": the FIN went out, acknowledgments pending.</summary>
    DataSent,

    /// <summary>"Data Recvd": every byte and the FIN acknowledged; terminal.</summary>
    DataRecvd,

    /// <summary>"Reset Sent": RESET_STREAM sent, not yet acknowledged.</summary>
    ResetSent,

    /// <summary>"Reset Recvd": RESET_STREAM acknowledged; terminal.</summary>
    ResetRecvd,
}
