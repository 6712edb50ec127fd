using System.Net;

namespace Roadrunner.Quic.Connections;

/// <summary>Where a datagram came from and arrived at. The caller keeps and reuses the address objects; nothing is copied.</summary>
/// <param name="Remote">The sender's address.</param>
/// <param name="Local">Our address it arrived at (null when the host does not know it).</param>
public readonly record struct QuicReceiveInfo(IPEndPoint Remote, IPEndPoint? Local = null);
