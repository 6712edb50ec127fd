using System.IO.Compression;

namespace Roadrunner.WebSockets.Deflate;

/// <summary>
/// How the server negotiates and uses permessage-deflate (RFC 7692). Compression uses
/// <see cref="DeflateStream"/> (raw DEFLATE, RFC 1951), whose LZ77 window is always 2^15 bytes.
/// </summary>
public sealed record PerMessageDeflateOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static PerMessageDeflateOptions Default { get; } = new();

    /// <summary>Compression level for outgoing messages. Default <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>
    /// Single-frame messages shorter than this many bytes are sent uncompressed (RSV1 clear), since DEFLATE
    /// rarely shrinks them. Default 64; 0 compresses everything. Fragmented messages are compressed whenever asked.
    /// </summary>
    public int CompressionThreshold { get; init; } = 64;

    /// <summary>
    /// Always answer <c>server_no_context_takeover</c> (RFC 7692 §7.1.1.1): the server compresses each message
    /// from an empty window, which saves the client memory and costs ratio. Default false: only when offered.
    /// </summary>
    public bool ServerNoContextTakeover { get; init; }

    /// <summary>
    /// Always answer <c>client_no_context_takeover</c> (RFC 7692 §7.1.1.2), asking the client to compress each
    /// message from an empty window. Default false: only echoed when the client offered it.
    /// </summary>
    public bool ClientNoContextTakeover { get; init; }

    /// <summary>
    /// What to do with an offer whose <c>server_max_window_bits</c> is below 15, which DeflateStream cannot honour
    /// while compressing. True (default): accept it, echo the value, and send every message uncompressed
    /// (RFC 7692 §6: a message may be sent uncompressed, RSV1 clear), while still decompressing the client's
    /// messages. False: decline such offers (the next acceptable offer, if any, is taken).
    /// </summary>
    public bool AcceptSmallServerWindow { get; init; } = true;

    internal void Validate() => ArgumentOutOfRangeException.ThrowIfNegative(CompressionThreshold, nameof(CompressionThreshold));
}
