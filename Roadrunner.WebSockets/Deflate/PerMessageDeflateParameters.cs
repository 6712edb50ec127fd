namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// The agreed permessage-deflate parameters of one connection (RFC 7692 §7.1), as both ends see them.
/// <c>default</c> is the RFC's default agreement: context takeover both ways and 15-bit windows.
/// </summary>
public readonly record struct PerMessageDeflateParameters
{
    // Window bits are stored with 0 standing for 15, so that default(T) is the RFC default and compares equal to it.
    private readonly byte _serverMaxWindowBits;
    private readonly byte _clientMaxWindowBits;

    /// <summary>The server compresses each message from an empty LZ77 window (§7.1.1.1).</summary>
    public bool ServerNoContextTakeover { get; init; }

    /// <summary>The client compresses each message from an empty LZ77 window (§7.1.1.2).</summary>
    public bool ClientNoContextTakeover { get; init; }

    /// <summary>Base-2 log of the largest window the server may use when compressing, 8..15 (§7.1.2.1). Default 15.</summary>
    public int ServerMaxWindowBits
    {
        get => _serverMaxWindowBits == 0 ? 15 : _serverMaxWindowBits;
        init => _serverMaxWindowBits = Store(value);
    }

    /// <summary>Base-2 log of the largest window the client may use when compressing, 8..15 (§7.1.2.2). Default 15.</summary>
    public int ClientMaxWindowBits
    {
        get => _clientMaxWindowBits == 0 ? 15 : _clientMaxWindowBits;
        init => _clientMaxWindowBits = Store(value);
    }

    /// <summary>Whether the compressor of <paramref name="role"/> resets its window after each message.</summary>
    internal bool NoContextTakeover(WebSocketRole role) => role == WebSocketRole.Server ? ServerNoContextTakeover : ClientNoContextTakeover;

    /// <summary>The window bits <paramref name="role"/> may use when compressing.</summary>
    internal int MaxWindowBits(WebSocketRole role) => role == WebSocketRole.Server ? ServerMaxWindowBits : ClientMaxWindowBits;

    private static byte Store(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 15);
        return bits == 15 ? (byte)0 : (byte)bits;
    }
}
