using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Roadrunner.Server.Http3.Udp;

/// <summary>
/// A UDP socket as an <see cref="IDatagramSink"/>: <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>
/// (no allocation) and the socket-wide <c>UDP_SEGMENT</c> option for the segment size.
/// </summary>
/// <remarks>
/// The segment size rides on the socket (<c>setsockopt(SOL_UDP, UDP_SEGMENT)</c>) rather than on each send as a
/// control message: <see cref="Socket"/> has no managed way to pass control messages, and the datagrams QUIC sends
/// are nearly all the same size, so the option is set once and changed only when a batch of another size comes.
/// </remarks>
internal sealed class SocketDatagramSink(Socket socket) : IDatagramSink
{
    /// <summary><c>SOL_UDP</c> (<c>IPPROTO_UDP</c>) on Linux.</summary>
    internal const int SolUdp = 17;

    /// <summary><c>UDP_SEGMENT</c> on Linux (4.18 and later): the GSO segment size of later sends.</summary>
    internal const int UdpSegment = 103;

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> payload, SocketAddress remote) => socket.SendTo(payload, SocketFlags.None, remote);

    /// <inheritdoc/>
    public bool TrySetSegmentSize(int size)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // The option value is a C int in the machine's byte order.
            Span<byte> value = stackalloc byte[sizeof(int)];
            MemoryMarshal.Write(value, in size);
            socket.SetRawSocketOption(SolUdp, UdpSegment, value);
            return true;
        }
        catch (SocketException)
        {
            // ENOPROTOOPT on kernels before 4.18, EINVAL where the protocol does not take it.
            return false;
        }
    }
}
