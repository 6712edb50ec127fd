using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Roadrunner.Server;
using Roadrunner.Server.Compression;
using Roadrunner.Server.Cookies;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Ndjson;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Server.Sse;
using Roadrunner.Server.WebSockets;
using Roadrunner.Tests.Server.WebSockets.Support;
using Roadrunner.Tests.TestSupport;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Shouldly;

namespace Roadrunner.Tests.Docs;

/// <summary>
/// The examples of <c>docs/*.md</c>, compiled and exercised here. <see cref="EveryDocExample_IsInThisFile"/> fails when
/// a code block in a doc is not found, line for line, in this file.
/// </summary>
[TestClass]
public sealed partial class DocsExamplesTests
{
    private static async Task<Listener> StartAsync(IReadOnlyList<Route> routes, params IReadOnlyList<Roadrunner.Server.Handlers.Middleware> middlewares) =>
        await RoadrunnerServer.StartAsync("docs", new ListenerOptions { Address = IPAddress.Loopback, Port = 0, Routes = routes, Middlewares = middlewares });

    [TestMethod]
    public async Task StaticFiles_Example()
    {
        using var tree = new TempTree("rr-docs-static");
        var wwwroot = tree.Root;
        tree.Write("app.js", "let x = 1;");

        // docs/static-files.md
        Route[] routes =
        [
            Route.Map("/static/*path", StaticFiles.From(wwwroot, new StaticFileOptions
            {
                CacheControl = "public, max-age=3600",   // on 200, 206 and 304
                IndexFile = "index.html",                // a folder serves this file, or 404
                Symlinks = SymlinkPolicy.RefuseEscapes,  // links may not lead out of wwwroot
                ServePrecompressed = true,               // app.js.br / app.js.gz when the client accepts them
            })),
        ];

        await using var listener = await StartAsync(routes);
        var r = await Exchange.GetAsync(listener.Port, "/static/app.js");
        r.BodyText.ShouldBe("let x = 1;");
        r.Header("cache-control").ShouldBe("public, max-age=3600");
        (await Exchange.GetAsync(listener.Port, "/static/app.js", $"If-None-Match: {r.Header("etag")}")).Status.ShouldBe(304);
    }

    [TestMethod]
    public async Task Compression_Example()
    {
        var report = string.Concat(Enumerable.Repeat("quarterly numbers, all up\n", 100));

        // docs/compression.md
        var options = new ListenerOptions
        {
            Port = 8080,
            Routes = [Route.Get("/report", _ => Response.Text(200, report))],
            Middlewares =
            [
                ResponseCompression.Create(new CompressionOptions
                {
                    Codings = [ContentCoding.Brotli, ContentCoding.Gzip],   // no deflate
                    MinimumSize = 512,
                    BrotliQuality = 5,
                }),
            ],
        };

        await using var listener = await RoadrunnerServer.StartAsync("docs", options with { Address = IPAddress.Loopback, Port = 0 });
        var r = await Exchange.GetAsync(listener.Port, "/report", "Accept-Encoding: gzip, deflate, br");
        r.Header("content-encoding").ShouldBe("br");
        Encoding.UTF8.GetString(Exchange.Decode(r.Body, "br")).ShouldBe(report);
        (await Exchange.GetAsync(listener.Port, "/report", "Accept-Encoding: deflate")).Header("content-encoding").ShouldBeNull();
    }

    [TestMethod]
    public async Task Cookies_Example()
    {
        // docs/cookies.md
        Route[] routes =
        [
            Route.Get("/whoami", req =>
            {
                var session = req.Cookies.TryGetValue("sid", out var sid) ? sid : null;
                var cookie = new SetCookie("sid", session ?? "s3cr3t-session-id")
                {
                    Path = "/",
                    HttpOnly = true,
                    Secure = true,
                    SameSite = CookieSameSite.Lax,
                    MaxAge = 3600,
                };
                return Response.Text(200, session ?? "anonymous").WithHeader("set-cookie", cookie.ToHeaderValue());
            }),
        ];

        await using var listener = await StartAsync(routes);
        var first = await Exchange.GetAsync(listener.Port, "/whoami");
        first.BodyText.ShouldBe("anonymous");
        first.Header("set-cookie").ShouldBe("sid=s3cr3t-session-id; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax");
        (await Exchange.GetAsync(listener.Port, "/whoami", "Cookie: sid=abc; theme=dark")).BodyText.ShouldBe("abc");
    }

