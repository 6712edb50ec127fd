namespace Roadrunner.Server.Routing;

/// <summary>One compiled segment of a route pattern.</summary>
/// <param name="Kind">Literal, parameter or wildcard.</param>
/// <param name="Literal">For a literal: its bytes as they appear in a request path.</param>
/// <param name="Name">For a parameter or wildcard: the binding name.</param>
internal readonly record struct RouteSegment(RouteSegmentKind Kind, byte[] Literal, string Name);

/// <summary>The kinds of pattern segment.</summary>
internal enum RouteSegmentKind
{
    Literal,
    Parameter,
    Wildcard,
}
