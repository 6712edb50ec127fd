namespace Roadrunner.Quic.Recovery;

/// <summary>What <see cref="QuicLossRecovery.OnLossDetectionTimeout"/> asks of the connection (RFC 9002 §6.2.4, §A.9).</summary>
/// <param name="ProbeSpace">When not null, the connection sends <paramref name="ProbeCount"/> ack-eliciting probe packets in this space, carrying the oldest unacknowledged data where it has some, else a PING (RFC 9002 §6.2.4).</param>
/// <param name="ProbeCount">How many probes to send: 1 or 2.</param>
public readonly record struct QuicLossDetectionAction(QuicPacketNumberSpace? ProbeSpace, int ProbeCount);
