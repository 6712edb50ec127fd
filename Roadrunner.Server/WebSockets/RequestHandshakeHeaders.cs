using Roadrunner.Server.Requests;
using Roadrunner.WebSockets.Handshake;

namespace Roadrunner.Server.WebSockets;

/// <summary>A request's fields as the opening handshake reads them.</summary>
internal sealed class RequestHandshakeHeaders(RequestHeaders headers) : IHandshakeHeaders
{
    public string? GetCombined(string name) => headers.GetCombined(name);
}