    [TestMethod]
    public async Task FormsAndQuery_Example()
    {
        // docs/forms-and-query.md
        Route[] routes =
        [
            Route.Get("/search", req =>
            {
                if (!req.QueryError.IsNone) return Response.Text(400, req.QueryError.Reason);
                var q = req.Query.Get("q") ?? "";                 // "café au lait" from ?q=caf%C3%A9+au+lait
                var tags = req.Query.GetAll("tag");               // every ?tag=, in order
                return Response.Text(200, $"{q} [{string.Join(",", tags)}]");
            }),
            Route.Post("/contact", async req =>
            {
                var form = await req.ReadFormAsync();             // 415, 413 and 400 escape as RequestBodyException
                return Response.Text(200, $"thanks, {form.Get("name")}");
            }),
        ];

        await using var listener = await StartAsync(routes);
        (await Exchange.GetAsync(listener.Port, "/search?q=caf%C3%A9+au+lait&tag=a&tag=b")).BodyText.ShouldBe("café au lait [a,b]");
        (await Exchange.GetAsync(listener.Port, "/search?q=%ff")).Status.ShouldBe(400);
        var r = await Exchange.PostAsync(listener.Port, "/contact", "application/x-www-form-urlencoded", "name=Ada+Lovelace");
        r.BodyText.ShouldBe("thanks, Ada Lovelace");
    }

    [TestMethod]
    public async Task Multipart_Example()
    {
        using var tree = new TempTree("rr-docs-multipart");
        var uploads = tree.Root;

        // docs/multipart.md
        Route[] routes =
        [
            Route.Post("/upload", async req =>
            {
                var saved = new List<string>();
                await foreach (var part in req.ReadMultipartAsync())
                {
                    if (!part.IsFile) continue;                      // a plain field: part.ReadAsStringAsync()
                    var name = Path.GetRandomFileName();             // never use part.FileName as a path
                    await using var file = File.Create(Path.Combine(uploads, name));
                    await part.CopyToAsync(file);                    // streamed, never held whole
                    saved.Add(name);
                }

                return Response.Text(200, $"{saved.Count} file(s)");
            }).WithBodyMode(BodyMode.Manual),
        ];

        await using var listener = await StartAsync(routes);
        const string body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n";
        var r = await Exchange.PostAsync(listener.Port, "/upload", "multipart/form-data; boundary=b", body);
        r.BodyText.ShouldBe("1 file(s)");
        File.ReadAllText(Directory.GetFiles(uploads).Single()).ShouldBe("hello");
    }

    [TestMethod]
    public async Task SseAndNdjson_Example()
    {
        var ticker = new Ticker();

        // docs/sse-and-ndjson.md
        Route[] routes =
        [
            Route.Get("/events", _ => SseResponse.Create(ticker, new SseResponseOptions
            {
                Retry = TimeSpan.FromSeconds(2),                 // sent first: the client's reconnection delay
                KeepAliveInterval = TimeSpan.FromSeconds(15),    // ": keep-alive" after 15 s without a write
            })),
            Route.Get("/numbers", _ => NdjsonResponse.Create(Numbers(3), DocsJson.Default.Number)),
        ];

        await using var listener = await StartAsync(routes);
        using var client = RawClient.Connect(listener.Port);
        await client.SendAsync("GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 41\r\n\r\n");
        await client.ReadResponseHeadAsync();
        var events = new ChunkedReader(client);
        Encoding.UTF8.GetString((await events.ReadChunkAsync())!).ShouldBe("retry: 2000\n\n");
        Encoding.UTF8.GetString((await events.ReadChunkAsync())!).ShouldBe("event: hello\ndata: resuming after 41\n\n");
        ticker.Post("12:00:00");
        Encoding.UTF8.GetString((await events.ReadChunkAsync())!).ShouldBe("event: tick\ndata: 12:00:00\n\n");

        (await Exchange.GetAsync(listener.Port, "/numbers")).BodyText.ShouldBe("{\"value\":0}\n{\"value\":1}\n{\"value\":2}\n");
    }

    // docs/sse-and-ndjson.md
    private sealed class Ticker : IPushHandler
    {
        private readonly ConditionalWeakTable<PushContext, object> _open = [];

        public void Post(string time)
        {
            foreach (var (context, _) in _open) context.Post(time);   // thread-safe; dropped if a client is slow
        }

        public ValueTask OnOpenAsync(PushContext context)
        {
            _open.Add(context, new object());
            var resumeFrom = context.Request.LastEventId;              // null on a first connection
            return context.SendEventAsync(new SseEvent { Event = "hello", Data = resumeFrom is null ? "welcome" : $"resuming after {resumeFrom}" });
        }

        public ValueTask OnMessageAsync(PushContext context, object message) =>
            context.SendEventAsync(new SseEvent { Event = "tick", Data = (string)message });

        public ValueTask OnCloseAsync(PushContext context, PushCloseReason reason)
        {
            _open.Remove(context);
            return ValueTask.CompletedTask;
        }
    }

