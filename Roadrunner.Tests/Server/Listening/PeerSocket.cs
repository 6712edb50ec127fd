using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;

namespace Roadrunner.Tests.Server.Listening;

/// <summary>
/// Clients that come from another loopback address than 127.0.0.1 (Linux answers the whole 127.0.0.0/8), so a test can
/// play a second peer against one listener.
/// </summary>
internal static class PeerSocket
{
    /// <summary>The address the attacker in these tests connects from.</summary>
    public static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    /// <summary>An HTTP/2 connection (prior knowledge, or TLS with ALPN h2) from <paramref name="from"/>, preface sent.</summary>
    public static async Task<H2Wire> ConnectH2Async(IPAddress from, int port, bool tls = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(IPAddress.Loopback, port);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                var ssl = new SslStream(stream);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                }, cts.Token);
                stream = ssl;
            }

            var wire = H2Wire.Adopt(socket, stream, default);
            await wire.SendAsync(new FrameBuilder().Preface().Settings());
            return wire;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
