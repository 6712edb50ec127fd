namespace Roadrunner.Quic.Frames;

/// <summary>A run of acknowledged packet numbers, both ends included (RFC 9000 §19.3.1).</summary>
/// <param name="Smallest">The smallest packet number in the run.</param>
/// <param name="Largest">The largest packet number in the run.</param>
public readonly record struct QuicAckRange(ulong Smallest, ulong Largest);
