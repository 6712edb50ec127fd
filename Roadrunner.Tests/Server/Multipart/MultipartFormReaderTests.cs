using System.Security.Cryptography;
using System.Text;
using Roadrunner.Server.Multipart;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>
/// <c>Request.ReadMultipartAsync</c> over real sockets: parts streamed to the handler as they arrive, and every
/// malformed or truncated body refused with 400 (413 over a limit).
/// </summary>
[TestClass]
public sealed class MultipartFormReaderTests
{
    private const string Boundary = "----rrBoundary7MA4YWxk";
    private static TestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_server = await TestServer.StartAsync(
        [
            Route.Post("/form", Describe).WithBodyMode(BodyMode.Manual),
            Route.Post("/auto", Describe),
            Route.Post("/second-only", async req =>
            {
                var seen = new List<string>();
                var index = 0;
                await foreach (var part in req.ReadMultipartAsync())
                {
                    if (index++ == 1) seen.Add(await part.ReadAsStringAsync());
                    else seen.Add($"skipped {part.Name}");
                }

                return Response.Text(200, string.Join("|", seen));
            }).WithBodyMode(BodyMode.Manual),
            Route.Post("/limits", async req =>
            {
                var count = 0;
                await foreach (var part in req.ReadMultipartAsync(new MultipartOptions { MaxPartCount = 2, MaxHeaderCount = 2 })) count++;
                return Response.Text(200, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }).WithBodyMode(BodyMode.Manual),
            Route.Post("/short-field", async req =>
            {
                await foreach (var part in req.ReadMultipartAsync()) await part.ReadAsStringAsync(maxBytes: 4);
                return Response.Text(200, "read");
            }).WithBodyMode(BodyMode.Manual),
            Route.Post("/stale", async req =>
            {
                await using var parts = req.ReadMultipartAsync().GetAsyncEnumerator();
                await parts.MoveNextAsync();
                var first = parts.Current;
                await parts.MoveNextAsync();
                try
                {
                    await first.ReadAsync(new byte[10]);
                    return Response.Text(200, "read a passed part");
                }
                catch (InvalidOperationException)
                {
                    return Response.Text(200, "refused");
                }
            }).WithBodyMode(BodyMode.Manual),
            Route.Post("/caught", async req =>
            {
                try
                {
                    await foreach (var part in req.ReadMultipartAsync()) await part.CopyToAsync(Stream.Null);
                    return Response.Text(200, "read");
                }
                catch (RequestBodyException ex)
                {
                    return Response.Text(200, $"{ex.StatusCode} {ex.Message}");
                }
            }).WithBodyMode(BodyMode.Manual),
        ]);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    /// <summary>name, filename, type, length and SHA-256 of each part, one line each.</summary>
    private static async ValueTask<Response> Describe(Request req)
    {
        var lines = new StringBuilder();
        await foreach (var part in req.ReadMultipartAsync())
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1000];
            long length = 0;
            int n;
            while ((n = await part.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                length += n;
            }

            lines.Append($"{part.Name}|{part.FileName}|{part.ContentType}|{length}|{Convert.ToHexStringLower(sha.GetHashAndReset())}\n");
        }

        return Response.Text(200, lines.ToString());
    }

    private static string Line(string name, string? fileName, string? type, byte[] data) =>
        $"{name}|{fileName}|{type}|{data.Length}|{Convert.ToHexStringLower(SHA256.HashData(data))}\n";

    private static byte[] Part(string disposition, string? type, byte[] data) =>
    [
        .. Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: {disposition}\r\n{(type is null ? "" : $"Content-Type: {type}\r\n")}\r\n"),
        .. data,
        .. "\r\n"u8.ToArray(),
    ];

    private static byte[] Close => Encoding.ASCII.GetBytes($"--{Boundary}--\r\n");

