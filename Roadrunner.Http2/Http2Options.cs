using System.Diagnostics;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>
/// Settings we announce and bounds we enforce on one HTTP/2 connection. Every inbound size is bounded here and
/// each default is given on its property. Defaults follow the reference server.
/// </summary>
public sealed record Http2Options
{
    /// <summary>Shared instance with the defaults.</summary>
    public static Http2Options Default { get; } = new();

    // ---- Announced settings ----

    /// <summary>
    /// SETTINGS_MAX_CONCURRENT_STREAMS we announce and enforce: a stream opened beyond it is refused with
    /// RST_STREAM REFUSED_STREAM (RFC 9113 §5.1.2). Default 100.
    /// </summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>
    /// SETTINGS_INITIAL_WINDOW_SIZE we announce: each stream's receive window (RFC 9113 §6.9.2). Default 65535, the
    /// RFC's initial value. 0 to 2^31-1.
    /// </summary>
    public int InitialStreamWindow { get; init; } = 65535;

    /// <summary>
    /// The connection's receive window. It starts at 65535 (RFC 9113 §6.9.2) and a larger value is granted with a
    /// WINDOW_UPDATE right after our SETTINGS. Default 65535. 65535 to 2^31-1.
    /// </summary>
    public int InitialConnectionWindow { get; init; } = 65535;

    /// <summary>
    /// How much of a window the application must have consumed (<see cref="Http2Connection.ConsumeData"/>) before
    /// it is granted back with WINDOW_UPDATE, as a fraction of the initial window. Default 0.5: one update per half
    /// window, so a peer sending steadily never stalls while updates stay few. Greater than 0, at most 1.
    /// </summary>
    public double WindowRefillThreshold { get; init; } = 0.5;

    /// <summary>SETTINGS_MAX_FRAME_SIZE we announce and enforce (FRAME_SIZE_ERROR beyond it). Default 16384. 16384 to 16777215.</summary>
    public int MaxFrameSize { get; init; } = Http2Setting.MinMaxFrameSize;

    /// <summary>
    /// SETTINGS_HEADER_TABLE_SIZE: the HPACK dynamic table our decoder allows. Default 4096, the RFC's initial
    /// value; it is enforced from the first block, so a smaller value is only safe with peers that wait for it.
    /// </summary>
    public int HeaderTableSize { get; init; } = 4096;

    /// <summary>
    /// SETTINGS_MAX_HEADER_LIST_SIZE we announce and enforce after decoding (name + value + 32 per field, RFC 9113
    /// §6.5.2). A larger request is reported as <see cref="Http2EventKind.HeaderListTooLarge"/> so the server can
    /// answer 431. Default 16384.
    /// </summary>
    public int MaxHeaderListSize { get; init; } = 16384;

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441): accept extended CONNECT with <c>:protocol</c>, for WebSockets over HTTP/2. Default false.</summary>
    public bool EnableConnectProtocol { get; init; }

    // ---- Bounds ----

    /// <summary>
    /// Largest field block, compressed, across a HEADERS frame and its CONTINUATION frames. Beyond it the connection
    /// fails with GOAWAY ENHANCE_YOUR_CALM (the CONTINUATION flood). Default 16384.
    /// </summary>
    public int MaxHeaderBlockSize { get; init; } = 16384;

    /// <summary>
    /// Most bytes waiting in the pending output before <see cref="Http2Connection.SendData"/> stops accepting data
    /// (control frames are always queued). Default 256 KiB.
    /// </summary>
    public int MaxPendingOutput { get; init; } = 256 * 1024;

    /// <summary>The interval the flood counters below count in. Default 1 second.</summary>
    public TimeSpan FloodInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most streams reset per <see cref="FloodInterval"/>, counting the peer's RST_STREAM frames and the streams we
    /// refuse; beyond it GOAWAY ENHANCE_YOUR_CALM (rapid reset, CVE-2023-44487). Default 100.
    /// </summary>
    public int MaxResetsPerInterval { get; init; } = 100;

    /// <summary>Most SETTINGS frames per <see cref="FloodInterval"/>; beyond it GOAWAY ENHANCE_YOUR_CALM. Default 100.</summary>
    public int MaxSettingsPerInterval { get; init; } = 100;

    /// <summary>Most PING frames (not acknowledgments) per <see cref="FloodInterval"/>; beyond it GOAWAY ENHANCE_YOUR_CALM. Default 100.</summary>
    public int MaxPingsPerInterval { get; init; } = 100;

    /// <summary>
    /// Most empty frames per <see cref="FloodInterval"/>: DATA without data or END_STREAM, HEADERS and CONTINUATION
    /// with an empty fragment and no END_HEADERS. Beyond it GOAWAY ENHANCE_YOUR_CALM. Default 100.
    /// </summary>
    public int MaxEmptyFramesPerInterval { get; init; } = 100;

    // ---- Time ----

    /// <summary>How long our SETTINGS may wait for an acknowledgment before GOAWAY SETTINGS_TIMEOUT (RFC 9113 §6.5.3). Default 10 seconds; <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan SettingsTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// In a graceful shutdown, how long to wait for the PING that follows the first GOAWAY to be acknowledged before
    /// the final GOAWAY is sent anyway (RFC 9113 §6.8). Default 5 seconds.
    /// </summary>
    public TimeSpan ShutdownPingTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Ticks per second of the timestamps passed to the connection (<c>now</c> arguments). Default
    /// <see cref="Stopwatch.Frequency"/>, which is also <c>TimeProvider.System.TimestampFrequency</c>.
    /// </summary>
    public long TimestampFrequency { get; init; } = Stopwatch.Frequency;

    /// <summary>Throws when a value is out of its documented range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxConcurrentStreams);
        ArgumentOutOfRangeException.ThrowIfNegative(InitialStreamWindow);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialConnectionWindow, 65535);
        if (!(WindowRefillThreshold > 0 && WindowRefillThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(WindowRefillThreshold), WindowRefillThreshold, "Must be greater than 0 and at most 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, Http2Setting.MinMaxFrameSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameSize, Http2FrameHeader.MaxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(HeaderTableSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHeaderListSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderBlockSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPendingOutput);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FloodInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxResetsPerInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSettingsPerInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPingsPerInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxEmptyFramesPerInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(SettingsTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownPingTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TimestampFrequency);
    }

    /// <summary>A duration in timestamp ticks.</summary>
    internal long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * TimestampFrequency);
}
