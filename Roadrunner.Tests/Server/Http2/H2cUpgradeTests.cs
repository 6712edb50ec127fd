using System.Text;
using Roadrunner.Http2.Frames;
using Roadrunner.Server;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Http2.Support;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Http2;

/// <summary>
/// A cleartext listener that speaks HTTP/1.1 and HTTP/2: <c>Upgrade: h2c</c> (RFC 7540 §3.2) switches a request
/// without content to HTTP/2 and answers it on stream 1; the HTTP/2 preface (prior knowledge, RFC 9113 §3.3) is
/// accepted on the same port; everything else stays HTTP/1.1, and over TLS the Upgrade is ignored.
/// </summary>
[TestClass]
public sealed class H2cUpgradeTests
{
    // An empty SETTINGS payload, base64url: the empty string; one setting (INITIAL_WINDOW_SIZE = 1 MiB): AAQAEAAA.
    private const string UpgradeRequest =
        "GET /who HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAQAEAAA\r\n\r\n";

    private static readonly Route[] Routes =
    [
        Route.Get("/who", req => Response.Text(200, $"{req.Version} {req.Method} {req.Path}")),
        Route.Post("/who", req => Response.Text(200, $"{req.Version} {req.Body.Length}")),
    ];

    private static Task<TestServer> StartAsync(TlsOptions? tls = null) =>
        TestServer.StartAsync(Routes, o => o with { Protocols = [Protocol.Http1, Protocol.Http2], Tls = tls });

    /// <summary>101 with <c>Upgrade: h2c</c>, then the server preface, then the response to the same request on stream 1.</summary>
    [TestMethod]
    public async Task Upgrade_101_ThenTheResponseOnStream1()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        await client.SendAsync(UpgradeRequest);

        var head = await client.ReadResponseHeadAsync();
        head.ShouldStartWith("HTTP/1.1 101 Switching Protocols\r\n");
        head.ShouldContain("upgrade: h2c\r\n");

        // RFC 7540 §3.2: the client sends its preface after the 101.
        using var wire = H2Wire.Adopt(client.Socket, client.Stream, Encoding.Latin1.GetBytes(client.Unread));
        await wire.SendAsync(new FrameBuilder().Preface().Settings());
        (await wire.ReadFrameAsync())!.Type.ShouldBe(Http2FrameType.SETTINGS);
        var response = await wire.ReadResponseAsync(1);

        response.Status.ShouldBe(200);
        response.BodyText.ShouldBe("HTTP/2 GET /who");
    }

    /// <summary>A request with content is answered in HTTP/1.1: the upgrade is optional and the body would have to be read first.</summary>
    [TestMethod]
    public async Task UpgradeWithABody_StaysHttp11()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("POST /who HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAQAEAAA\r\nContent-Length: 3\r\n\r\nabc");
        var response = await client.ReadResponseAsync();

        response.Status.ShouldBe(200);
        response.BodyText.ShouldBe("HTTP/1.1 3");
    }

    /// <summary>RFC 7540 §3.2.1: without HTTP2-Settings named in Connection the server must not upgrade.</summary>
    [TestMethod]
    public async Task UpgradeWithoutHttp2SettingsInConnection_StaysHttp11()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /who HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nHTTP2-Settings: AAQAEAAA\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("HTTP/1.1 GET /who");
    }

    /// <summary>HTTP2-Settings that is not a SETTINGS payload (not a multiple of six octets) means no upgrade.</summary>
    [TestMethod]
    public async Task UpgradeWithBadSettings_StaysHttp11()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /who HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAQA\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("HTTP/1.1 GET /who");
    }

    /// <summary>Over TLS, <c>Upgrade: h2c</c> is ignored (h2c is cleartext only; TLS uses ALPN).</summary>
    [TestMethod]
    public async Task UpgradeOverTls_Ignored()
    {
        await using var server = await StartAsync(TlsOptions.SelfSigned("localhost"));
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync(UpgradeRequest);

        (await client.ReadResponseAsync()).BodyText.ShouldBe("HTTP/1.1 GET /who");
    }

    /// <summary>The HTTP/2 preface on the same port is HTTP/2 with prior knowledge; an HTTP/1.1 client on another connection is unaffected.</summary>
    [TestMethod]
    public async Task PriorKnowledge_OnTheSamePort()
    {
        await using var server = await StartAsync();
        using var wire = await H2Wire.ConnectAsync(server.Port);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/who"), endStream: true));
        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("HTTP/2 GET /who");

        using var h1 = server.Connect();
        await h1.SendAsync("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
        (await h1.ReadResponseAsync()).BodyText.ShouldBe("HTTP/1.1 GET /who");
    }

    /// <summary>The preface split across writes is still recognised (the first bytes only say "maybe").</summary>
    [TestMethod]
    public async Task PriorKnowledge_PrefaceInPieces()
    {
        await using var server = await StartAsync();
        using var wire = await H2Wire.ConnectAsync(server.Port, preface: false);
        var preface = new FrameBuilder().Preface().Settings().ToArray();
        await wire.SendAsync(preface[..5]);
        await wire.SendAsync(preface[5..17]);
        await wire.SendAsync(preface[17..]);
        await wire.SendAsync(new FrameBuilder().Headers(1, HeaderBlock.Request("GET", "/who"), endStream: true));

        (await wire.ReadResponseAsync(1)).BodyText.ShouldBe("HTTP/2 GET /who");
    }
}
