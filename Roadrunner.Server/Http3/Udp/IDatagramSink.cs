using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Http3.Udp;

/// <summary>
/// Where a <see cref="DatagramBatcher"/> writes: one send call per batch, and the kernel's UDP segment size (Linux
/// UDP GSO). A socket in production (<see cref="SocketDatagramSink"/>), a recorder in tests.
/// </summary>
internal interface IDatagramSink
{
    /// <summary>
    /// Sends <paramref name="payload"/> to <paramref name="remote"/> in one call. With a segment size set, a payload
    /// longer than it leaves as datagrams of that size plus a shorter last one; a payload no longer than it leaves as one
    /// datagram.
    /// </summary>
    /// <exception cref="SocketException">The send failed.</exception>
    void Send(ReadOnlySpan<byte> payload, SocketAddress remote);

    /// <summary>Sets the segment size for later sends; 0 turns segmentation off. False when the platform refuses it.</summary>
    bool TrySetSegmentSize(int size);
}
