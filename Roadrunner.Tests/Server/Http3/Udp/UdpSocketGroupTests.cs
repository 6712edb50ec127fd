using System.Net;
using System.Net.Sockets;
using Roadrunner.Server.Http3.Udp;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.Udp;

/// <summary>How <see cref="UdpSocketGroup"/> binds one socket, or several sharing a port with <c>SO_REUSEPORT</c>.</summary>
[TestClass]
public sealed class UdpSocketGroupTests
{
    private static void DisposeAll(Socket[] sockets)
    {
        foreach (var socket in sockets) socket.Dispose();
    }

    [TestMethod]
    public void Three_AllBoundToOnePort()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("SO_REUSEPORT groups are opened on Linux only.");
        var sockets = UdpSocketGroup.Open(IPAddress.Loopback, 0, 3);
        try
        {
            sockets.Length.ShouldBe(3);
            var port = ((IPEndPoint)sockets[0].LocalEndPoint!).Port;
            port.ShouldNotBe(0);
            sockets.ShouldAllBe(s => ((IPEndPoint)s.LocalEndPoint!).Port == port);
        }
        finally
        {
            DisposeAll(sockets);
        }
    }

    /// <summary>Each socket of the group receives: datagrams from many source ports are spread over them by the kernel's hash.</summary>
    [TestMethod]
    [Timeout(10_000)]
    public void Two_DatagramsFromManyPorts_ReachBoth()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("SO_REUSEPORT groups are opened on Linux only.");
        var sockets = UdpSocketGroup.Open(IPAddress.Loopback, 0, 2);
        try
        {
            sockets.Length.ShouldBe(2);
            var target = (IPEndPoint)sockets[0].LocalEndPoint!;
            for (var i = 0; i < 32; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                client.SendTo([(byte)i], target);
            }

            var counts = new int[2];
            var buffer = new byte[16];
            for (var received = 0; received < 32;)
            {
                var readable = new List<Socket>(sockets);
                Socket.Select(readable, null, null, TimeSpan.FromSeconds(5));
                readable.ShouldNotBeEmpty();
                foreach (var socket in readable)
                {
                    socket.Receive(buffer);
                    counts[Array.IndexOf(sockets, socket)]++;
                    received++;
                }
            }

            // 32 random source ports all hashing to one of two sockets happens once in 2^31 runs.
            counts.ShouldAllBe(c => c > 0);
        }
        finally
        {
            DisposeAll(sockets);
        }
    }

    [TestMethod]
    public void One_NoReusePort_PortNotShared()
    {
        var sockets = UdpSocketGroup.Open(IPAddress.Loopback, 0, 1);
        try
        {
            sockets.Length.ShouldBe(1);
            var bound = (IPEndPoint)sockets[0].LocalEndPoint!;
            using var intruder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            if (OperatingSystem.IsLinux()) intruder.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));

            Should.Throw<SocketException>(() => intruder.Bind(bound)).SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
        }
        finally
        {
            DisposeAll(sockets);
        }
    }
}
