using Roadrunner.Server.WebSockets;

namespace Roadrunner.Demo;

/// <summary>The <c>/ws</c> handler: every message back as it came, text as text and binary as binary.</summary>
internal sealed class WebSocketEcho : IWebSocketHandler
{
    public ValueTask OnMessageAsync(WebSocketContext context, WebSocketMessage message) =>
        context.SendAsync(message.Type, message.Payload);
}
