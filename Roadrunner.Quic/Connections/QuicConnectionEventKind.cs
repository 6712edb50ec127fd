namespace Roadrunner.Quic.Connections;

/// <summary>What a <see cref="QuicConnectionEvent"/> reports.</summary>
public enum QuicConnectionEventKind
{
    /// <summary>The TLS handshake completed (RFC 9001 §4.1.1); streams can carry data.</summary>
    HandshakeCompleted,

    /// <summary>The peer opened a stream (RFC 9000 §3.2); read it when it becomes readable.</summary>
    StreamOpened,

    /// <summary>A stream has bytes (or its end) to read.</summary>
    StreamReadable,

    /// <summary>A stream that refused part of a write has room again.</summary>
    StreamWritable,

    /// <summary>The peer reset a stream with RESET_STREAM (RFC 9000 §19.4): <see cref="QuicConnectionEvent.ErrorCode"/> holds its application error code.</summary>
    StreamReset,

    /// <summary>The peer asked us to stop sending with STOP_SENDING (RFC 9000 §19.5); the stream's send side was reset in reply.</summary>
    StopSendingReceived,

    /// <summary>The connection is closed (by either side, or by idle timeout); no further events follow.</summary>
    ConnectionClosed,
}
