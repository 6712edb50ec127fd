using System.Text;
using Roadrunner.Http1;
using Roadrunner.Server.Handlers;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Routing;

/// <summary>
/// Routes compiled once: patterns parsed, each route's middleware chain (listener-wide outside, the route's
/// inside) composed into one delegate. Immutable, so a reload swaps the whole table atomically and requests
/// in flight keep the table they started with.
/// </summary>
internal sealed class RouteTable
{
    private static readonly BufferedResponse s_notFound = Response.Text(404, "Not Found");

    private readonly CompiledRoute[] _routes;
    private readonly Next _notFound;
    private readonly Next? _single;

    private RouteTable(CompiledRoute[] routes, Next notFound, Next? single)
    {
        _routes = routes;
        _notFound = notFound;
        _single = single;
    }

    /// <summary>A table over <paramref name="routes"/>, wrapped in <paramref name="middlewares"/>.</summary>
    public static RouteTable Build(IReadOnlyList<Route> routes, IReadOnlyList<Middleware> middlewares)
    {
        var compiled = new CompiledRoute[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            var r = routes[i];
            var pipeline = Compose(Compose(r.Handler.HandleAsync, r.Middlewares), middlewares);
            compiled[i] = new CompiledRoute(r, pipeline, MethodSet.From(r.Methods));
        }

        return new RouteTable(compiled, Compose(static req => NotFoundOrNotAllowed(req), middlewares), null);
    }

    /// <summary>A table that sends every request to one handler and skips matching.</summary>
    public static RouteTable Single(IHandler handler, IReadOnlyList<Middleware> middlewares, BodyMode bodyMode) =>
        new([new CompiledRoute(Route.Map("/", handler, bodyMode: bodyMode), Compose(handler.HandleAsync, middlewares), MethodSet.Any)],
            Compose(static req => NotFoundOrNotAllowed(req), middlewares), Compose(handler.HandleAsync, middlewares));

    /// <summary>Wraps <paramref name="inner"/> so that <paramref name="middlewares"/>[0] runs first.</summary>
    private static Next Compose(Next inner, IReadOnlyList<Middleware> middlewares)
    {
        for (var i = middlewares.Count - 1; i >= 0; i--)
        {
            var mw = middlewares[i];
            var next = inner;
            inner = req => mw(req, next);
        }

        return inner;
    }

    /// <summary>
    /// Finds the route for <paramref name="request"/>, binds its segments and state, and returns the pipeline to run.
    /// </summary>
    public Next Resolve(Request request, out BodyMode bodyMode)
    {
        if (_single is not null)
        {
            bodyMode = _routes[0].Route.BodyMode;
            return _single;
        }

        var path = request.PathBytes;
        var pathMatched = false;
        foreach (var route in _routes)
        {
            if (!TryMatch(route.Route.Segments, path, request, bind: false)) continue;
            if (!route.Methods.Contains(request)) { pathMatched = true; continue; }
            // Matching ran without binding so a method mismatch allocates nothing; bind now, if there is anything to bind.
            if (route.HasBindings) TryMatch(route.Route.Segments, path, request, bind: true);
            request.State = route.Route.State;
            bodyMode = route.Route.BodyMode;
            return route.Pipeline;
        }

        bodyMode = BodyMode.Auto;
        request.State = null;
        request.MethodNotAllowedBy = pathMatched ? this : null;
        return _notFound;
    }

    private static ValueTask<Response> NotFoundOrNotAllowed(Request request)
    {
        if (request.MethodNotAllowedBy is not { } table) return new ValueTask<Response>(s_notFound);
        // RFC 9110 §15.5.6: a 405 response MUST carry Allow with the methods the target supports.
        var allow = new List<string>();
        foreach (var route in table._routes)
        {
            if (TryMatch(route.Route.Segments, request.PathBytes, request, bind: false)) route.Methods.AddTo(allow);
        }

        return new ValueTask<Response>(Response.Text(405, "Method Not Allowed").WithHeader("allow", string.Join(", ", allow)));
    }

    /// <summary>Matches <paramref name="path"/> against <paramref name="segments"/>; with <paramref name="bind"/>, records bindings.</summary>
    internal static bool TryMatch(RouteSegment[] segments, ReadOnlySpan<byte> path, Request request, bool bind)
    {
        if (path.IsEmpty || path[0] != '/') return false;
        if (segments.Length == 0) return path.Length == 1;
        Dictionary<string, string>? bindings = null;
        var pos = 1;
        foreach (var seg in segments)
        {
            if (seg.Kind == RouteSegmentKind.Wildcard)
            {
                // The rest of the path, as sent: decoding it here would erase the difference between '/' and '%2F'.
                if (bind) (bindings ??= new(StringComparer.Ordinal))[seg.Name] = Encoding.ASCII.GetString(path[Math.Min(pos, path.Length)..]);
                pos = path.Length + 1;
                break;
            }

            if (pos > path.Length) return false;
            var slash = path[pos..].IndexOf((byte)'/');
            var end = slash < 0 ? path.Length : pos + slash;
            var piece = path[pos..end];
            if (seg.Kind == RouteSegmentKind.Literal)
            {
                if (!piece.SequenceEqual(seg.Literal)) return false;
            }
            else
            {
                if (piece.IsEmpty) return false;
                if (bind) (bindings ??= new(StringComparer.Ordinal))[seg.Name] = PercentDecoding.DecodeSegment(piece);
            }

            pos = end + 1;
        }

        if (pos != path.Length + 1) return false;
        if (bind && bindings is not null) request.Bindings = bindings;
        return true;
    }

    private sealed record CompiledRoute(Route Route, Next Pipeline, MethodSet Methods)
    {
        /// <summary>Whether the pattern has a <c>:name</c> or <c>*name</c> segment (literal-only routes are matched once).</summary>
        public bool HasBindings { get; } = Array.Exists(Route.Segments, s => s.Kind != RouteSegmentKind.Literal);
    }

    /// <summary>The methods a route answers, checked without allocating.</summary>
    private sealed class MethodSet
    {
        public static readonly MethodSet Any = new(null);
        private readonly string[]? _methods;
        private readonly bool _get;

        private MethodSet(string[]? methods)
        {
            _methods = methods;
            _get = methods is not null && Array.Exists(methods, m => m == "GET");
        }

        public static MethodSet From(IReadOnlyList<string>? methods) =>
            methods is null ? Any : new MethodSet([.. methods.Select(m => m.ToUpperInvariant())]);

        public bool Contains(Request request)
        {
            if (_methods is null) return true;
            // RFC 9110 §9.3.2: HEAD is GET without the body.
            if (request.KnownMethod == KnownMethod.Head && _get) return true;
            var method = request.Method;
            foreach (var m in _methods)
            {
                if (m == method) return true;
            }

            return false;
        }

        public void AddTo(List<string> allow)
        {
            if (_methods is null) return;
            foreach (var m in _methods)
            {
                if (!allow.Contains(m)) allow.Add(m);
            }

            if (_get && !allow.Contains("HEAD")) allow.Add("HEAD");
        }
    }
}
