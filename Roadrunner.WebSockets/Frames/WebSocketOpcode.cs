namespace Roadrunner.WebSockets.Frames;

/// <summary>
/// Frame opcodes (RFC 6455 §5.2, §11.8). 0x3–0x7 are reserved for further non-control frames and 0xB–0xF
/// for further control frames; receiving one fails the connection (1002).
/// </summary>
internal enum WebSocketOpcode : byte
{
    /// <summary>0x0: continuation of a fragmented message (§5.4).</summary>
    Continuation = 0x0,
    /// <summary>0x1: text frame.</summary>
    Text = 0x1,
    /// <summary>0x2: binary frame.</summary>
    Binary = 0x2,
    /// <summary>0x8: connection close (§5.5.1).</summary>
    Close = 0x8,
    /// <summary>0x9: ping (§5.5.2).</summary>
    Ping = 0x9,
    /// <summary>0xA: pong (§5.5.3).</summary>
    Pong = 0xA,
}

/// <summary>Opcode classification (RFC 6455 §5.2, §5.5).</summary>
internal static class WebSocketOpcodes
{
    /// <summary>§5.5: "Control frames are identified by opcodes where the most significant bit of the opcode is 1."</summary>
    public static bool IsControl(this WebSocketOpcode opcode) => ((byte)opcode & 0x8) != 0;

    /// <summary>Whether the opcode is one RFC 6455 defines (not one of the reserved 0x3–0x7, 0xB–0xF).</summary>
    public static bool IsDefined(this WebSocketOpcode opcode) => opcode is WebSocketOpcode.Continuation or WebSocketOpcode.Text
        or WebSocketOpcode.Binary or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong;
}
