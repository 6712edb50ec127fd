namespace Roadrunner.WebSockets;

/// <summary>The two kinds of data message (RFC 6455 §5.6).</summary>
public enum WebSocketMessageType : byte
{
    /// <summary>UTF-8 text (opcode 0x1); validated on receipt (§8.1).</summary>
    Text = 0x1,
    /// <summary>Arbitrary bytes (opcode 0x2).</summary>
    Binary = 0x2,
}
