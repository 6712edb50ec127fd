using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Handlers;

/// <summary>Adapts a delegate to <see cref="IHandler"/>.</summary>
internal sealed class DelegateHandler : IHandler
{
    private readonly Func<Request, ValueTask<Response>>? _async;
    private readonly Func<Request, Response>? _sync;

    public DelegateHandler(Func<Request, ValueTask<Response>> handler) => _async = handler ?? throw new ArgumentNullException(nameof(handler));

    public DelegateHandler(Func<Request, Response> handler) => _sync = handler ?? throw new ArgumentNullException(nameof(handler));

    public ValueTask<Response> HandleAsync(Request request) =>
        _sync is not null ? new ValueTask<Response>(_sync(request)) : _async!(request);
}
