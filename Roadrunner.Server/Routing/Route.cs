using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Routing;

/// <summary>
/// A path pattern and what answers it. Patterns are literal segments, <c>:name</c> (one segment, bound
/// percent-decoded) and a final <c>*name</c> (the rest of the path, bound as sent, still encoded).
/// The first route that matches wins.
/// </summary>
/// <example>
/// <code>
/// Routes = [
///     Route.Get("/hello", _ =&gt; Response.Text(200, "hello")),
///     Route.Map("/users/:id", new UsersHandler(), state: db),
///     Route.Map("/files/*path", StaticFiles.From("wwwroot")),
/// ]
/// </code>
/// </example>
public sealed class Route
{
    private Route(string pattern, string[]? methods, IHandler handler, object? state, Middleware[] middlewares, BodyMode bodyMode)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        Segments = RoutePattern.Parse(pattern);
        Pattern = pattern;
        Methods = methods;
        Handler = handler;
        State = state;
        Middlewares = middlewares;
        BodyMode = bodyMode;
    }

    /// <summary>The pattern, e.g. <c>/users/:id</c>.</summary>
    public string Pattern { get; }

    /// <summary>The methods this route answers (GET also answers HEAD), or null for any.</summary>
    public IReadOnlyList<string>? Methods { get; }

    /// <summary>The handler.</summary>
    public IHandler Handler { get; }

    /// <summary>Passed to the handler as <see cref="Request.State"/>.</summary>
    public object? State { get; }

    /// <summary>Middlewares for this route only, inside the listener's; the first is the outermost.</summary>
    public IReadOnlyList<Middleware> Middlewares { get; }

    /// <summary>Whether the body is read before the handler (auto) or by it (manual).</summary>
    public BodyMode BodyMode { get; }

    internal RouteSegment[] Segments { get; }

    /// <summary>A route for any method.</summary>
    public static Route Map(string pattern, IHandler handler, object? state = null, Middleware[]? middlewares = null, BodyMode bodyMode = BodyMode.Auto) =>
        new(pattern, null, handler, state, middlewares ?? [], bodyMode);

    /// <summary>A route for any method.</summary>
    public static Route Map(string pattern, Func<Request, ValueTask<Response>> handler, object? state = null) =>
        Map(pattern, new DelegateHandler(handler), state);

    /// <summary>A route for any method.</summary>
    public static Route Map(string pattern, Func<Request, Response> handler, object? state = null) =>
        Map(pattern, new DelegateHandler(handler), state);

    /// <summary>GET (and HEAD).</summary>
    public static Route Get(string pattern, Func<Request, Response> handler) => new(pattern, ["GET"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>GET (and HEAD).</summary>
    public static Route Get(string pattern, Func<Request, ValueTask<Response>> handler) => new(pattern, ["GET"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>POST.</summary>
    public static Route Post(string pattern, Func<Request, Response> handler) => new(pattern, ["POST"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>POST.</summary>
    public static Route Post(string pattern, Func<Request, ValueTask<Response>> handler) => new(pattern, ["POST"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>PUT.</summary>
    public static Route Put(string pattern, Func<Request, ValueTask<Response>> handler) => new(pattern, ["PUT"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>DELETE.</summary>
    public static Route Delete(string pattern, Func<Request, ValueTask<Response>> handler) => new(pattern, ["DELETE"], new DelegateHandler(handler), null, [], BodyMode.Auto);

    /// <summary>This route restricted to <paramref name="methods"/>.</summary>
    public Route WithMethods(params string[] methods) => new(Pattern, methods, Handler, State, [.. Middlewares], BodyMode);

    /// <summary>This route with per-route <paramref name="middlewares"/> (first is outermost).</summary>
    public Route WithMiddlewares(params Middleware[] middlewares) => new(Pattern, (string[]?)Methods, Handler, State, middlewares, BodyMode);

    /// <summary>This route with <paramref name="state"/> passed to the handler.</summary>
    public Route WithState(object? state) => new(Pattern, (string[]?)Methods, Handler, state, [.. Middlewares], BodyMode);

    /// <summary>This route with another body mode.</summary>
    public Route WithBodyMode(BodyMode bodyMode) => new(Pattern, (string[]?)Methods, Handler, State, [.. Middlewares], bodyMode);
}
