namespace Roadrunner.WebSockets;

/// <summary>Which end of the connection a session plays; it decides masking (RFC 6455 §5.1, §5.3).</summary>
public enum WebSocketRole : byte
{
    /// <summary>Sends unmasked frames and requires every received frame to be masked.</summary>
    Server,
    /// <summary>Masks every frame it sends and requires received frames to be unmasked.</summary>
    Client,
}
