using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.Server.Http1;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>HTTP/1.1 over TLS with a self-signed certificate: ALPN, protocol versions, real clients, and what is refused.</summary>
[TestClass]
public sealed class TlsTests
{
    private static readonly TlsOptions Tls = TlsOptions.SelfSigned("localhost");

    /// <summary>RFC 7301 §3.2: the server selects one protocol from the client's list; a client offering h2 and http/1.1 gets http/1.1.</summary>
    [TestMethod]
    public async Task Alpn_ClientOffersH2AndHttp11_Http11IsNegotiated()
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port, new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });

        ((SslStream)client.Stream).NegotiatedApplicationProtocol.ShouldBe(SslApplicationProtocol.Http11);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello over tls");
    }

    /// <summary>TLS 1.2 and TLS 1.3 are both accepted.</summary>
    [TestMethod]
    [DataRow(SslProtocols.Tls12)]
    [DataRow(SslProtocols.Tls13)]
    public async Task Versions_Tls12AndTls13_BothWork(SslProtocols protocol)
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port, new SslClientAuthenticationOptions { EnabledSslProtocols = protocol });

        ((SslStream)client.Stream).SslProtocol.ShouldBe(protocol);
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("hello over tls");
    }

    /// <summary>RFC 8996: "TLS 1.0 and TLS 1.1 MUST NOT be used"; a client that offers only TLS 1.1 fails the handshake and its slot is freed.</summary>
    [TestMethod]
    public async Task Versions_Tls11OnlyClient_IsRefused_SlotFreed()
    {
        await using var server = await StartAsync();

#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: the server must refuse it.
        var options = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls11 };
#pragma warning restore SYSLIB0039
        var failure = await Should.ThrowAsync<Exception>(() => RawClient.ConnectTlsAsync(server.Port, options));

        (failure is AuthenticationException or IOException).ShouldBeTrue($"unexpected failure: {failure}");
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
        using var good = await RawClient.ConnectTlsAsync(server.Port);
        await good.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
        (await good.ReadResponseAsync()).Status.ShouldBe(200);
    }

    /// <summary>A real client: <see cref="HttpClient"/> over TLS with a validation callback that accepts the self-signed certificate.</summary>
    [TestMethod]
    public async Task HttpClient_WithValidationCallback_GetsHello()
    {
        await using var server = await StartAsync();
        var seenSubject = string.Empty;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    seenSubject = cert?.Subject ?? string.Empty;
                    return true;
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };

        using var response = await http.GetAsync(new Uri($"https://localhost:{server.Port}/hello"));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Version.ShouldBe(new Version(1, 1));
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).ShouldBe("hello over tls");
        seenSubject.ShouldBe("CN=localhost");
    }

    /// <summary>Plain HTTP sent to a TLS port fails the handshake: the connection closes without an HTTP answer and its slot is freed.</summary>
    [TestMethod]
    public async Task PlainHttpOnTlsPort_ClosedWithoutHttpAnswer_SlotFreed()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");

        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue();
        text.ShouldNotStartWith("HTTP/");
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
        server.Listener.Info().RequestsServed.ShouldBe(0);
    }

    /// <summary>A client that connects and never starts the handshake is closed after the handshake timeout, and its slot is freed.</summary>
    [TestMethod]
    public async Task SilentClient_ClosedAfterTheHandshakeTimeout_SlotFreed()
    {
        await using var server = await TestServer.StartAsync(Routes, o => o with { Tls = TlsOptions.SelfSigned() with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) } });
        using var client = server.Connect();
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 1)).ShouldBeTrue();

        (await client.WaitForCloseAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
    }

    /// <summary>Keep-alive and pipelining work the same over TLS: several requests in one write, answered in order on one connection.</summary>
    [TestMethod]
    public async Task Pipelining_OverTls_AnsweredInOrder()
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync(string.Concat(Enumerable.Range(0, 8).Select(i => $"GET /echo/{i} HTTP/1.1\r\nHost: localhost\r\n\r\n")));

        for (var i = 0; i < 8; i++)
            (await client.ReadResponseAsync()).BodyText.ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Listener.Info().ActiveClients.ShouldBe(1);
    }

    /// <summary>RFC 9112 §9.6 over TLS: Connection: close is answered, then the server closes its side cleanly (the client reads an end of stream).</summary>
    [TestMethod]
    public async Task ConnectionClose_OverTls_AnsweredThenClosedCleanly()
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.Header("connection").ShouldBe("close");
    }

    /// <summary>A refusal over TLS is the same as over TCP: the exact status, then the connection closes cleanly.</summary>
    [TestMethod]
    public async Task BadRequest_OverTls_Answers400AndCloses()
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n");

        await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 400 Bad Request");
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
    }

    /// <summary>A chunked stream with a trailer over TLS arrives exactly as over plain TCP.</summary>
    [TestMethod]
    public async Task Stream_OverTls_ChunksAndTrailer()
    {
        await using var server = await StartAsync();
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.Header("transfer-encoding").ShouldBe("chunked");
        response.BodyText.ShouldBe("onetwo");
        response.Trailer("x-done").ShouldBe("yes");
    }

    /// <summary>A push response over TLS ended with Stop: the whole body with its last chunk, then a clean close with nothing logged as an error.</summary>
    [TestMethod]
    public async Task Push_OverTls_StopEndsTheBodyAndClosesCleanly()
    {
        var log = new RecordingLoggerProvider();
        var push = new ResponseShapesTests.RecordingPush();
        await using var server = await TestServer.StartAsync(
            [Route.Get("/push", _ => Response.Push(200, "text/event-stream", push))],
            o => o with { Tls = Tls, LoggerFactory = log.Factory });
        using var client = await RawClient.ConnectTlsAsync(server.Port);
        await client.SendAsync("GET /push HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var ctx = await push.Opened.Task.WaitAsync(TimeSpan.FromSeconds(5));

        ctx.Post("one");
        ctx.Stop();

        var response = await WireAssert.OneResponseThenCloseAsync(client, "HTTP/1.1 200 OK");
        response.BodyText.ShouldBe("open\n\ndata: one\n\n");
        (await push.Closed.Task.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe(PushCloseReason.Stopped);
        (await Eventually.TrueAsync(() => server.Listener.Info().ActiveClients == 0)).ShouldBeTrue();
        log.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
    }

    private static readonly Route[] Routes =
    [
        Route.Get("/hello", _ => Response.Text(200, "hello over tls")),
        Route.Get("/echo/:n", req => Response.Text(200, req.Bindings["n"])),
        Route.Get("/stream", _ => Response.Stream(200, "text/plain", async s =>
        {
            await s.WriteAsync("one"u8.ToArray());
            await s.WriteAsync("two"u8.ToArray());
            s.AddTrailer("x-done", "yes");
        })),
    ];

    private static Task<TestServer> StartAsync(Func<ListenerOptions, ListenerOptions>? configure = null) =>
        TestServer.StartAsync(Routes, o => (configure ?? (x => x))(o with { Tls = Tls }));
}
