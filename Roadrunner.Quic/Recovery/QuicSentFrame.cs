using Roadrunner.Quic.Frames;

namespace Roadrunner.Quic.Recovery;

/// <summary>
/// What a sent packet carried that matters if it is lost or acknowledged (RFC 9000 §13.3): the connection records one
/// per retransmittable frame and decides, from <see cref="Type"/>, what to send again. Recovery never reads the fields.
/// </summary>
/// <param name="Type">The frame's type.</param>
/// <param name="StreamId">The stream, for stream-scoped frames.</param>
/// <param name="Offset">Data offset (STREAM, CRYPTO), or a frame-specific value (a limit, a sequence number).</param>
/// <param name="Length">Data length (STREAM, CRYPTO); 0 otherwise.</param>
/// <param name="Fin">Whether a STREAM frame carried the FIN bit.</param>
public readonly record struct QuicSentFrame(QuicFrameType Type, ulong StreamId, ulong Offset, int Length, bool Fin);
