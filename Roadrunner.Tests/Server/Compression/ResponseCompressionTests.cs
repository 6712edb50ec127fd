using System.IO.Compression;
using System.Text;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Files;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Sse;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Compression;

/// <summary>The compression middleware over real sockets: what is compressed, how, and what is left alone.</summary>
[TestClass]
public sealed class ResponseCompressionTests
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i}: the quick brown fox\n"));
    private static readonly BufferedResponse Cached = Response.Text(200, Text);
    private static readonly byte[] Noise = MakeNoise();
    private static TempTree s_tree = null!;
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_tree = new TempTree("rr-compression");
        s_tree.Write("page.txt", Text);
        s_tree.Write("small.txt", "tiny");
        s_tree.Write("pre.js", Text);
        s_tree.Write("pre.js.br", Brotli(Text));
        s_server = await TestServer.StartAsync(Routes(s_tree.Root), o => o with { Middlewares = [ResponseCompression.Middleware] });
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_server.DisposeAsync();
        s_tree.Dispose();
    }

    private static Route[] Routes(string root) =>
    [
        Route.Get("/text", _ => Response.Text(200, Text)),
        Route.Get("/cached", _ => Cached),
        Route.Get("/small", _ => Response.Text(200, "small body")),
        Route.Get("/json", _ => Response.Json(200, "[" + string.Join(",", Enumerable.Repeat("{\"a\":1}", 300)) + "]")),
        Route.Get("/png", _ => Response.Bytes(200, Encoding.ASCII.GetBytes(Text), "image/png")),
        Route.Get("/octets", _ => Response.Bytes(200, Encoding.ASCII.GetBytes(Text))),
        Route.Get("/noise", _ => Response.Bytes(200, Noise, "text/plain")),
        Route.Get("/partial", _ => Response.Bytes(206, Encoding.ASCII.GetBytes(Text), "text/plain").WithHeader("content-range", $"bytes 0-{Text.Length - 1}/{Text.Length * 2}")),
        Route.Get("/not-modified", _ => Response.Empty(304).WithHeader("etag", "\"n\"")),
        Route.Get("/no-content", _ => Response.Empty(204)),
        Route.Get("/encoded", _ => Response.Bytes(200, Brotli(Text), "text/plain").WithHeader("content-encoding", "br")),
        Route.Get("/no-transform", _ => Response.Text(200, Text).WithHeader("cache-control", "public, no-transform")),
        Route.Get("/etag", _ => Response.Text(200, Text).WithHeader("etag", "\"v1\"")),
        Route.Get("/weak-etag", _ => Response.Text(200, Text).WithHeader("etag", "W/\"v1\"")),
        Route.Get("/vary-origin", _ => Response.Text(200, Text).WithHeader("vary", "Origin")),
        Route.Get("/vary-ae", _ => Response.Text(200, Text).WithHeader("vary", "origin, accept-encoding")),
        Route.Get("/vary-star", _ => Response.Text(200, Text).WithHeader("vary", "*")),
        Route.Get("/ranges", _ => Response.Text(200, Text).WithHeader("accept-ranges", "bytes")),
        Route.Get("/stream", _ => Response.Stream(200, "text/plain; charset=utf-8", async s =>
        {
            for (var i = 0; i < 5; i++) await s.WriteAsync(Encoding.UTF8.GetBytes($"piece {i}\n"));
            s.AddTrailer("x-pieces", "5");
        })),
        Route.Get("/file", _ => Response.File(Path.Combine(root, "page.txt"), "text/plain; charset=utf-8")),
        Route.Get("/file-small", _ => Response.File(Path.Combine(root, "small.txt"), "text/plain; charset=utf-8")),
        Route.Get("/file-part", _ => Response.File(Path.Combine(root, "page.txt"), "text/plain; charset=utf-8", offset: 5, length: 2000)),
        Route.Get("/file-missing", _ => Response.File(Path.Combine(root, "missing.txt"), "text/plain")),
        Route.Get("/sse", _ => SseResponse.Create(new OneEvent(), new SseResponseOptions { KeepAliveInterval = null })),
        Route.Map("/static/*path", StaticFiles.From(root)),
    ];

    private static Task<RawResponse> Get(string target, params string[] headers) => Exchange.GetAsync(s_server.Port, target, headers);

    private static byte[] Brotli(string text)
    {
        using var output = new MemoryStream();
        using (var br = new BrotliStream(output, CompressionLevel.Optimal))
        {
            br.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static byte[] MakeNoise()
    {
        var noise = new byte[4096];
        new Random(3).NextBytes(noise);
        for (var i = 0; i < noise.Length; i++) noise[i] = (byte)(0x21 + (noise[i] % 94));
        return noise;
    }

    /// <summary>Each coding decodes to the original; Content-Length is the compressed length.</summary>
    [TestMethod]
    [DataRow("gzip")]
    [DataRow("deflate")]
    [DataRow("br")]
    public async Task Buffered_EachCoding_DecodesToTheOriginal(string coding)
    {
        var r = await Get("/text", $"Accept-Encoding: {coding}");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBe(coding);
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.Header("content-type").ShouldBe("text/plain; charset=utf-8");
        int.Parse(r.Header("content-length")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(r.Body.Length);
        r.Body.Length.ShouldBeLessThan(Text.Length / 4);
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, coding)).ShouldBe(Text);
    }

    /// <summary>RFC 9110 §8.4.1.2: deflate is the zlib format (a 0x78 header byte), not a raw deflate stream.</summary>
    [TestMethod]
    public async Task Deflate_IsTheZlibFormat()
        => (await Get("/text", "Accept-Encoding: deflate")).Body[0].ShouldBe((byte)0x78);

    [TestMethod]
    [DataRow("gzip, deflate, br", "br")]
    [DataRow("deflate, gzip, br, zstd", "br")]
    [DataRow("gzip;q=1, br;q=0.5", "gzip")]
    [DataRow("br;q=0, gzip;q=0.1, deflate;q=0.2", "deflate")]
    [DataRow("*", "br")]
    [DataRow("*;q=0.1, gzip", "gzip")]
    [DataRow("identity;q=0.5, gzip;q=0.6", "gzip")]
    public async Task Negotiation_PicksTheHighestWeight_ThenServerOrder(string acceptEncoding, string expected)
        => (await Get("/text", $"Accept-Encoding: {acceptEncoding}")).Header("content-encoding").ShouldBe(expected);

    /// <summary>No Accept-Encoding, identity preferred, or nothing acceptable: identity, with Vary (never 406).</summary>
    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("identity")]
    [DataRow("identity;q=1, *;q=0")]
    [DataRow("*;q=0")]
    [DataRow("gzip;q=0, deflate;q=0, br;q=0")]
    [DataRow("identity;q=0.9, gzip;q=0.5")]
    [DataRow("compress, zstd")]
    [DataRow("gzip;q=1.5")]
    [DataRow("gzip;level=9")]
    public async Task IdentityWanted_NotCompressed_Varies(string? acceptEncoding)
    {
        var r = acceptEncoding is null ? await Get("/text") : await Get("/text", $"Accept-Encoding: {acceptEncoding}");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.BodyText.ShouldBe(Text);
    }

    /// <summary>Several Accept-Encoding lines form one list.</summary>
    [TestMethod]
    public async Task AcceptEncoding_SplitOverLines_IsOneList()
        => (await Get("/text", "Accept-Encoding: gzip;q=0.5", "Accept-Encoding: deflate")).Header("content-encoding").ShouldBe("deflate");

    [TestMethod]
    public async Task SmallBody_NotCompressed_Varies()
    {
        var r = await Get("/small", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.BodyText.ShouldBe("small body");
    }

    [TestMethod]
    public async Task Json_IsCompressed()
        => (await Get("/json", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBe("gzip");

    [TestMethod]
    [DataRow("/png")]
    [DataRow("/octets")]
    public async Task NotCompressibleType_Untouched_NoVary(string target)
    {
        var r = await Get(target, "Accept-Encoding: gzip, br");
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBeNull();
        r.BodyText.ShouldBe(Text);
    }

    [TestMethod]
    public async Task BodyThatDoesNotShrink_GoesAsItIs()
    {
        var r = await Get("/noise", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.Body.ShouldBe(Noise);
    }

    [TestMethod]
    public async Task Status206_NotCompressed()
    {
        var r = await Get("/partial", "Accept-Encoding: gzip");
        r.Status.ShouldBe(206);
        r.Header("content-encoding").ShouldBeNull();
        r.BodyText.ShouldBe(Text);
    }

    [TestMethod]
    public async Task Status304And204_NotCompressed()
    {
        var notModified = await Get("/not-modified", "Accept-Encoding: gzip");
        notModified.Status.ShouldBe(304);
        notModified.Header("content-encoding").ShouldBeNull();
        var noContent = await Get("/no-content", "Accept-Encoding: gzip");
        noContent.Status.ShouldBe(204);
        noContent.Header("content-encoding").ShouldBeNull();
    }

    [TestMethod]
    public async Task Head_NotCompressed_Varies()
    {
        var r = await Exchange.SendAsync(s_server.Port, "HEAD", "/text", "Accept-Encoding: gzip");
        r.Status.ShouldBe(200);
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.Header("content-length").ShouldBe(Encoding.UTF8.GetByteCount(Text).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task AlreadyEncoded_Untouched()
    {
        var r = await Get("/encoded", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBe("br");
        r.Header("vary").ShouldBeNull();
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "br")).ShouldBe(Text);
    }

    /// <summary>RFC 9111 §5.2.2.6: no-transform forbids changing the content coding.</summary>
    [TestMethod]
    public async Task NoTransform_Untouched()
    {
        var r = await Get("/no-transform", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.BodyText.ShouldBe(Text);
    }

    /// <summary>RFC 9110 §8.8.3: a strong tag is made the variant's own; a weak one may be shared.</summary>
    [TestMethod]
    public async Task StrongETag_GetsTheCodingAppended_WeakStays()
    {
        (await Get("/etag", "Accept-Encoding: gzip")).Header("etag").ShouldBe("\"v1-gzip\"");
        (await Get("/etag", "Accept-Encoding: br")).Header("etag").ShouldBe("\"v1-br\"");
        (await Get("/etag")).Header("etag").ShouldBe("\"v1\"");
        (await Get("/weak-etag", "Accept-Encoding: gzip")).Header("etag").ShouldBe("W/\"v1\"");
    }

    /// <summary>A revalidation with the compressed variant's tag is answered 304 by the middleware.</summary>
    [TestMethod]
    public async Task IfNoneMatch_CompressedTag_Is304()
    {
        var r = await Get("/etag", "Accept-Encoding: gzip", "If-None-Match: \"v1-gzip\"");
        r.Status.ShouldBe(304);
        r.Header("etag").ShouldBe("\"v1-gzip\"");
        r.Header("vary").ShouldBe("Accept-Encoding");
        r.Body.ShouldBeEmpty();
        (await Get("/etag", "Accept-Encoding: br", "If-None-Match: \"v1-gzip\"")).Status.ShouldBe(200);
        (await Get("/etag", "Accept-Encoding: gzip", "If-None-Match: *")).Status.ShouldBe(200);
    }

    [TestMethod]
    public async Task Vary_IsCompleted_NotDuplicated()
    {
        var origin = await Get("/vary-origin", "Accept-Encoding: gzip");
        origin.Headers.Where(h => h.Key.Equals("vary", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ShouldBe(["Origin", "Accept-Encoding"]);
        var already = await Get("/vary-ae", "Accept-Encoding: gzip");
        already.Headers.Count(h => h.Key.Equals("vary", StringComparison.OrdinalIgnoreCase)).ShouldBe(1);
        already.Header("content-encoding").ShouldBe("gzip");
        var star = await Get("/vary-star");
        star.Header("vary").ShouldBe("*");
    }

    [TestMethod]
    public async Task AcceptRanges_IsDroppedFromACompressedResponse()
    {
        (await Get("/ranges", "Accept-Encoding: gzip")).Header("accept-ranges").ShouldBeNull();
        (await Get("/ranges")).Header("accept-ranges").ShouldBe("bytes");
    }

    [TestMethod]
    public async Task CachedInstance_IsCompressedTheSameEachTime()
    {
        var first = await Get("/cached", "Accept-Encoding: br");
        var second = await Get("/cached", "Accept-Encoding: br");
        var third = await Get("/cached", "Accept-Encoding: br");
        second.Body.ShouldBe(first.Body);
        third.Body.ShouldBe(first.Body);
        Encoding.UTF8.GetString(Exchange.Decode(third.Body, "br")).ShouldBe(Text);
        (await Get("/cached")).BodyText.ShouldBe(Text);
        (await Get("/cached", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBe("gzip");
    }

    [TestMethod]
    [DataRow("gzip")]
    [DataRow("deflate")]
    [DataRow("br")]
    public async Task Stream_DecodesToTheOriginal_TrailersPassThrough(string coding)
    {
        var r = await Get("/stream", $"Accept-Encoding: {coding}");
        r.Header("content-encoding").ShouldBe(coding);
        r.Header("transfer-encoding").ShouldBe("chunked");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, coding)).ShouldBe("piece 0\npiece 1\npiece 2\npiece 3\npiece 4\n");
        r.Trailer("x-pieces").ShouldBe("5");
    }

    /// <summary>Each write is compressed and flushed at once: the client decodes it before the next one is written.</summary>
    [TestMethod]
    [DataRow("gzip")]
    [DataRow("br")]
    public async Task Stream_EachWriteReachesTheClientAtOnce(string coding)
    {
        var firstDecoded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
            [Route.Get("/feed", _ => Response.Stream(200, "text/plain", async s =>
            {
                await s.WriteAsync("first message"u8.ToArray());
                await firstDecoded.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await s.WriteAsync("second message"u8.ToArray());
            }))],
            o => o with { Middlewares = [ResponseCompression.Middleware] });
        using var client = server.Connect();
        await client.SendAsync($"GET /feed HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {coding}\r\n\r\n");
        (await client.ReadResponseHeadAsync()).ShouldContain($"content-encoding: {coding}");
        var chunks = new ChunkedReader(client);
        var feed = new FedStream();
        await using Stream decoder = coding == "gzip" ? new GZipStream(feed, CompressionMode.Decompress) : new BrotliStream(feed, CompressionMode.Decompress);
        var buffer = new byte[256];

        feed.Feed((await chunks.ReadChunkAsync())!);
        var n = await decoder.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Encoding.ASCII.GetString(buffer, 0, n).ShouldBe("first message");
        firstDecoded.SetResult();

        while (await chunks.ReadChunkAsync() is { } chunk) feed.Feed(chunk);
        feed.End();
        using var rest = new MemoryStream();
        await decoder.CopyToAsync(rest);
        Encoding.ASCII.GetString(rest.ToArray()).ShouldBe("second message");
    }

    [TestMethod]
    public async Task File_IsCompressedByStreaming()
    {
        var r = await Get("/file", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBe("gzip");
        r.Header("transfer-encoding").ShouldBe("chunked");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "gzip")).ShouldBe(Text);
    }

    [TestMethod]
    public async Task File_Slice_IsCompressedAsTheSlice()
    {
        var r = await Get("/file-part", "Accept-Encoding: br");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "br")).ShouldBe(Text.Substring(5, 2000));
    }

    [TestMethod]
    public async Task File_Small_NotCompressed_Missing_Is404()
    {
        var small = await Get("/file-small", "Accept-Encoding: gzip");
        small.Header("content-encoding").ShouldBeNull();
        small.BodyText.ShouldBe("tiny");
        (await Get("/file-missing", "Accept-Encoding: gzip")).Status.ShouldBe(404);
    }

    [TestMethod]
    public async Task File_CompressionTurnedOff_GoesAsTheFile()
    {
        await using var server = await TestServer.StartAsync(Routes(s_tree.Root),
            o => o with { Middlewares = [ResponseCompression.Create(new CompressionOptions { CompressFiles = false })] });
        var r = await Exchange.GetAsync(server.Port, "/file", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBeNull();
        r.Header("vary").ShouldBeNull();
        r.Header("content-length").ShouldNotBeNull();
        (await Exchange.GetAsync(server.Port, "/text", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBe("gzip");
    }

    /// <summary>A static file without a sibling is compressed, its tag made the variant's own and revalidated.</summary>
    [TestMethod]
    public async Task StaticFile_WithoutSibling_IsCompressed_AndRevalidates()
    {
        var identity = await Get("/static/page.txt");
        var r = await Get("/static/page.txt", "Accept-Encoding: gzip");
        r.Header("content-encoding").ShouldBe("gzip");
        r.Header("accept-ranges").ShouldBeNull();
        var etag = r.Header("etag")!;
        etag.ShouldBe(identity.Header("etag")![..^1] + "-gzip\"");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "gzip")).ShouldBe(Text);
        (await Get("/static/page.txt", "Accept-Encoding: gzip", $"If-None-Match: {etag}")).Status.ShouldBe(304);
        (await Get("/static/page.txt", "Accept-Encoding: gzip", $"If-None-Match: {identity.Header("etag")}")).Status.ShouldBe(304);
        (await Get("/static/page.txt", "Accept-Encoding: gzip", "Range: bytes=0-9")).Status.ShouldBe(206);
    }

    [TestMethod]
    public async Task StaticFile_WithSibling_IsServedAsIs()
    {
        var r = await Get("/static/pre.js", "Accept-Encoding: br, gzip");
        r.Header("content-encoding").ShouldBe("br");
        r.Body.ShouldBe(Brotli(Text));
        r.Headers.Count(h => h.Key.Equals("vary", StringComparison.OrdinalIgnoreCase)).ShouldBe(1);
    }

    [TestMethod]
    public async Task EventStream_IsNeverCompressed()
    {
        using var client = s_server.Connect();
        await client.SendAsync("GET /sse HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n");
        var head = await client.ReadResponseHeadAsync();
        head.ShouldContain("content-type: text/event-stream");
        head.ShouldNotContain("content-encoding");
        var chunk = await new ChunkedReader(client).ReadChunkAsync();
        Encoding.UTF8.GetString(chunk!).ShouldBe("data: hello\n\n");
    }

    [TestMethod]
    public async Task CustomOptions_Apply()
    {
        await using var server = await TestServer.StartAsync(Routes(s_tree.Root), o => o with
        {
            Middlewares = [ResponseCompression.Create(new CompressionOptions
            {
                Codings = [ContentCoding.Gzip],
                MinimumSize = 0,
                IsCompressible = type => type.StartsWith("image/", StringComparison.Ordinal),
            })],
        });
        (await Exchange.GetAsync(server.Port, "/png", "Accept-Encoding: br, gzip")).Header("content-encoding").ShouldBe("gzip");
        (await Exchange.GetAsync(server.Port, "/text", "Accept-Encoding: br, gzip")).Header("content-encoding").ShouldBeNull();
    }

    [TestMethod]
    public void Options_OutOfRange_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ResponseCompression.Create(new CompressionOptions { BrotliQuality = 12 }));
        Should.Throw<ArgumentOutOfRangeException>(() => ResponseCompression.Create(new CompressionOptions { MinimumSize = -1 }));
        Should.Throw<ArgumentException>(() => ResponseCompression.Create(new CompressionOptions { Codings = [ContentCoding.Identity] }));
        Should.Throw<ArgumentOutOfRangeException>(() => ResponseCompression.Create(new CompressionOptions { GzipLevel = (CompressionLevel)99 }));
        Should.Throw<ArgumentNullException>(() => ResponseCompression.Create(null!));
    }

    [TestMethod]
    public async Task NoCodings_TurnsCompressionOff()
    {
        await using var server = await TestServer.StartAsync(Routes(s_tree.Root),
            o => o with { Middlewares = [ResponseCompression.Create(new CompressionOptions { Codings = [] })] });
        (await Exchange.GetAsync(server.Port, "/text", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBeNull();
    }

    /// <summary>A per-route middleware works like a listener-wide one.</summary>
    [TestMethod]
    public async Task PerRoute_Middleware()
    {
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/on", _ => Response.Text(200, Text)).WithMiddlewares(ResponseCompression.Middleware),
            Route.Get("/off", _ => Response.Text(200, Text)),
        ]);
        (await Exchange.GetAsync(server.Port, "/on", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBe("gzip");
        (await Exchange.GetAsync(server.Port, "/off", "Accept-Encoding: gzip")).Header("content-encoding").ShouldBeNull();
    }

    private sealed class OneEvent : IPushHandler
    {
        public async ValueTask OnOpenAsync(PushContext context)
        {
            await context.SendEventAsync(new SseEvent { Data = "hello" });
            context.Stop();
        }

        public ValueTask OnMessageAsync(PushContext context, object message) => ValueTask.CompletedTask;
    }
}
