using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server.Routing;

/// <summary>The router over real requests: literal, <c>:param</c> and <c>*wildcard</c> segments, first match, state, 404 and 405.</summary>
[TestClass]
public sealed class RouterTests
{
    private static readonly object UsersState = new();

    private static readonly Route[] Routes =
    [
        Route.Get("/", _ => Response.Text(200, "root")),
        Route.Get("/hello", _ => Response.Text(200, "literal")),
        Route.Get("/café", _ => Response.Text(200, "non-ascii literal")),
        Route.Get("/users/me", _ => Response.Text(200, "me")),
        Route.Get("/users/:id", req => Response.Text(200, "user " + req.Bindings["id"])),
        Route.Get("/users/:id/posts/:post", req => Response.Text(200, $"user {req.Bindings["id"]} post {req.Bindings["post"]}")),
        Route.Get("/files/*path", req => Response.Text(200, "file [" + req.Bindings["path"] + "]")),
        Route.Get("/first/:x", req => Response.Text(200, "first " + req.Bindings["x"])),
        Route.Get("/first/b", _ => Response.Text(200, "second")),
        Route.Map("/state/users", new EchoState(), state: UsersState),
        Route.Map("/state/none", new EchoState()),
        Route.Get("/methods", _ => Response.Text(200, "get")),
        Route.Post("/methods", _ => Response.Text(200, "post")),
        Route.Map("/custom", _ => Response.Text(200, "custom")).WithMethods("PURGE", "put"),
    ];

    /// <summary>A literal pattern matches exactly that path; a trailing slash is another path.</summary>
    [TestMethod]
    [DataRow("/", "root")]
    [DataRow("/hello", "literal")]
    [DataRow("/hello?x=1&y=2", "literal")]
    [DataRow("/caf%C3%A9", "non-ascii literal")]
    [DataRow("/users/me", "me")]
    public async Task Literal_MatchesExactly(string target, string expected)
    {
        (await GetAsync(target)).BodyText.ShouldBe(expected);
    }

    /// <summary>RFC 9110 §4.2.3: <c>/hello/</c>, <c>/Hello</c> and <c>/hello/x</c> are other paths; none of them is <c>/hello</c>.</summary>
    [TestMethod]
    [DataRow("/hello/")]
    [DataRow("/Hello")]
    [DataRow("/hello/x")]
    [DataRow("/nothing")]
    [DataRow("/users/")]
    [DataRow("/users/1/posts")]
    public async Task NoRoute_Answers404_ConnectionPersists(string target)
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var client = server.Connect();

