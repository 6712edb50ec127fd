using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Handlers;

/// <summary>
/// Wraps the pipeline: may inspect or change the request, call <paramref name="next"/> (or not), and
/// inspect or replace the response. In a list, the first middleware is the outermost.
/// </summary>
/// <example>
/// <code>
/// Middleware timing = async (req, next) =&gt;
/// {
///     var response = await next(req);
///     return response.WithHeader("x-served-by", "roadrunner");
/// };
/// </code>
/// </example>
public delegate ValueTask<Response> Middleware(Request request, Next next);
