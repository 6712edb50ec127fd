namespace Roadrunner.Server.Routing;

/// <summary>What the router found for a request.</summary>
internal enum RouteMatchKind
{
    Matched,
    NotFound,
    MethodNotAllowed,
}
