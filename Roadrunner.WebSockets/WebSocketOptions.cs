using System.Diagnostics;
using Roadrunner.WebSockets.Deflate;

namespace Roadrunner.WebSockets;

/// <summary>
/// Limits and behaviour of a WebSocket endpoint, shared by the handshake (subprotocols, extensions) and the
/// session (frames, messages, close). Every inbound size is bounded here; defaults follow the reference server.
/// </summary>
public sealed record WebSocketOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static WebSocketOptions Default { get; } = new();

    /// <summary>
    /// Largest frame payload accepted, in bytes, as it travels (compressed or not). A frame is buffered whole,
    /// so this bounds the receive buffer. Default 10 MB (10,000,000 bytes); over it the session fails the
    /// connection with 1009 (RFC 6455 §7.4.1) as soon as the frame header arrives.
    /// </summary>
    public int MaxFrameSize { get; init; } = 10_000_000;

    /// <summary>
    /// Largest message accepted, in bytes after decompression, counted across all its fragments. Default 10 MB
    /// (10,000,000 bytes); over it the session fails the connection with 1009. Decompression stops at this bound,
    /// so a small compressed frame cannot inflate beyond it.
    /// </summary>
    public int MaxMessageSize { get; init; } = 10_000_000;

    /// <summary>
    /// How long to wait for the peer's Close frame after starting the close handshake with
    /// <see cref="Session.WebSocketSession.SendClose"/> (RFC 6455 §7.1.1). Default 5 s; when it passes, the session
    /// reports <see cref="Session.WebSocketEventType.Closed"/> with 1006. A connection failed for bad input is not
    /// waited on: the session reports Closed as soon as its Close is written (§7.1.7).
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Ticks per second of the timestamps passed to the session (<c>now</c> arguments). Default
    /// <see cref="Stopwatch.Frequency"/>, which is also <c>TimeProvider.System.TimestampFrequency</c>.
    /// </summary>
    public long TimestampFrequency { get; init; } = Stopwatch.Frequency;

    /// <summary>
    /// When true (default), data frames are assembled and each message is reported once, whole, as
    /// <see cref="Session.WebSocketEventType.Message"/>; when false each data frame is reported as
    /// <see cref="Session.WebSocketEventType.Fragment"/> as it completes, and no message buffer is kept.
    /// </summary>
    public bool AssembleMessages { get; init; } = true;

    /// <summary>When true (default), a received Ping is answered with a Pong carrying the same payload (RFC 6455 §5.5.2).</summary>
    public bool AutoPong { get; init; } = true;

    /// <summary>When true, received Ping and Pong frames are also reported as events. Default false (a Pong is then ignored, §5.5.3).</summary>
    public bool ControlFrameEvents { get; init; }

    /// <summary>
    /// Subprotocols the server speaks, most preferred first (RFC 6455 §4.2.2: the server picks one the client
    /// offered). Compared ordinally. Default none: the Sec-WebSocket-Protocol header is never answered.
    /// </summary>
    public IReadOnlyList<string> Subprotocols { get; init; } = [];

    /// <summary>
    /// permessage-deflate (RFC 7692) settings; null (default) declines every compression offer.
    /// </summary>
    public PerMessageDeflateOptions? PerMessageDeflate { get; init; }

    internal long CloseTimeoutTicks => (long)Math.Min(CloseTimeout.TotalSeconds * TimestampFrequency, long.MaxValue / 4);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, 125, nameof(MaxFrameSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameSize, Array.MaxLength - 64, nameof(MaxFrameSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMessageSize, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageSize, Array.MaxLength - 64, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TimestampFrequency, 1, nameof(TimestampFrequency));
    }
}
