using System.Text;
using Roadrunner.Server.Files;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §14 over real sockets: single, suffix, open and multiple ranges, 416, ignored headers and If-Range.</summary>
[TestClass]
public sealed class StaticFileRangeTests
{
    private const int Size = 1000;
    private static readonly byte[] Data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, Size).Select(i => (char)('a' + (i % 26)))));
    private static readonly DateTime Modified = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;
    private static string s_etag = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-static-range");
        File.SetLastWriteTimeUtc(s_tree.Write("r.txt", Data), Modified);
        s_server = await TestServer.StartAsync([Route.Map("/static/*path", StaticFiles.From(s_tree.Root))]);
        s_etag = (await Exchange.GetAsync(s_server.Port, "/static/r.txt")).Header("etag")!;
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    private static Task<RawResponse> Get(params string[] headers) => Exchange.GetAsync(s_server.Port, "/static/r.txt", headers);

    private static byte[] Slice(long start, long end) => Data[(int)start..(int)(end + 1)];

    [TestMethod]
    [DataRow("bytes=0-9", 0, 9)]
    [DataRow("bytes=990-", 990, 999)]
    [DataRow("bytes=-5", 995, 999)]
    [DataRow("bytes=995-5000", 995, 999)]
    [DataRow("bytes=-5000", 0, 999)]
    [DataRow("BYTES=10-19", 10, 19)]
    [DataRow("bytes= 10-19 ", 10, 19)]
    public async Task SingleRange_Is206WithContentRange(string range, long start, long end)
    {
        var r = await Get($"Range: {range}");
        r.Status.ShouldBe(206);
        r.Header("content-range").ShouldBe($"bytes {start}-{end}/{Size}");
        r.Header("content-length").ShouldBe((end - start + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        r.Header("content-type").ShouldBe("text/plain; charset=utf-8");
        r.Header("etag").ShouldBe(s_etag);
        r.Body.ShouldBe(Slice(start, end));
    }

    /// <summary>RFC 9110 §14.6: several ranges are one multipart/byteranges body, each part with its type and range.</summary>
    [TestMethod]
    public async Task MultipleRanges_AreMultipartByteranges()
    {
        var r = await Get("Range: bytes=0-9, 500-509, -3");
        r.Status.ShouldBe(206);
        r.Header("content-range").ShouldBeNull();
        var type = r.Header("content-type")!;
        type.ShouldStartWith("multipart/byteranges; boundary=");
        var boundary = type["multipart/byteranges; boundary=".Length..];
        var parts = ParseByteranges(r.Body, boundary);
        parts.Count.ShouldBe(3);
        parts[0].ShouldBe(("bytes 0-9/1000", "text/plain; charset=utf-8", Encoding.ASCII.GetString(Slice(0, 9))));
        parts[1].ShouldBe(("bytes 500-509/1000", "text/plain; charset=utf-8", Encoding.ASCII.GetString(Slice(500, 509))));
        parts[2].ShouldBe(("bytes 997-999/1000", "text/plain; charset=utf-8", Encoding.ASCII.GetString(Slice(997, 999))));
    }

    /// <summary>Overlapping or near ranges are coalesced (§14.2 allows it), so a single part remains.</summary>
    [TestMethod]
    public async Task OverlappingRanges_AreCoalesced()
    {
        var r = await Get("Range: bytes=0-9, 5-20, 30-40");
        r.Status.ShouldBe(206);
        r.Header("content-range").ShouldBe("bytes 0-40/1000");
        r.Body.ShouldBe(Slice(0, 40));
    }

    [TestMethod]
    [DataRow("bytes=1000-")]
    [DataRow("bytes=5000-6000")]
    [DataRow("bytes=1000-1000, 2000-")]
    public async Task Unsatisfiable_Is416WithSize(string range)
    {
        var r = await Get($"Range: {range}");
        r.Status.ShouldBe(416);
        r.Header("content-range").ShouldBe($"bytes */{Size}");
        r.Body.ShouldBeEmpty();
    }

    /// <summary>§14.2: a server may ignore an invalid Range; it answers 200 with the whole file.</summary>
    [TestMethod]
    [DataRow("bytes=abc")]
    [DataRow("bytes=5-1")]
    [DataRow("bytes=")]
    [DataRow("bytes=--1")]
    [DataRow("bytes=1-2-3")]
    [DataRow("items=0-1")]
    [DataRow("bytes 0-1")]
    [DataRow("bytes=0-1,abc")]
    [DataRow("bytes=0x10-20")]
    public async Task Malformed_IsIgnored_200(string range)
    {
        var r = await Get($"Range: {range}");
        r.Status.ShouldBe(200);
        r.Body.ShouldBe(Data);
    }

    /// <summary>A position too large for 64 bits saturates: past the end, so unsatisfiable rather than an error.</summary>
    [TestMethod]
    public async Task HugePosition_Is416()
        => (await Get("Range: bytes=99999999999999999999999999-")).Status.ShouldBe(416);

    /// <summary>More than RangeOptions.MaxRanges range-specs: ignored, the whole file.</summary>
    [TestMethod]
    public async Task TooManyRanges_IsIgnored_200()
    {
        var specs = string.Join(",", Enumerable.Range(0, 17).Select(i => $"{i * 50}-{(i * 50) + 1}"));
        var r = await Get($"Range: bytes={specs}");
        r.Status.ShouldBe(200);
        r.Body.ShouldBe(Data);
    }

    [TestMethod]
    public async Task IfRange_CurrentETag_Is206()
        => (await Get("Range: bytes=0-9", $"If-Range: {s_etag}")).Status.ShouldBe(206);

    [TestMethod]
    public async Task IfRange_LastModifiedDate_Is206()
        => (await Get("Range: bytes=0-9", "If-Range: Wed, 01 May 2024 12:00:00 GMT")).Status.ShouldBe(206);

    /// <summary>§13.1.5: a stale validator means the representation changed: the whole of it, 200.</summary>
    [TestMethod]
    [DataRow("\"stale\"")]
    [DataRow("W/CURRENT")]
    [DataRow("Wed, 01 May 2024 11:00:00 GMT")]
    [DataRow("garbage")]
    public async Task IfRange_StaleWeakOrInvalid_Is200Full(string value)
    {
        var r = await Get("Range: bytes=0-9", $"If-Range: {value.Replace("CURRENT", s_etag, StringComparison.Ordinal)}");
        r.Status.ShouldBe(200);
        r.Body.ShouldBe(Data);
    }

    /// <summary>§14.2: Range is only for GET; HEAD answers as for a plain GET.</summary>
    [TestMethod]
    public async Task Head_IgnoresRange()
    {
        var r = await Exchange.SendAsync(s_server.Port, "HEAD", "/static/r.txt", "Range: bytes=0-9");
        r.Status.ShouldBe(200);
        r.Header("content-length").ShouldBe("1000");
    }

    [TestMethod]
    public async Task Range_WithFailedIfNoneMatch_Is304()
        => (await Get("Range: bytes=0-9", $"If-None-Match: {s_etag}")).Status.ShouldBe(304);

    [TestMethod]
    public async Task EmptyFile_SuffixRange_IsIgnored_200()
    {
        s_tree.Write("empty.txt", "");
        var r = await Exchange.GetAsync(s_server.Port, "/static/empty.txt", "Range: bytes=-5");
        r.Status.ShouldBe(200);
        r.Body.ShouldBeEmpty();
        (await Exchange.GetAsync(s_server.Port, "/static/empty.txt", "Range: bytes=0-5")).Status.ShouldBe(416);
    }

    /// <summary>The parts of a multipart/byteranges body: (Content-Range, Content-Type, data).</summary>
    internal static List<(string Range, string Type, string Data)> ParseByteranges(byte[] body, string boundary)
    {
        var text = Encoding.Latin1.GetString(body);
        text.ShouldEndWith($"\r\n--{boundary}--\r\n");
        var parts = new List<(string, string, string)>();
        foreach (var chunk in text[..^$"\r\n--{boundary}--\r\n".Length].Split($"--{boundary}\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var part = chunk.EndsWith("\r\n", StringComparison.Ordinal) ? chunk[..^2] : chunk;
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var headers = part[..split].Split("\r\n").Select(l => l.Split(": ", 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p[1]);
            parts.Add((headers["content-range"], headers["content-type"], part[(split + 4)..]));
        }

        return parts;
    }
}
