namespace Roadrunner.Server.Files;

/// <summary>Bounds applied to <c>Range</c> requests, against range-based amplification.</summary>
public sealed record RangeOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static RangeOptions Default { get; } = new();

    /// <summary>
    /// Most range-specs in one <c>Range</c> header, counted before coalescing. Default 16; more and the header is
    /// ignored (<see cref="RangeOutcome.Ignored"/>: the full representation is sent, costing no more than a plain GET).
    /// </summary>
    public int MaxRanges { get; init; } = 16;

    /// <summary>
    /// Ranges that overlap, touch or are separated by at most this many bytes are merged into one. Default 80,
    /// about the per-part overhead of a <c>multipart/byteranges</c> response (RFC 9110 §14.2 allows coalescing).
    /// </summary>
    public int MaxCoalesceGap { get; init; } = 80;
}
