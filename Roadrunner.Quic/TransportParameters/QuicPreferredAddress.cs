using Roadrunner.Quic.Packets;

namespace Roadrunner.Quic.TransportParameters;

/// <summary>
/// The value of the preferred_address transport parameter (RFC 9000 §18.2), held without allocation: addresses are
/// integers in network byte order. "Servers MAY choose to only send a preferred address of one address family by
/// sending an all-zero address and port (0.0.0.0:0 or [::]:0) for the other family."
/// <code>
/// Preferred Address {
///   IPv4 Address (32),
///   IPv4 Port (16),
///   IPv6 Address (128),
///   IPv6 Port (16),
///   Connection ID Length (8),
///   Connection ID (..),
///   Stateless Reset Token (128),
/// }
/// </code>
/// </summary>
/// <param name="IPv4Address">The IPv4 address, big-endian (0 for none).</param>
/// <param name="IPv4Port">The IPv4 port (0 for none).</param>
/// <param name="IPv6Address">The IPv6 address, big-endian (0 for none).</param>
/// <param name="IPv6Port">The IPv6 port (0 for none).</param>
/// <param name="ConnectionId">The connection ID to use on the new address, 1 to 20 bytes.</param>
/// <param name="StatelessResetToken">The stateless reset token for that connection ID.</param>
public readonly record struct QuicPreferredAddress(
    uint IPv4Address,
    ushort IPv4Port,
    UInt128 IPv6Address,
    ushort IPv6Port,
    QuicConnectionId ConnectionId,
    QuicStatelessResetToken StatelessResetToken);
