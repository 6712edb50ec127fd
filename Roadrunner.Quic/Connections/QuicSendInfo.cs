using System.Net;

namespace Roadrunner.Quic.Connections;

/// <summary>Where a datagram must go.</summary>
/// <param name="Remote">The destination address.</param>
/// <param name="Local">The local address to send from (null: any).</param>
public readonly record struct QuicSendInfo(IPEndPoint Remote, IPEndPoint? Local = null);
