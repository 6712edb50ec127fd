namespace Roadrunner.Quic.Errors;

/// <summary>
/// A connection error found in wire input: the RFC 9000 §20.1 transport error code to close with, the type of the
/// frame that caused it (the Frame Type field of a CONNECTION_CLOSE frame, §19.19; 0 when no frame is to blame) and a
/// constant reason from <see cref="QuicErrors"/> naming the RFC rule. Wire input never throws; it produces one of these.
/// </summary>
/// <param name="Code">The transport error code.</param>
/// <param name="FrameType">The frame type that triggered the error, or 0.</param>
/// <param name="Reason">A constant reason from <see cref="QuicErrors"/>; null when there is no error.</param>
public readonly record struct QuicError(QuicTransportErrorCode Code, ulong FrameType, string? Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Reason is null;

    /// <summary>An error of <paramref name="code"/> not tied to a frame.</summary>
    public static QuicError Of(QuicTransportErrorCode code, string reason) => new(code, 0, reason);

    /// <summary>A FRAME_ENCODING_ERROR caused by a frame of type <paramref name="frameType"/>.</summary>
    public static QuicError FrameEncoding(ulong frameType, string reason) => new(QuicTransportErrorCode.FRAME_ENCODING_ERROR, frameType, reason);

    /// <summary>A PROTOCOL_VIOLATION caused by a frame of type <paramref name="frameType"/>.</summary>
    public static QuicError ProtocolViolation(ulong frameType, string reason) => new(QuicTransportErrorCode.PROTOCOL_VIOLATION, frameType, reason);

    /// <summary>A TRANSPORT_PARAMETER_ERROR.</summary>
    public static QuicError TransportParameter(string reason) => new(QuicTransportErrorCode.TRANSPORT_PARAMETER_ERROR, 0, reason);
}
