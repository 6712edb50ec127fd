using System.Text;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http1;

/// <summary>
/// The HTTP/1.1 head and body limits (request line 8192, header line 8192, header block 10240, 100 fields,
/// max_content_length), Host and version rules: each refusal has its exact status and closes the connection.
/// </summary>
[TestClass]
public sealed class LimitsTests
{
    private const int MaxContentLength = 1000;

    /// <summary>RFC 9112 §3: "A server that receives a request-target longer than any URI it wishes to parse MUST respond with a 414 (URI Too Long) status code."</summary>
    [TestMethod]
    public async Task RequestLine_OneOverTheLimit_Answers414AndCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync(RequestLine(8193) + "\r\nHost: x\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 414 URI Too Long");
    }

    /// <summary>The limit is checked before the line ends: a server need not wait for the rest of an over-long line.</summary>
    [TestMethod]
    public async Task RequestLine_OverTheLimitAndStillGoing_Answers414WithoutWaitingForItsEnd()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /" + new string('a', 9000));

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 414 URI Too Long");
    }

    /// <summary>A request line of exactly 8192 bytes is within the limit.</summary>
    [TestMethod]
    public async Task RequestLine_ExactlyAtTheLimit_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync(RequestLine(8192) + "\r\nHost: x\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 200 OK");
        response.BodyText.Length.ShouldBe(8192 - "GET /any/ HTTP/1.1".Length);
    }

    /// <summary>RFC 6585 §5: "The 431 status code indicates that the server is unwilling to process the request because its header fields are too large."</summary>
    [TestMethod]
    public async Task HeaderLine_OneOverTheLimit_Answers431AndCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\nHost: x\r\n" + FieldLine("X-Long", 8193) + "\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 431 Request Header Fields Too Large");
    }

    /// <summary>A field line of exactly 8192 bytes is within the limit.</summary>
    [TestMethod]
    public async Task HeaderLine_ExactlyAtTheLimit_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\nHost: x\r\n" + FieldLine("X-Long", 8192) + "\r\n\r\n");

        (await client.ReadResponseAsync()).StatusLine.ShouldBe("HTTP/1.1 200 OK");
    }

    /// <summary>RFC 6585 §5: 431 "can be used both when the set of request header fields in total is too large, and when a single header field is at fault."</summary>
    [TestMethod]
    public async Task HeaderBlock_OneOverTheLimit_Answers431AndCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\n" + HeaderBlock(10241) + "\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 431 Request Header Fields Too Large");
    }

    /// <summary>A header section of exactly 10240 bytes (field lines with their CRLFs) is within the limit.</summary>
    [TestMethod]
    public async Task HeaderBlock_ExactlyAtTheLimit_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\n" + HeaderBlock(10240) + "\r\n");

        (await client.ReadResponseAsync()).StatusLine.ShouldBe("HTTP/1.1 200 OK");
    }

    /// <summary>RFC 6585 §5: more fields than the server takes is a 431.</summary>
    [TestMethod]
    public async Task HeaderCount_OneOverTheLimit_Answers431AndCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\nHost: x\r\n" + Fields(100) + "\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 431 Request Header Fields Too Large");
    }

    /// <summary>Exactly 100 fields (Host and 99 more) are within the limit.</summary>
    [TestMethod]
    public async Task HeaderCount_ExactlyAtTheLimit_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\nHost: x\r\n" + Fields(99) + "\r\n");

        (await client.ReadResponseAsync()).StatusLine.ShouldBe("HTTP/1.1 200 OK");
    }

    /// <summary>
    /// RFC 9110 §15.5.14: "The 413 (Content Too Large) status code indicates that the server is refusing to process
    /// a request because the request content is larger than the server is willing or able to process. The server
    /// MAY terminate the request, if the protocol version in use allows it; otherwise, the server MUST close the
    /// connection." The answer comes from the declared length alone: no body byte is sent.
    /// </summary>
    [TestMethod]
    public async Task DeclaredContentLength_OverTheLimit_Answers413WithoutReadingTheBody()
    {
        var calls = 0;
        await using var server = await StartAsync(() => Interlocked.Increment(ref calls));
        using var client = server.Connect();

        await client.SendAsync($"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {MaxContentLength + 1}\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
        calls.ShouldBe(0);
    }

    /// <summary>A declared length exactly at the limit is read and handed to the handler.</summary>
    [TestMethod]
    public async Task DeclaredContentLength_ExactlyAtTheLimit_IsRead()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync($"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {MaxContentLength}\r\n\r\n" + new string('b', MaxContentLength));

        (await client.ReadResponseAsync()).BodyText.ShouldBe(MaxContentLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 9110 §15.5.14: a chunked body that grows past the limit is a 413, and the connection closes.</summary>
    [TestMethod]
    public async Task ChunkedBody_GrowingOverTheLimit_Answers413AndCloses()
    {
        var calls = 0;
        await using var server = await StartAsync(() => Interlocked.Increment(ref calls));
        using var client = server.Connect();
        var chunk = new string('c', 600);

        await client.SendAsync($"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 413 Content Too Large");
        calls.ShouldBe(0);
    }

    /// <summary>RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host header field".</summary>
    [TestMethod]
    public async Task Host_MissingInHttp11_Answers400AndCloses()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.1\r\nX-Other: 1\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 400 Bad Request");
    }

    /// <summary>RFC 9112 §3.2: a server MUST respond with 400 "to any request message that contains more than one Host header field line".</summary>
    [TestMethod]
    [DataRow("Host: x\r\nHost: x\r\n")]
    [DataRow("Host: a\r\nhost: b\r\n")]
    public async Task Host_TwoFieldLines_Answers400AndCloses(string fields)
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync($"GET /any/x HTTP/1.1\r\n{fields}\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 400 Bad Request");
    }

    /// <summary>RFC 9112 §3.2: Host is required of HTTP/1.1 only; an HTTP/1.0 request without it is served.</summary>
    [TestMethod]
    public async Task Host_MissingInHttp10_IsServed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /any/x HTTP/1.0\r\n\r\n");

        (await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK")).BodyText.ShouldBe("x");
    }

    /// <summary>
    /// RFC 9110 §15.6.6: "The 505 (HTTP Version Not Supported) status code indicates that the server does not
    /// support, or refuses to support, the major version of HTTP that was used in the request message."
    /// </summary>
    [TestMethod]
    [DataRow("HTTP/2.0")]
    [DataRow("HTTP/3.0")]
    [DataRow("HTTP/1.2")]
    [DataRow("HTTP/0.9")]
    public async Task Version_OtherThan10Or11_Answers505AndCloses(string version)
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync($"GET /any/x {version}\r\nHost: x\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 505 HTTP Version Not Supported");
    }

    /// <summary>RFC 9112 §2.3: <c>HTTP-version = HTTP-name "/" DIGIT "." DIGIT</c>; anything else is a 400.</summary>
    [TestMethod]
    [DataRow("HTTP/1.10")]
    [DataRow("http/1.1")]
    [DataRow("HTTP/11")]
    public async Task Version_Malformed_Answers400AndCloses(string version)
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync($"GET /any/x {version}\r\nHost: x\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 400 Bad Request");
    }

    /// <summary>A request line of <paramref name="length"/> bytes (without CRLF) to <c>/any/aaa…</c>.</summary>
    private static string RequestLine(int length)
    {
        var fixedPart = "GET /any/ HTTP/1.1".Length;
        return "GET /any/" + new string('a', length - fixedPart) + " HTTP/1.1";
    }

    /// <summary>One field line of <paramref name="length"/> bytes without its CRLF.</summary>
    private static string FieldLine(string name, int length) => name + ": " + new string('v', length - name.Length - 2);

    /// <summary>Host and filler fields whose lines with their CRLFs add up to <paramref name="length"/> bytes.</summary>
    private static string HeaderBlock(int length)
    {
        var text = new StringBuilder("Host: x\r\n");
        var left = length - text.Length;
        var i = 0;
        while (left > 0)
        {
            var line = Math.Min(left, 4000);
            if (left - line is > 0 and < 16) line = left - 16;
            text.Append(FieldLine($"X-F{i++}", line - 2)).Append("\r\n");
            left -= line;
        }

        text.Length.ShouldBe(length);
        return text.ToString();
    }

    private static string Fields(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append("X-N").Append(i).Append(": v\r\n");
        return text.ToString();
    }

    private static Task<TestServer> StartAsync(Action? onUpload = null) => TestServer.StartAsync(
    [
        Route.Get("/any/*rest", req => Response.Text(200, req.Bindings["rest"])),
        Route.Post("/upload", req =>
        {
            onUpload?.Invoke();
            return Response.Text(200, req.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }),
    ], o => o with { MaxContentLength = MaxContentLength });
}
