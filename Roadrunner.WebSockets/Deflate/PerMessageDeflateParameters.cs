namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// The agreed permessage-deflate parameters of one connection (RFC 7692 §7.1), as both ends see them. A
/// window size of 15 also stands for "not negotiated" (the RFC's default).
/// </summary>
/// <param name="ServerNoContextTakeover">The server compresses each message from an empty LZ77 window (§7.1.1.1).</param>
/// <param name="ClientNoContextTakeover">The client compresses each message from an empty LZ77 window (§7.1.1.2).</param>
/// <param name="ServerMaxWindowBits">Base-2 log of the largest window the server may use when compressing, 8..15 (§7.1.2.1).</param>
/// <param name="ClientMaxWindowBits">Base-2 log of the largest window the client may use when compressing, 8..15 (§7.1.2.2).</param>
public readonly record struct PerMessageDeflateParameters(
    bool ServerNoContextTakeover = false,
    bool ClientNoContextTakeover = false,
    int ServerMaxWindowBits = 15,
    int ClientMaxWindowBits = 15)
{
    /// <summary>Whether the compressor of <paramref name="role"/> resets its window after each message.</summary>
    internal bool NoContextTakeover(WebSocketRole role) => role == WebSocketRole.Server ? ServerNoContextTakeover : ClientNoContextTakeover;

    /// <summary>The window bits <paramref name="role"/> may use when compressing.</summary>
    internal int MaxWindowBits(WebSocketRole role) => role == WebSocketRole.Server ? ServerMaxWindowBits : ClientMaxWindowBits;
}