    // docs/sse-and-ndjson.md
    private static async IAsyncEnumerable<Number> Numbers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();                                          // a query, a queue, a sensor...
            yield return new Number(i);
        }
    }

    internal sealed record Number([property: JsonPropertyName("value")] int Value);

    [JsonSerializable(typeof(Number))]
    internal sealed partial class DocsJson : JsonSerializerContext;

    [TestMethod]
    public async Task WebSockets_Example()
    {
        // docs/websockets.md
        var room = new ChatRoom();
        Route[] routes =
        [
            Route.Get("/chat", _ => Response.WebSocket(room, new WebSocketOptions
            {
                MaxMessageSize = 64 * 1024,                              // 1009 beyond it (default 10 MB)
                PerMessageDeflate = PerMessageDeflateOptions.Default,     // accept permessage-deflate offers
                Subprotocols = ["chat.v2", "chat.v1"],                   // the first of these the client offers
            }, keepAliveInterval: TimeSpan.FromSeconds(30))),            // a Ping after 30 s of silence
        ];

        await using var listener = await StartAsync(routes);
        using var ada = await ClientSockets.ConnectAsync(listener.Port, "/chat?name=ada", o => o.AddSubProtocol("chat.v1"));
        using var bob = await ClientSockets.ConnectAsync(listener.Port, "/chat?name=bob", o => o.AddSubProtocol("chat.v1"));
        Encoding.UTF8.GetString((await ada.ReceiveMessageAsync()).Payload).ShouldBe("welcome, ada (chat.v1)");
        Encoding.UTF8.GetString((await bob.ReceiveMessageAsync()).Payload).ShouldBe("welcome, bob (chat.v1)");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ada.SendAsync("hi all"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, timeout.Token);
        Encoding.UTF8.GetString((await ada.ReceiveMessageAsync()).Payload).ShouldBe("ada: hi all");
        Encoding.UTF8.GetString((await bob.ReceiveMessageAsync()).Payload).ShouldBe("ada: hi all");

        await bob.SendAsync(new byte[] { 1 }, System.Net.WebSockets.WebSocketMessageType.Binary, true, timeout.Token);
        (await bob.ReceiveMessageAsync()).Type.ShouldBe(System.Net.WebSockets.WebSocketMessageType.Close);
        bob.CloseStatus.ShouldBe(System.Net.WebSockets.WebSocketCloseStatus.InvalidMessageType);
    }

    // docs/websockets.md
    private sealed class ChatRoom : IWebSocketHandler
    {
        private readonly ConcurrentDictionary<WebSocketContext, string> _members = new();

        public ValueTask OnOpenAsync(WebSocketContext context)
        {
            var name = context.Request.Query.Get("name") ?? "anonymous";
            _members[context] = name;
            return context.SendTextAsync($"welcome, {name} ({context.Subprotocol})");
        }

        public ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message)
        {
            if (!message.IsText) return context.CloseAsync(WebSocketCloseCode.UnsupportedData, "text only");
            var line = $"{_members[context]}: {message.GetText()}";     // the payload is only valid during this call
            foreach (var member in _members.Keys) member.Post(line);     // never waits; dropped for a client too slow to read
            return ValueTask.CompletedTask;
        }

        public ValueTask OnCloseAsync(WebSocketContext context, WebSocketCloseCode code, string reason)
        {
            _members.TryRemove(context, out _);                          // 1000 when it said goodbye, 1001 on drain, 1006 if it vanished
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Every <c>```csharp</c> block of <c>docs/*.md</c> appears in this file, line for line (indentation aside).</summary>
    [TestMethod]
    public void EveryDocExample_IsInThisFile()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Roadrunner.sln"))) root = root.Parent;
        root.ShouldNotBeNull("the repository root (with Roadrunner.sln) above the test output");
        var source = Lines(File.ReadAllText(Path.Combine(root.FullName, "Roadrunner.Tests", "Docs", "DocsExamplesTests.cs")));
        // benchmarks.md and fuzzing.md are method and figures, with shell commands only; every other doc teaches an API by example.
        var docs = Directory.GetFiles(Path.Combine(root.FullName, "docs"), "*.md").Where(d => Path.GetFileName(d) is not ("benchmarks.md" or "fuzzing.md")).ToArray();
        docs.Length.ShouldBe(7);
        foreach (var doc in docs)
        {
            var blocks = CodeBlock().Matches(File.ReadAllText(doc)).Select(m => Lines(m.Groups["code"].Value)).ToList();
            blocks.ShouldNotBeEmpty($"{Path.GetFileName(doc)} has a csharp example");
            foreach (var block in blocks)
            {
                var found = Enumerable.Range(0, source.Count - block.Count + 1).Any(i => source.Skip(i).Take(block.Count).SequenceEqual(block));
                found.ShouldBeTrue($"{Path.GetFileName(doc)}: this example is not in DocsExamplesTests.cs:\n{string.Join('\n', block)}");
            }
        }
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
