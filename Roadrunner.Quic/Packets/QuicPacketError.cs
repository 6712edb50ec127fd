namespace Roadrunner.Quic.Packets;

/// <summary>
/// A packet header that breaks a rule of RFC 8999 / RFC 9000 §17: what went wrong and a constant reason from
/// <see cref="Errors.QuicErrors"/> naming the section. Such packets are discarded; wire input never throws.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Reason">A constant reason; null when there is no error.</param>
public readonly record struct QuicPacketError(QuicPacketErrorKind Kind, string? Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Kind == QuicPacketErrorKind.None;
}
