using System.Net;
using System.Text;
using System.Threading.Channels;
using Roadrunner.Http1;
using Roadrunner.Server;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Tls;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>What a handler reads from <see cref="Request"/>, checked against the exact bytes sent.</summary>
[TestClass]
public sealed class RequestAccessorTests
{
    /// <summary>RFC 9112 §3: method, request-target as sent, its path (still percent-encoded) and its query.</summary>
    [TestMethod]
    public async Task RequestLine_MethodTargetPathQueryAndBindings()
    {
        var seen = await CaptureAsync("GET /items/42/view%20x?a=1&b=%20 HTTP/1.1\r\nHost: x\r\n\r\n");

        seen.Method.ShouldBe("GET");
        seen.KnownMethod.ShouldBe(KnownMethod.Get);
        seen.Target.ShouldBe("/items/42/view%20x?a=1&b=%20");
        seen.Path.ShouldBe("/items/42/view%20x");
        seen.Query.ShouldBe("a=1&b=%20");
        seen.Bindings.ShouldBe("id=42;rest=view%20x");
    }

    /// <summary>RFC 9110 §9.1: methods are tokens; one the server does not know is passed as sent, with <see cref="KnownMethod.Custom"/>.</summary>
    [TestMethod]
    public async Task RequestLine_CustomMethod_PassedAsSent()
    {
        var seen = await CaptureAsync("PURGE /items/1/x HTTP/1.1\r\nHost: x\r\n\r\n");

        seen.Method.ShouldBe("PURGE");
        seen.KnownMethod.ShouldBe(KnownMethod.Custom);
    }

