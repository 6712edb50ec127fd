using System.Globalization;
using System.Text;
using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>
/// How HTTP/1.1 sends a file: one of 16 KiB or less is read into the same write as the head; a larger one goes by
/// sendfile(2) from the stream the server opened, whole or as a range, and no descriptor on the file outlives its
/// response.
/// </summary>
[TestClass]
public sealed class StaticFileTransferTests
{
    private static readonly byte[] Small = Pattern(1000);
    private static readonly byte[] Large = Pattern(200 * 1024);
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-transfer");
        s_tree.Write("small.bin", Small);
        s_tree.Write("large.bin", Large);
        s_server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_tree.Root))]);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    /// <summary>A small file leaves with its head in one write: the client's first receive holds the whole answer.</summary>
    [TestMethod]
    public async Task SmallFile_HeadAndContentInOneWrite()
    {
        using var client = s_server.Connect();
        await client.SendAsync("GET /static/small.bin HTTP/1.1\r\nHost: x\r\n\r\n");

        client.Socket.ReceiveTimeout = 10_000;
        var buffer = new byte[64 * 1024];
        int n = client.Socket.Receive(buffer);

        RawResponse.TryParse(buffer[..n], head: false, out var response, out var consumed).ShouldBeTrue("the whole response in the first receive");
        consumed.ShouldBe(n);
        response!.Status.ShouldBe(200);
        response.Body.ShouldBe(Small);
    }

    [TestMethod]
    public async Task LargeFile_Whole_ByteExact()
    {
        var r = await Exchange.GetAsync(s_server.Port, "/static/large.bin");

        r.Status.ShouldBe(200);
        r.Header("content-length").ShouldBe(Large.Length.ToString(CultureInfo.InvariantCulture));
        r.Body.ShouldBe(Large);
    }

    /// <summary>A range of a large file starts at its offset in the file, not at the start.</summary>
    [TestMethod]
    public async Task LargeFile_Range_ByteExact()
    {
        var r = await Exchange.GetAsync(s_server.Port, "/static/large.bin", "Range: bytes=70000-169999");

        r.Status.ShouldBe(206);
        r.Header("content-range").ShouldBe($"bytes 70000-169999/{Large.Length}");
        r.Body.ShouldBe(Large[70000..170000]);
    }

    /// <summary>Over TLS the bytes are encrypted on their way: a small file with its head, a large one and a range of it through the copy loop.</summary>
    [TestMethod]
    public async Task OverTls_SmallLargeAndRange_ByteExact()
    {
        await using var server = await TestServer.StartAsync(
            [Route.Map("/static/*path", StaticFiles.From(s_tree.Root))],
            o => o with { Tls = TlsOptions.SelfSigned("localhost") });
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync("GET /static/small.bin HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).Body.ShouldBe(Small);

        await client.SendAsync("GET /static/large.bin HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).Body.ShouldBe(Large);

        await client.SendAsync("GET /static/large.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=100000-\r\n\r\n");
        var range = await client.ReadResponseAsync();
        range.Status.ShouldBe(206);
        range.Body.ShouldBe(Large[100000..]);
    }

    /// <summary>Each response closes the one descriptor it opened: none is left for a finalizer after 64 answers.</summary>
    [TestMethod]
    public async Task LargeFile_ManyResponses_NoDescriptorLeftOpen()
    {
        var path = Path.Combine(s_tree.Root, "large.bin");
        using var client = s_server.Connect();
        for (var i = 0; i < 64; i++)
        {
            await client.SendAsync("GET /static/large.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            (await client.ReadResponseAsync()).Body.Length.ShouldBe(Large.Length);
        }

        Console.WriteLine($"DEBUG fds right after: {DescriptorsOn(path)}");
        (await Eventually.TrueAsync(() => DescriptorsOn(path) == 0, TimeSpan.FromSeconds(5)))
            .ShouldBeTrue($"{DescriptorsOn(path)} descriptors still open on the file");
    }

    // Descriptors of this process whose target is the file, from /proc/self/fd.
    private static int DescriptorsOn(string path)
    {
        var count = 0;
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path) count++;
            }
            catch (IOException)
            {
                // Closed between the listing and the look.
            }
        }

        return count;
    }

    private static byte[] Pattern(int size) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, size).Select(i => (char)('a' + (i * 7 % 26)))));
}
