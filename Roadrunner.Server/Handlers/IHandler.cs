using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Handlers;

/// <summary>Answers a request. Implementations are shared by every connection and must be thread-safe.</summary>
/// <example>
/// <code>
/// sealed class UsersHandler : IHandler
/// {
///     public ValueTask&lt;Response&gt; HandleAsync(Request req) =&gt;
///         ValueTask.FromResult(Response.Json(200, $"{{\"id\":\"{req.Bindings["id"]}\"}}"));
/// }
/// </code>
/// </example>
public interface IHandler
{
    /// <summary>Produces the response for <paramref name="request"/>.</summary>
    ValueTask<Response> HandleAsync(Request request);
}