    /// <summary>An absent query and an empty one both read as an empty query string.</summary>
    [TestMethod]
    [DataRow("/items/1/x", "")]
    [DataRow("/items/1/x?", "")]
    [DataRow("/items/1/x?only", "only")]
    public async Task RequestLine_QueryString(string target, string query)
    {
        (await CaptureAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n")).Query.ShouldBe(query);
    }

    /// <summary>RFC 9112 §3.2.2: for an absolute-form target, Target is the whole URI and Path is its path.</summary>
    [TestMethod]
    public async Task RequestLine_AbsoluteForm_TargetWholePathItsPath()
    {
        var seen = await CaptureAsync("GET http://example.com:8080/items/7/y?z=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");

        seen.Target.ShouldBe("http://example.com:8080/items/7/y?z=1");
        seen.Path.ShouldBe("/items/7/y");
        seen.Query.ShouldBe("z=1");
    }

    /// <summary>
    /// RFC 9110 §5.1: "Field names are case-insensitive". RFC 9110 §5.3: a recipient MAY combine field lines with the
    /// same name "into one field line ... by appending each subsequent field line value to the initial field line
    /// value in order, separated by a comma (",") and optional whitespace". RFC 9112 §5.1: OWS around a value is not
    /// part of it.
    /// </summary>
    [TestMethod]
    public async Task Headers_CaseInsensitiveLookups_GetGetAllGetCombinedTryGetValue()
    {
        var seen = await CaptureAsync(
            "GET /items/1/x HTTP/1.1\r\nHost: example.com\r\nX-Multi: one\r\nx-multi: two,three \r\nAccept:   text/html\t\r\nX-Latin: caf\u00e9\r\nX-Empty:\r\n\r\n");

        seen.HostGet.ShouldBe("example.com");
        seen.MultiGet.ShouldBe("one");
        seen.MultiGetAll.ShouldBe("one|two,three");
        seen.MultiCombined.ShouldBe("one, two,three");
        seen.AcceptBytes.ShouldBe("text/html");
        seen.AcceptIndexer.ShouldBe("text/html");
        seen.Latin.ShouldBe("café");
        seen.Empty.ShouldBe("");
        seen.MissingGet.ShouldBeNull();
        seen.MissingGetAll.ShouldBe(0);
        seen.MissingCombined.ShouldBeNull();
        seen.MissingTryGet.ShouldBeFalse();
        seen.ContainsMulti.ShouldBeTrue();
        seen.HeaderCount.ShouldBe(6);
        seen.HeaderList.ShouldBe("Host=example.com;X-Multi=one;x-multi=two,three;Accept=text/html;X-Latin=café;X-Empty=;");
    }

    /// <summary>RFC 6265 §5.4: cookie pairs from every Cookie line; quotes around a value are not part of it; the first of a repeated name wins.</summary>
    [TestMethod]
    public async Task Cookies_FromEveryCookieLine_FirstOfANameWins()
    {
        var seen = await CaptureAsync("GET /items/1/x HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=\"quoted\"\r\nCookie: a=2;c=3; novalue\r\n\r\n");

        seen.Cookies.ShouldBe("a=1;b=quoted;c=3");
    }

    /// <summary>No Cookie field: an empty cookie table.</summary>
    [TestMethod]
    public async Task Cookies_NoCookieField_Empty()
    {
        (await CaptureAsync("GET /items/1/x HTTP/1.1\r\nHost: x\r\n\r\n")).Cookies.ShouldBe("");
    }

    /// <summary>The peer is the client's address and port as the server's socket sees them.</summary>
    [TestMethod]
    public async Task Peer_IsTheClientsAddressAndPort()
    {
        var capture = new Capture();
        await using var server = await TestServer.StartAsync(capture.Routes);
        using var client = server.Connect();

        await client.SendAsync("GET /items/1/x HTTP/1.1\r\nHost: x\r\n\r\n");
        var seen = await capture.NextAsync();

        seen.Peer!.Address.ShouldBe(IPAddress.Loopback);
        seen.Peer.Port.ShouldBe(client.LocalPort);
    }

    /// <summary>Scheme, protocol and version: <c>http</c> on plain TCP, HTTP/1.1 or HTTP/1.0 as the request line says.</summary>
    [TestMethod]
    [DataRow("HTTP/1.1")]
    [DataRow("HTTP/1.0")]
    public async Task SchemeProtocolVersion_PlainTcp(string version)
    {
        var seen = await CaptureAsync($"GET /items/1/x {version}\r\nHost: x\r\n\r\n");

        seen.Scheme.ShouldBe("http");
        seen.Protocol.ShouldBe(Protocol.Http1);
        seen.Version.ShouldBe(version);
    }

    /// <summary>Over TLS the scheme is <c>https</c>.</summary>
    [TestMethod]
    public async Task Scheme_OverTls_IsHttps()
    {
        var capture = new Capture();
        await using var server = await TestServer.StartAsync(capture.Routes, o => o with { Tls = TlsOptions.SelfSigned() });
        using var client = await RawClient.ConnectTlsAsync(server.Port);

        await client.SendAsync("GET /items/1/x HTTP/1.1\r\nHost: x\r\n\r\n");
        var seen = await capture.NextAsync();

        seen.Scheme.ShouldBe("https");
        seen.Protocol.ShouldBe(Protocol.Http1);
    }

    /// <summary>Every request has its own id, 24 lowercase hex digits, the same each time it is read.</summary>
    [TestMethod]
    public async Task Id_UniquePerRequest_24HexDigits_Stable()
    {
        var capture = new Capture();
        await using var server = await TestServer.StartAsync(capture.Routes);
        using var a = server.Connect();
        using var b = server.Connect();
        var batch = string.Concat(Enumerable.Repeat("GET /items/1/x HTTP/1.1\r\nHost: x\r\n\r\n", 10));

        await a.SendAsync(batch);
        await b.SendAsync(batch);

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var seen = await capture.NextAsync();
            seen.Id.ShouldMatch("^[0-9a-f]{24}$");
            seen.IdAgain.ShouldBe(seen.Id);
            ids.Add(seen.Id);
        }

        ids.Distinct().Count().ShouldBe(20);
    }

    /// <summary>RFC 9112 §6.3: HasBody and ContentLength follow the framing: none, a length, zero length, chunked.</summary>
    [TestMethod]
    [DataRow("", false, null, "")]
    [DataRow("Content-Length: 5\r\n\r\nhello", true, 5L, "hello")]
    [DataRow("Content-Length: 0\r\n\r\n", false, 0L, "")]
    [DataRow("Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", true, null, "abc")]
    public async Task HasBodyAndContentLength_FollowTheFraming(string framing, bool hasBody, long? contentLength, string body)
    {
        var end = framing.Length == 0 ? "\r\n" : string.Empty;
        var seen = await CaptureAsync($"POST /items/1/x HTTP/1.1\r\nHost: x\r\n{framing}{end}");

        seen.HasBody.ShouldBe(hasBody);
        seen.ContentLength.ShouldBe(contentLength);
        seen.Body.ShouldBe(body);
        seen.BodyMode.ShouldBe(BodyMode.Auto);
    }

