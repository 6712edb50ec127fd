using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Routing;
using Roadrunner.Tests.TestSupport;
using Shouldly;

namespace Roadrunner.Tests.Server;

/// <summary>Middleware: listener-wide outside per-route, the first in a list outermost; short-circuits and rewrites.</summary>
[TestClass]
public sealed class MiddlewareTests
{
    /// <summary>Listener-wide middlewares wrap the route's; within each list the first is the outermost.</summary>
    [TestMethod]
    public async Task Order_ListenerWideOutsidePerRoute_FirstIsOutermost()
    {
        var order = new Order();
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/r", req =>
            {
                order.Add("handler");
                return Response.Text(200, "r");
            }).WithMiddlewares(order.Recorder("C"), order.Recorder("D")),
        ], o => o with { Middlewares = [order.Recorder("A"), order.Recorder("B")] });
        using var client = server.Connect();

        await client.SendAsync("GET /r HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("r");
        order.ToString().ShouldBe("A> B> C> D> handler <D <C <B <A");
    }

    /// <summary>A route's middlewares run for that route only; listener-wide ones run for every route.</summary>
    [TestMethod]
    public async Task PerRouteMiddleware_RunsOnlyForItsRoute()
    {
        var order = new Order();
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/with", _ => Response.Text(200, "with")).WithMiddlewares(order.Recorder("R")),
            Route.Map("/without", _ => Response.Text(200, "without")),
        ], o => o with { Middlewares = [order.Recorder("L")] });
        using var client = server.Connect();

        await client.SendAsync("GET /with HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("with");
        await client.SendAsync("GET /without HTTP/1.1\r\nHost: x\r\n\r\n");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("without");

        order.ToString().ShouldBe("L> R> <R <L L> <L");
    }

    /// <summary>Listener-wide middlewares see the router's own answers too: 404 and 405 pass through them.</summary>
    [TestMethod]
    public async Task ListenerWideMiddleware_WrapsNotFoundAndMethodNotAllowed()
    {
        Middleware tag = async (req, next) => (await next(req)).WithHeader("x-wrapped", "yes");
        await using var server = await TestServer.StartAsync([Route.Get("/only-get", _ => Response.Text(200, "ok"))], o => o with { Middlewares = [tag] });
        using var client = server.Connect();

        await client.SendAsync("GET /missing HTTP/1.1\r\nHost: x\r\n\r\nPOST /only-get HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        var notFound = await client.ReadResponseAsync();
        notFound.Status.ShouldBe(404);
        notFound.Header("x-wrapped").ShouldBe("yes");
        var notAllowed = await client.ReadResponseAsync();
        notAllowed.Status.ShouldBe(405);
        notAllowed.Header("x-wrapped").ShouldBe("yes");
        notAllowed.Header("allow").ShouldBe("GET, HEAD");
    }

    /// <summary>
    /// <see cref="Request.State"/> is the state of the route that matched, or null: a listener-wide middleware sees
    /// null for a request no route answers (404) or whose path matched with another method (405).
    /// </summary>
    [TestMethod]
    public async Task ListenerWideMiddleware_OnUnmatchedRequests_SeesNoState()
    {
        var states = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Middleware observe = (req, next) =>
        {
            states.Enqueue(req.State?.GetType().Name ?? "null");
            return next(req);
        };
        await using var server = await TestServer.StartAsync(
            [Route.Get("/only-get", _ => Response.Text(200, "ok"))],
            o => o with { Middlewares = [observe] });
        using var client = server.Connect();

        await client.SendAsync("GET /missing HTTP/1.1\r\nHost: x\r\n\r\nDELETE /only-get HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).Status.ShouldBe(404);
        var notAllowed = await client.ReadResponseAsync();
        notAllowed.Status.ShouldBe(405);
        notAllowed.Header("allow").ShouldBe("GET, HEAD");
        string.Join(",", states).ShouldBe("null,null");
    }

    /// <summary>A middleware that does not call next answers for the pipeline; the handler never runs.</summary>
    [TestMethod]
    public async Task ShortCircuit_HandlerNeverRuns()
    {
        var handlerCalls = 0;
        Middleware auth = (req, next) => req.Headers.Get("authorization") == "Bearer ok"
            ? next(req)
            : ValueTask.FromResult<Response>(Response.Text(401, "no").WithHeader("www-authenticate", "Bearer"));
        await using var server = await TestServer.StartAsync(
        [
            Route.Get("/secret", _ =>
            {
                Interlocked.Increment(ref handlerCalls);
                return Response.Text(200, "secret");
            }),
        ], o => o with { Middlewares = [auth] });
        using var client = server.Connect();

        await client.SendAsync("GET /secret HTTP/1.1\r\nHost: x\r\n\r\nGET /secret HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ok\r\n\r\n");

        var refused = await client.ReadResponseAsync();
        refused.StatusLine.ShouldBe("HTTP/1.1 401 Unauthorized");
        refused.Header("www-authenticate").ShouldBe("Bearer");
        (await client.ReadResponseAsync()).BodyText.ShouldBe("secret");
        handlerCalls.ShouldBe(1);
    }

    /// <summary>A middleware may replace the response on its way out, and it sees the route's bindings and state on the way in.</summary>
    [TestMethod]
    public async Task Middleware_ReplacesTheResponse_AndSeesBindingsAndState()
    {
        var state = new object();
        Middleware rewrite = async (req, next) =>
        {
            var inner = await next(req);
            return Response.Text(200, $"wrapped {inner.Status} id={req.Bindings["id"]} state={ReferenceEquals(req.State, state)}");
        };
        await using var server = await TestServer.StartAsync(
        [
            Route.Map("/items/:id", new Fixed(Response.Text(418, "teapot")), state: state).WithMiddlewares(rewrite),
        ]);
        using var client = server.Connect();

        await client.SendAsync("GET /items/9 HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("wrapped 418 id=9 state=True");
    }

    /// <summary>A single-handler listener still runs its listener-wide middlewares, in order, around the handler.</summary>
    [TestMethod]
    public async Task SingleHandlerListener_RunsListenerWideMiddlewares()
    {
        var order = new Order();
        await using var server = await TestServer.StartAsync([], o => o with
        {
            Handler = new Fixed(Response.Text(200, "single"), () => order.Add("handler")),
            Middlewares = [order.Recorder("A"), order.Recorder("B")],
        });
        using var client = server.Connect();

        await client.SendAsync("GET /whatever HTTP/1.1\r\nHost: x\r\n\r\n");

        (await client.ReadResponseAsync()).BodyText.ShouldBe("single");
        order.ToString().ShouldBe("A> B> handler <B <A");
    }

    /// <summary>A middleware that waits before calling next keeps the order and the response.</summary>
    [TestMethod]
    public async Task AsyncMiddleware_AwaitingBeforeNext_KeepsTheResponse()
    {
        Middleware slow = async (req, next) =>
        {
            await Task.Yield();
            var response = await next(req);
            await Task.Yield();
            return response.WithHeader("x-after", "1");
        };
        await using var server = await TestServer.StartAsync([Route.Get("/r", _ => Response.Text(200, "r"))], o => o with { Middlewares = [slow, slow] });
        using var client = server.Connect();

        await client.SendAsync("GET /r HTTP/1.1\r\nHost: x\r\n\r\nGET /r HTTP/1.1\r\nHost: x\r\n\r\n");

        for (var i = 0; i < 2; i++)
        {
            var response = await client.ReadResponseAsync();
            response.BodyText.ShouldBe("r");
            response.Headers.Count(h => h.Key == "x-after").ShouldBe(2);
        }
    }

    private sealed class Order
    {
        private readonly List<string> _steps = [];

        public void Add(string step)
        {
            lock (_steps) _steps.Add(step);
        }

        public Middleware Recorder(string name) => async (req, next) =>
        {
            Add(name + ">");
            var response = await next(req);
            Add("<" + name);
            return response;
        };

        public override string ToString()
        {
            lock (_steps) return string.Join(" ", _steps);
        }
    }

    private sealed class Fixed(Response response, Action? onCall = null) : IHandler
    {
        public ValueTask<Response> HandleAsync(Request request)
        {
            onCall?.Invoke();
            return ValueTask.FromResult(response);
        }
    }
}
