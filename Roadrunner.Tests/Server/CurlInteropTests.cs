using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>The server against curl, a real HTTP/1.1 client: plain, HEAD, HTTP/1.0, TLS, 100-continue uploads, chunked uploads, raw chunked downloads.</summary>
[TestClass]
public sealed class CurlInteropTests
{
    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello")),
        Route.Get("/version", req => Response.Text(200, req.Version)),
        Route.Post("/upload", req => Response.Text(200,
            $"{req.Body.Length} expect={req.Headers.Get("expect") ?? "-"} te={req.Headers.Get("transfer-encoding") ?? "-"} sum={Checksum(req.Body.Span)}")),
        Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
        {
            await s.WriteAsync("hello "u8.ToArray());
            await s.WriteAsync("world"u8.ToArray());
            s.AddTrailer("x-checksum", "abc123");
        })),
    ];

    /// <summary><c>curl -s</c>: the body, exactly, and a zero exit code.</summary>
    [TestMethod]
    public async Task Silent_Get_PrintsTheBody()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", "--fail", $"http://127.0.0.1:{server.Port}/hello");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("hello");
    }

    /// <summary><c>curl -i</c>: the status line and fields as the server wrote them, then the body.</summary>
    [TestMethod]
    public async Task Include_ShowsStatusLineAndFields()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", "-i", $"http://127.0.0.1:{server.Port}/hello");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        result.Text.ShouldContain("content-type: text/plain; charset=utf-8\r\n");
        result.Text.ShouldContain("Content-Length: 5\r\n");
        result.Text.ShouldEndWith("\r\n\r\nhello");
    }

    /// <summary><c>curl -I</c> sends HEAD (RFC 9110 §9.3.2): the GET fields including Content-Length, no body, and curl is satisfied.</summary>
    [TestMethod]
    public async Task Head_ShowsFieldsWithoutBody()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", "-I", $"http://127.0.0.1:{server.Port}/hello");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldStartWith("HTTP/1.1 200 OK\r\n");
        result.Text.ShouldContain("Content-Length: 5\r\n");
        result.Text.ShouldEndWith("\r\n\r\n");
    }

    /// <summary><c>curl --http1.0</c>: the handler sees HTTP/1.0 and the server closes after the response (RFC 9112 §9.3).</summary>
    [TestMethod]
    public async Task Http10_HandlerSeesHttp10_ServerSaysClose()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", "-i", "--http1.0", $"http://127.0.0.1:{server.Port}/version");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldContain("connection: close\r\n");
        result.Text.ShouldEndWith("\r\n\r\nHTTP/1.0");
    }

    /// <summary><c>curl -k https://</c>: TLS with the self-signed certificate, ALPN settles on http/1.1.</summary>
    [TestMethod]
    public async Task Https_Insecure_GetsTheBodyOverHttp11()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { Tls = TlsOptions.SelfSigned() });

        var result = await Curl.RunAsync("-s", "-k", "-v", $"https://127.0.0.1:{server.Port}/hello");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("hello");
        result.Error.ShouldContain("ALPN", Case.Insensitive);
        result.Error.ShouldContain("http/1.1");
        result.Error.ShouldContain("< HTTP/1.1 200 OK");
    }

    /// <summary>
    /// <c>curl -d @file</c> with a body large enough that curl sends <c>Expect: 100-continue</c> and waits: the
    /// server answers 100 (RFC 9110 §10.1.1), curl sends the body, and the handler gets every byte.
    /// </summary>
    [TestMethod]
    public async Task PostFile_LargeEnoughForExpectContinue_ServerSends100_BodyArrivesWhole()
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var file = TempFile.Create(Letters(1_500_000), ".txt");

        var result = await Curl.RunAsync("-s", "-v", "-d", "@" + file.Path, $"http://127.0.0.1:{server.Port}/upload");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("> Expect: 100-continue");
        result.Error.ShouldContain("< HTTP/1.1 100 Continue");
        result.Text.ShouldBe($"1500000 expect=100-continue te=- sum={Checksum(file.Content)}");
    }

    /// <summary><c>curl -H 'Transfer-Encoding: chunked'</c>: a chunked upload (RFC 9112 §7.1) is decoded into the whole body.</summary>
    [TestMethod]
    public async Task PostChunked_BodyDecodedWhole()
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var file = TempFile.Create(Letters(300_000), ".txt");

        var result = await Curl.RunAsync("-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file.Path, $"http://127.0.0.1:{server.Port}/upload");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldStartWith("300000 ");
        result.Text.ShouldContain(" te=chunked ");
        result.Text.ShouldEndWith($"sum={Checksum(file.Content)}");
    }

    /// <summary><c>curl --raw</c> leaves the transfer coding alone: the chunk framing and the trailer after the last chunk are visible (RFC 9112 §7.1).</summary>
    [TestMethod]
    public async Task Raw_StreamShowsChunkFramingAndTrailer()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", "--raw", $"http://127.0.0.1:{server.Port}/stream");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("6\r\nhello \r\n5\r\nworld\r\n0\r\nx-checksum: abc123\r\n\r\n");
    }

    /// <summary>Without <c>--raw</c>, curl decodes the same stream to its body.</summary>
    [TestMethod]
    public async Task Stream_DecodedByCurl()
    {
        await using var server = await TestServer.StartAsync(Routes);

        var result = await Curl.RunAsync("-s", $"http://127.0.0.1:{server.Port}/stream");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("hello world");
    }

    /// <summary>RFC 9112 §9.3: curl keeps the connection and reuses it for the next URL on the same server.</summary>
    [TestMethod]
    public async Task TwoUrls_OneConnectionReused()
    {
        await using var server = await TestServer.StartAsync(Routes);
        var url = $"http://127.0.0.1:{server.Port}/hello";

        var result = await Curl.RunAsync("-s", "-v", url, url);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Text.ShouldBe("hellohello");
        result.Error.ShouldContain("Re-using existing connection");
    }

    private static byte[] Letters(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)('a' + (i * 31 % 26));
        return bytes;
    }

    private static string Checksum(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data))[..16];
}