    /// <summary>The request object is reused on a connection: nothing of the previous request leaks into the next.</summary>
    [TestMethod]
    public async Task KeepAlive_SecondRequest_SeesOnlyItsOwnValues()
    {
        var capture = new Capture();
        await using var server = await TestServer.StartAsync(capture.Routes);
        using var client = server.Connect();

        await client.SendAsync(
            "POST /items/1/first?q=1 HTTP/1.1\r\nHost: x\r\nX-Multi: only-first\r\nCookie: a=1\r\nContent-Length: 3\r\n\r\nabc" +
            "GET /items/2/second HTTP/1.1\r\nHost: y\r\n\r\n");
        var first = await capture.NextAsync();
        var second = await capture.NextAsync();

        first.MultiGet.ShouldBe("only-first");
        second.Method.ShouldBe("GET");
        second.Target.ShouldBe("/items/2/second");
        second.Query.ShouldBe("");
        second.HostGet.ShouldBe("y");
        second.MultiGet.ShouldBeNull();
        second.Cookies.ShouldBe("");
        second.Bindings.ShouldBe("id=2;rest=second");
        second.HasBody.ShouldBeFalse();
        second.ContentLength.ShouldBeNull();
        second.Body.ShouldBe("");
        second.Id.ShouldNotBe(first.Id);
    }

    private static async Task<Snapshot> CaptureAsync(string request)
    {
        var capture = new Capture();
        await using var server = await TestServer.StartAsync(capture.Routes);
        using var client = server.Connect();
        await client.SendAsync(request);
        var seen = await capture.NextAsync();
        (await client.ReadResponseAsync()).Status.ShouldBe(200);
        return seen;
    }

    /// <summary>Everything a handler read, copied out while the request was live.</summary>
    private sealed record Snapshot(
        string Method, KnownMethod KnownMethod, string Target, string Path, string Query, string Bindings,
        string? HostGet, string? MultiGet, string MultiGetAll, string? MultiCombined, string? AcceptBytes, string? AcceptIndexer,
        string? Latin, string? Empty, string? MissingGet, int MissingGetAll, string? MissingCombined, bool MissingTryGet, bool ContainsMulti,
        int HeaderCount, string HeaderList, string Cookies, IPEndPoint? Peer, string Scheme, Protocol Protocol, string Version,
        string Id, string IdAgain, bool HasBody, long? ContentLength, string Body, BodyMode BodyMode);

    private sealed class Capture
    {
        private readonly Channel<Snapshot> _seen = Channel.CreateUnbounded<Snapshot>();

        public Route[] Routes => [Route.Map("/items/:id/*rest", Handle)];

        public async Task<Snapshot> NextAsync() => await _seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        private Response Handle(Request req)
        {
            var h = req.Headers;
            var accept = h.TryGetValue("ACCEPT"u8, out var acceptBytes) ? Encoding.Latin1.GetString(acceptBytes) : null;
            var snapshot = new Snapshot(
                req.Method, req.KnownMethod, req.Target, req.Path, req.QueryString,
                string.Join(";", req.Bindings.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}={b.Value}")),
                h.Get("HOST"), h.Get("x-MULTI"), string.Join("|", h.GetAll("X-Multi")), h.GetCombined("x-multi"), accept, h["accept"],
                h.Get("x-latin"), h.Get("x-empty"), h.Get("x-missing"), h.GetAll("x-missing").Count, h.GetCombined("x-missing"),
                h.TryGetValue("x-missing"u8, out _), h.Contains("X-MULTI"),
                h.Count, string.Concat(h.Select(f => $"{f.Key}={f.Value};")),
                string.Join(";", req.Cookies.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")),
                req.Peer, req.Scheme, req.Protocol, req.Version, req.Id, req.Id, req.HasBody, req.ContentLength,
                Encoding.ASCII.GetString(req.Body.Span), req.BodyMode);
            _seen.Writer.TryWrite(snapshot);
            return Response.Text(200, "seen");
        }
    }
}
