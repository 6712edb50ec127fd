using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Http3.Udp;

/// <summary>
/// Opens the UDP sockets of an HTTP/3 listener: one, or several bound to the same address and port with
/// <c>SO_REUSEPORT</c> so that the kernel spreads arriving datagrams over them (by a hash of the 4-tuple, so each
/// client stays on one socket) and each gets its own receive loop.
/// </summary>
/// <remarks>
/// Sends may leave from any socket of the group: on Linux they share the bound address and port, so the peer sees the
/// same source whichever one sends. The listener sends from the first. The kernel admits a socket into a reuse-port
/// group only if it belongs to the same user as the group's first socket, so another user cannot join and take a share
/// of the datagrams.
/// </remarks>
internal static class UdpSocketGroup
{
    /// <summary>The environment variable that turns UDP GSO batching off when set to <c>0</c> (for comparisons and for hosts where it misbehaves).</summary>
    public const string GsoVariable = "ROADRUNNER_UDP_GSO";

    /// <summary><c>SOL_SOCKET</c> on Linux.</summary>
    private const int SolSocket = 1;

    /// <summary><c>SO_REUSEPORT</c> on Linux.</summary>
    private const int SoReusePort = 15;

    /// <summary>Overrides <see cref="GsoVariable"/> for listeners started while it is set; null reads the variable.</summary>
    internal static bool? SegmentationOverride { get; set; }

    /// <summary>Whether a new listener tries UDP GSO: yes unless <see cref="GsoVariable"/> is <c>0</c> or <see cref="SegmentationOverride"/> says no.</summary>
    public static bool SegmentationWanted =>
        SegmentationOverride ?? Environment.GetEnvironmentVariable(GsoVariable) != "0";

    /// <summary>
    /// Binds up to <paramref name="count"/> sockets on <paramref name="address"/> and <paramref name="port"/>. Fewer when
    /// the platform has no <c>SO_REUSEPORT</c> (one) or a later socket cannot join; the first socket's failure throws.
    /// </summary>
    public static Socket[] Open(IPAddress address, int port, int count, bool reusePort = false)
    {
        var first = Create(address);
        bool shared = false;
        try
        {
            // With reusePort the port may also be shared with other listeners that ask for it (ListenerOptions.ReusePort).
            shared = (count > 1 || reusePort) && TryReusePort(first);
            first.Bind(new IPEndPoint(address, port));
        }
        catch
        {
            first.Dispose();
            throw;
        }

        if (!shared) return [first];
        var bound = (IPEndPoint)first.LocalEndPoint!;
        var sockets = new List<Socket>(count) { first };
        while (sockets.Count < count)
        {
            var next = Create(address);
            try
            {
                if (!TryReusePort(next)) throw new SocketException((int)SocketError.OperationNotSupported);
                next.Bind(bound);
                sockets.Add(next);
            }
            catch (SocketException)
            {
                // Serve with the sockets bound so far rather than not at all.
                next.Dispose();
                break;
            }
        }

        return [.. sockets];
    }

    private static Socket Create(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // Room for bursts of uploads while the loop is busy, and for a burst of responses.
            socket.ReceiveBufferSize = 4 << 20;
            socket.SendBufferSize = 4 << 20;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool TryReusePort(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
