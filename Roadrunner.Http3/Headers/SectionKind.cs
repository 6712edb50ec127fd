namespace Roadrunner.Http3.Headers;

/// <summary>Which field section a HEADERS frame carries, which decides the rules it is held to.</summary>
internal enum SectionKind
{
    /// <summary>A request header section (server role).</summary>
    Request,

    /// <summary>A response header section, interim or final (client role).</summary>
    Response,

    /// <summary>A trailer section.</summary>
    Trailers,
}
