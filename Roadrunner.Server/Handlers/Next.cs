using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Handlers;

/// <summary>The rest of the pipeline after a middleware: the inner middlewares and the handler.</summary>
public delegate ValueTask<Response> Next(Request request);