    private static async Task<RawResponse> Post(string path, byte[] body, string? contentType = null)
    {
        using var client = s_server.Connect();
        await client.SendAsync([.. Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {contentType ?? $"multipart/form-data; boundary={Boundary}"}\r\nContent-Length: {body.Length}\r\n\r\n"), .. body]);
        return await client.ReadResponseAsync();
    }

    [TestMethod]
    [DataRow("/form")]
    [DataRow("/auto")]
    public async Task FieldsAndFiles_AreRead(string path)
    {
        var file = new byte[100_000];
        new Random(1).NextBytes(file);
        var body = (byte[])[
            .. Part("form-data; name=\"title\"", null, "Hello, world"u8.ToArray()),
            .. Part("form-data; name=\"upload\"; filename=\"photo.bin\"", "application/octet-stream", file),
            .. Part("form-data; name=\"empty\"", null, []),
            .. Close];
        var r = await Post(path, body);
        r.Status.ShouldBe(200);
        r.BodyText.ShouldBe(
            Line("title", null, null, "Hello, world"u8.ToArray())
            + Line("upload", "photo.bin", "application/octet-stream", file)
            + Line("empty", null, null, []));
    }

    /// <summary>A body that holds the boundary text without its CRLF-- framing keeps it as data.</summary>
    [TestMethod]
    public async Task BoundaryLookalike_InData_IsData()
    {
        var data = Encoding.ASCII.GetBytes($"before\r\n--{Boundary}X not a delimiter\r\n--{Boundary}-x\r\n--{Boundary} \tno CRLF");
        var r = await Post("/form", [.. Part("form-data; name=\"f\"", null, data), .. Close]);
        r.BodyText.ShouldBe(Line("f", null, null, data));
    }

    [TestMethod]
    public async Task PreambleAndEpilogue_AreSkipped()
    {
        var r = await Post("/form", [.. "preamble text\r\n"u8.ToArray(), .. Part("form-data; name=\"a\"", null, "1"u8.ToArray()), .. Close, .. "epilogue"u8.ToArray()]);
        r.BodyText.ShouldBe(Line("a", null, null, "1"u8.ToArray()));
    }

    [TestMethod]
    public async Task UnreadPart_IsSkipped()
    {
        var body = (byte[])[
            .. Part("form-data; name=\"a\"", null, new byte[50_000]),
            .. Part("form-data; name=\"b\"", null, "second"u8.ToArray()),
            .. Part("form-data; name=\"c\"", null, "third"u8.ToArray()),
            .. Close];
        (await Post("/second-only", body)).BodyText.ShouldBe("skipped a|second|skipped c");
    }

    [TestMethod]
    public async Task PassedPart_CannotBeRead()
    {
        var body = (byte[])[.. Part("form-data; name=\"a\"", null, "1"u8.ToArray()), .. Part("form-data; name=\"b\"", null, "2"u8.ToArray()), .. Close];
        (await Post("/stale", body)).BodyText.ShouldBe("refused");
    }

    /// <summary>A file part reaches the handler before the client has sent the rest of it: nothing is buffered whole.</summary>
    [TestMethod]
    public async Task FilePart_IsStreamed_BeforeTheBodyEnds()
    {
        var firstBytes = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
        [
            Route.Post("/upload", async req =>
            {
                long total = 0;
                await foreach (var part in req.ReadMultipartAsync())
                {
                    var buffer = new byte[4096];
                    int n;
                    while ((n = await part.ReadAsync(buffer)) > 0)
                    {
                        total += n;
                        firstBytes.TrySetResult(n);
                    }
                }

                return Response.Text(200, total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }).WithBodyMode(BodyMode.Manual),
        ]);
        var head = Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n");
        var half = new byte[200_000];
        var tail = (byte[])[.. "\r\n"u8.ToArray(), .. Close];
        var length = head.Length + (2 * half.Length) + tail.Length;
        using var client = server.Connect();
        await client.SendAsync([.. Encoding.ASCII.GetBytes(
            $"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {length}\r\n\r\n"), .. head, .. half]);

        (await firstBytes.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeGreaterThan(0);
        await client.SendAsync([.. half, .. tail]);
        (await client.ReadResponseAsync()).BodyText.ShouldBe((2 * half.Length).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task ChunkedBody_IsRead()
    {
        var body = (byte[])[.. Part("form-data; name=\"a\"", null, "chunked!"u8.ToArray()), .. Close];
        using var client = s_server.Connect();
        var half = body.Length / 2;
        await client.SendAsync([.. Encoding.ASCII.GetBytes(
            $"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nTransfer-Encoding: chunked\r\n\r\n{half:x}\r\n"),
            .. body[..half], .. Encoding.ASCII.GetBytes($"\r\n{body.Length - half:x}\r\n"), .. body[half..], .. "\r\n0\r\n\r\n"u8.ToArray()]);
        (await client.ReadResponseAsync()).BodyText.ShouldBe(Line("a", null, null, "chunked!"u8.ToArray()));
    }

    /// <summary>A body that ends before the close delimiter is refused: 400, whether it stops in a header, a part or before any.</summary>
    [TestMethod]
    [DataRow("in a part body")]
    [DataRow("in a header")]
    [DataRow("after a part")]
    [DataRow("in the close delimiter")]
    [DataRow("before any part")]
    [DataRow("empty")]
    public async Task Truncated_Is400(string where)
    {
        var whole = (byte[])[.. Part("form-data; name=\"a\"", null, "some data"u8.ToArray()), .. Close];
        var body = where switch
        {
            "in a part body" => whole[..^(Close.Length + 6)],
            "in a header" => Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Dispo"),
            "after a part" => whole[..^Close.Length],
            "in the close delimiter" => whole[..^4],
            "before any part" => "no delimiter at all"u8.ToArray(),
            _ => [],
        };
        (await Post("/form", body)).Status.ShouldBe(400, where);
        (await Post("/caught", body)).BodyText.ShouldBe("400 Body ended before the close delimiter");
    }

    /// <summary>The client leaves mid-body: the handler's read fails and nothing is answered.</summary>
    [TestMethod]
    public async Task ClientGoesAway_MidBody_NoAnswer()
    {
        using var client = s_server.Connect();
        await client.SendAsync([.. Encoding.ASCII.GetBytes(
            $"POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: 100000\r\n\r\n"),
            .. Part("form-data; name=\"a\"", null, new byte[1000])[..500]]);
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        (await client.ReadToEndAsync()).ShouldBeEmpty();
    }

    [TestMethod]
    [DataRow("Content-Disposition form-data")]
    [DataRow(" folded: header")]
    [DataRow("Bad Name: v")]
    [DataRow("Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"")]
    [DataRow("Content-Disposition: ;;")]
    [DataRow("X: a\u0001b")]
    public async Task MalformedPartHeader_Is400(string header)
    {
        var body = (byte[])[.. Encoding.UTF8.GetBytes($"--{Boundary}\r\n{header}\r\n\r\ndata\r\n"), .. Close];
        (await Post("/form", body)).Status.ShouldBe(400);
    }

    [TestMethod]
    public async Task TransportPaddingTooLong_Is400()
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}{new string(' ', 40)}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--{Boundary}--\r\n");
        (await Post("/form", body)).Status.ShouldBe(400);
    }

    [TestMethod]
    public async Task TooManyParts_Is413()
    {
        var body = (byte[])[.. Enumerable.Range(0, 3).SelectMany(i => Part($"form-data; name=\"p{i}\"", null, "x"u8.ToArray())), .. Close];
        (await Post("/limits", body)).Status.ShouldBe(413);
        (await Post("/limits", [.. Part("form-data; name=\"p\"", null, "x"u8.ToArray()), .. Close])).BodyText.ShouldBe("1");
    }

    [TestMethod]
    public async Task TooManyPartHeaders_Is413()
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\nA: 1\r\nB: 2\r\n\r\nx\r\n--{Boundary}--\r\n");
        (await Post("/limits", body)).Status.ShouldBe(413);
    }

    [TestMethod]
    public async Task PartHeaderSectionTooLarge_Is413()
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Big: {new string('x', 9000)}\r\n\r\nx\r\n--{Boundary}--\r\n");
        (await Post("/form", body)).Status.ShouldBe(413);
    }

    [TestMethod]
    public async Task FieldOverItsMaximum_Is413()
        => (await Post("/short-field", [.. Part("form-data; name=\"a\"", null, "12345"u8.ToArray()), .. Close])).Status.ShouldBe(413);

    /// <summary>Not multipart, or no usable boundary: 415 in the exception (the HTTP/1.1 connection answers an escaped one with 400).</summary>
    [TestMethod]
    [DataRow("application/x-www-form-urlencoded")]
    [DataRow("multipart/form-data")]
    [DataRow("multipart/form-data; boundary=")]
    [DataRow("multipart/form-data; boundary=\"unterminated")]
    [DataRow("text/plain; boundary=x")]
    public async Task NotMultipart_Is415(string contentType)
    {
        var body = (byte[])[.. Part("form-data; name=\"a\"", null, "1"u8.ToArray()), .. Close];
        (await Post("/caught", body, contentType)).BodyText.ShouldBe("415 The body is not multipart with a valid boundary");
        (await Post("/form", body, contentType)).Status.ShouldBe(415);
    }

    [TestMethod]
    public async Task Utf8FileName_AndFilenameStar_AreDecoded()
    {
        var body = (byte[])[
            .. Part("form-data; name=\"f\"; filename=\"naïve.txt\"", "text/plain", "1"u8.ToArray()),
            .. Part("form-data; name=\"g\"; filename=\"fallback.txt\"; filename*=UTF-8''%E2%82%AC.txt", null, "2"u8.ToArray()),
            .. Close];
        var r = await Post("/form", body);
        r.BodyText.ShouldBe(Line("f", "naïve.txt", "text/plain", "1"u8.ToArray()) + Line("g", "€.txt", null, "2"u8.ToArray()));
    }

    [TestMethod]
    public async Task Field_NotUtf8_ReadAsString_Is400()
    {
        await using var server = await TestServer.StartAsync(
        [
            Route.Post("/s", async req =>
            {
                await foreach (var part in req.ReadMultipartAsync()) await part.ReadAsStringAsync();
                return Response.Text(200, "read");
            }),
        ]);
        var body = (byte[])[.. Part("form-data; name=\"a\"", null, [0xff, 0xfe]), .. Close];
        using var client = server.Connect();
        await client.SendAsync([.. Encoding.ASCII.GetBytes(
            $"POST /s HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {body.Length}\r\n\r\n"), .. body]);
        (await client.ReadResponseAsync()).Status.ShouldBe(400);
    }
}
