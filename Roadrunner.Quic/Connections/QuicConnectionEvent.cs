namespace Roadrunner.Quic.Connections;

/// <summary>
/// One event pulled from <c>QuicConnection.TryReadEvent</c>. A small value: stream events carry the stream ID
/// and, for resets, the application error code; the close event carries the code, whether it is an application code
/// (CONNECTION_CLOSE type 0x1d, RFC 9000 §19.19), and the reason.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="StreamId">The stream, for stream events.</param>
/// <param name="ErrorCode">The application error code of a reset or STOP_SENDING, or the close's error code.</param>
/// <param name="IsApplication">For <see cref="QuicConnectionEventKind.ConnectionClosed"/>: whether the code is an application error code.</param>
/// <param name="Reason">For <see cref="QuicConnectionEventKind.ConnectionClosed"/>: the reason phrase or a constant naming the RFC rule.</param>
public readonly record struct QuicConnectionEvent(QuicConnectionEventKind Kind, ulong StreamId = 0, ulong ErrorCode = 0, bool IsApplication = false, string? Reason = null);
