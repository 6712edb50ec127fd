using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Roadrunner.Server;
using Roadrunner.Server.Files;
using Roadrunner.Server.Http3;
using Roadrunner.Server.Http3.Udp;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Shouldly;

namespace Roadrunner.Tests.Server.Http3.Udp;

/// <summary>
/// The HTTP/3 listener's UDP side over real sockets on 127.0.0.1 with ngtcp2's gtlsclient: a group of
/// <c>SO_REUSEPORT</c> sockets, sends batched with UDP GSO, and the same bytes with batching off.
/// </summary>
[TestClass]
public sealed class Http3UdpSendPathTests
{
    private const int FileSize = 4 * 1024 * 1024;
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    private static ValueTask<Listener> StartAsync(string root, int sockets) =>
        RoadrunnerServer.StartAsync("h3udp", new ListenerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Routes = [Route.Map("/static/*path", StaticFiles.From(root))],
            Acceptors = 1,
            Tls = Tls,
            Protocols = [Protocol.Http1, Protocol.Http2, Protocol.Http3],
            Http3Sockets = sockets,
        });

    /// <summary>The listener's UDP side; the listener keeps it private.</summary>
    private static Http3Listener Udp(Listener listener) =>
        (Http3Listener)typeof(Listener).GetField("_http3", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(listener)!;

    private static byte[] WriteFile(string root, int seed)
    {
        var content = new byte[FileSize];
        new Random(seed).NextBytes(content);
        File.WriteAllBytes(Path.Combine(root, "big.bin"), content);
        return content;
    }

    private static async Task DownloadExactAsync(Listener listener, byte[] content)
    {
        using var dir = new TempDir();
        var (exit, output) = await Gtlsclient.RunAsync(listener.Http3Port, ["/static/big.bin"], $"--download={dir.Path}", "--no-http-dump", "-q");

        exit.ShouldBe(0, output.Length > 4000 ? output[^4000..] : output);
        var received = File.ReadAllBytes(Path.Combine(dir.Path, "big.bin"));
        received.Length.ShouldBe(content.Length);
        Convert.ToHexString(SHA256.HashData(received)).ShouldBe(Convert.ToHexString(SHA256.HashData(content)));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task TwoSockets_BothBound_DownloadsByteExact()
    {
        Gtlsclient.SkipIfMissing();
        using var root = new TempDir();
        var content = WriteFile(root.Path, 11);
        await using var listener = await StartAsync(root.Path, sockets: 2);
        var udp = Udp(listener);
        if (OperatingSystem.IsLinux()) udp.SocketCount.ShouldBe(2);

        // Three clients at once, from three ports: the kernel may hash them to either socket.
        await Task.WhenAll(DownloadExactAsync(listener, content), DownloadExactAsync(listener, content), DownloadExactAsync(listener, content));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task GsoOn_DownloadByteExact_FewerSendsThanDatagrams()
    {
        Gtlsclient.SkipIfMissing();
        using var root = new TempDir();
        var content = WriteFile(root.Path, 12);
        await using var listener = await StartAsync(root.Path, sockets: 1);
        var udp = Udp(listener);
        udp.SocketCount.ShouldBe(1);

        await DownloadExactAsync(listener, content);

        lock (udp.Sync)
        {
            // Batching is on wherever the kernel has UDP GSO; then bursts leave in fewer calls than datagrams.
            if (udp.Sender.Segmenting) udp.Sender.Sends.ShouldBeLessThan(udp.Sender.Datagrams);
            udp.Sender.Datagrams.ShouldBeGreaterThan(FileSize / 1200);
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task GsoForcedOff_DownloadByteExact_OneSendPerDatagram()
    {
        Gtlsclient.SkipIfMissing();
        using var root = new TempDir();
        var content = WriteFile(root.Path, 13);
        Listener listener;
        UdpSocketGroup.SegmentationOverride = false;
        try
        {
            listener = await StartAsync(root.Path, sockets: 1);
        }
        finally
        {
            UdpSocketGroup.SegmentationOverride = null;
        }

        await using (listener)
        {
            var udp = Udp(listener);

            await DownloadExactAsync(listener, content);

            lock (udp.Sync)
            {
                udp.Sender.Segmenting.ShouldBeFalse();
                udp.Sender.Sends.ShouldBe(udp.Sender.Datagrams);
            }
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    [DataRow(ListenerOptions.MaxHttp3Sockets + 1)]
    public async Task Http3Sockets_OutOfRange_ThrowsAtStart(int sockets)
    {
        using var root = new TempDir();

        var ex = await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await StartAsync(root.Path, sockets));

        ex.ParamName.ShouldBe(nameof(ListenerOptions.Http3Sockets));
    }

    [TestMethod]
    public void Http3Sockets_DefaultIsOne() => new ListenerOptions().Http3Sockets.ShouldBe(1);
}