        await client.SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 404 Not Found");
        response.BodyText.ShouldBe("Not Found");
        response.Header("connection").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("literal");
    }

    /// <summary>A <c>:param</c> binds one segment, percent-decoded as UTF-8 (RFC 3986 §2.1); an escape that is not UTF-8 is kept as sent.</summary>
    [TestMethod]
    [DataRow("/users/42", "user 42")]
    [DataRow("/users/J%C3%BCrgen", "user Jürgen")]
    [DataRow("/users/a%2Fb", "user a/b")]
    [DataRow("/users/a%20b", "user a b")]
    [DataRow("/users/%FF", "user %FF")]
    [DataRow("/users/7/posts/x%3Fy", "user 7 post x?y")]
    [DataRow("/first/b", "first b")]
    public async Task Parameter_BindsOneSegmentPercentDecoded(string target, string expected)
    {
        (await GetAsync(target)).BodyText.ShouldBe(expected);
    }

    /// <summary>A <c>*wildcard</c> binds the rest of the path as sent, so <c>%2F</c> and <c>/</c> stay different.</summary>
    [TestMethod]
    [DataRow("/files/a.txt", "file [a.txt]")]
    [DataRow("/files/dir/sub/a.txt", "file [dir/sub/a.txt]")]
    [DataRow("/files/a%2Fb%20c", "file [a%2Fb%20c]")]
    [DataRow("/files/", "file []")]
    [DataRow("/files/x?q=1", "file [x]")]
    public async Task Wildcard_BindsTheRestRaw(string target, string expected)
    {
        (await GetAsync(target)).BodyText.ShouldBe(expected);
    }

    /// <summary>The first route that matches wins, even when a later one is more specific.</summary>
    [TestMethod]
    public async Task FirstMatchWins()
    {
        (await GetAsync("/first/b")).BodyText.ShouldBe("first b");
    }

    /// <summary>RFC 9112 §3.2.2: an absolute-form target is routed by its path.</summary>
    [TestMethod]
    public async Task AbsoluteFormTarget_RoutedByItsPath()
    {
        (await GetAsync("http://example.com/users/5")).BodyText.ShouldBe("user 5");
    }

    /// <summary>Each route's state reaches its handler in <see cref="Request.State"/>; a route without state gives null.</summary>
    [TestMethod]
    public async Task State_PerRoute_InRequestState()
    {
        (await GetAsync("/state/users")).BodyText.ShouldBe("state=" + UsersState.GetHashCode());
        (await GetAsync("/state/none")).BodyText.ShouldBe("state=null");
    }

    /// <summary>
    /// RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405 response containing a list of
    /// the target resource's currently supported methods." A GET route supports HEAD too (RFC 9110 §9.3.2).
    /// </summary>
    [TestMethod]
    public async Task WrongMethod_Answers405WithAllow_GetImpliesHead()
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var client = server.Connect();

        await client.SendAsync("DELETE /methods HTTP/1.1\r\nHost: x\r\n\r\nGET /methods HTTP/1.1\r\nHost: x\r\n\r\n");

        var response = await client.ReadResponseAsync();
        response.StatusLine.ShouldBe("HTTP/1.1 405 Method Not Allowed");
        string.Join(",", response.Header("allow")!.Split(", ").Order(StringComparer.Ordinal)).ShouldBe("GET,HEAD,POST");
        response.Header("connection").ShouldBeNull();
        (await client.ReadResponseAsync()).BodyText.ShouldBe("get");
    }

    /// <summary>Every route whose path matches contributes its methods to Allow, including routes made WithMethods.</summary>
    [TestMethod]
    public async Task WrongMethod_OnCustomMethodRoute_AllowListsThem()
    {
        var response = await SendAsync("GET /custom HTTP/1.1\r\nHost: x\r\n\r\n");

        response.StatusLine.ShouldBe("HTTP/1.1 405 Method Not Allowed");
        string.Join(",", response.Header("allow")!.Split(", ").Order(StringComparer.Ordinal)).ShouldBe("PURGE,PUT");
        (await SendAsync("PURGE /custom HTTP/1.1\r\nHost: x\r\n\r\n")).BodyText.ShouldBe("custom");
    }

    /// <summary>RFC 9110 §9.1: "The method token is case-sensitive"; <c>get</c> is not GET.</summary>
    [TestMethod]
    public async Task Method_IsCaseSensitive_LowerCaseGetIsNotGet()
    {
        var response = await SendAsync("get /methods HTTP/1.1\r\nHost: x\r\n\r\n");

        response.StatusLine.ShouldBe("HTTP/1.1 405 Method Not Allowed");
    }

    /// <summary>POST and GET on the same path reach their own handlers.</summary>
    [TestMethod]
    public async Task SamePathDifferentMethods_EachReachesItsRoute()
    {
        (await SendAsync("POST /methods HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")).BodyText.ShouldBe("post");
        (await SendAsync("GET /methods HTTP/1.1\r\nHost: x\r\n\r\n")).BodyText.ShouldBe("get");
    }

    /// <summary>A listener with a single handler skips routing: every path and method reaches it, with no bindings and no state.</summary>
    [TestMethod]
    public async Task SingleHandlerListener_EveryRequestReachesIt()
    {
        await using var server = await TestServer.StartAsync([], o => o with
        {
            Handler = new DelegateHandlerFor(req => Response.Text(200, $"{req.Method} {req.Target} bindings={req.Bindings.Count} state={req.State is null}")),
        });
        using var client = server.Connect();

        await client.SendAsync("GET /any/path HTTP/1.1\r\nHost: x\r\n\r\nDELETE /other?x=1 HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("GET /any/path bindings=0 state=True");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("DELETE /other?x=1 bindings=0 state=True");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("OPTIONS * bindings=0 state=True");
    }

    /// <summary>Bad patterns are programmer errors, refused when the route is made.</summary>
    [TestMethod]
    [DataRow("no-slash")]
    [DataRow("")]
    [DataRow("/a/:")]
    [DataRow("/a/*")]
    [DataRow("/a/*rest/b")]
    [DataRow("/a/:x/:x")]
    public void Pattern_Invalid_ThrowsArgumentException(string pattern)
    {
        Should.Throw<ArgumentException>(() => Route.Get(pattern, _ => Response.Empty()));
    }

    private static async Task<RawResponse> GetAsync(string target) => await SendAsync($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");

    private static async Task<RawResponse> SendAsync(string request)
    {
        await using var server = await TestServer.StartAsync(Routes);
        using var client = server.Connect();
        await client.SendAsync(request);
        return await client.ReadResponseAsync();
    }

    private sealed class EchoState : IHandler
    {
        public ValueTask<Response> HandleAsync(Request request) =>
            ValueTask.FromResult<Response>(Response.Text(200, "state=" + (request.State?.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null")));
    }

    private sealed class DelegateHandlerFor(Func<Request, Response> handler) : IHandler
    {
        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult(handler(request));
    }
}
