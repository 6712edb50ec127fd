namespace Roadrunner.Server.Forms;

/// <summary>
/// Bounds applied when decoding <c>application/x-www-form-urlencoded</c> content or a query string. Lengths are
/// measured on the encoded input, before percent-decoding, so they bound the work before any is done.
/// </summary>
public sealed record FormOptions
{
    /// <summary>Shared instance with the defaults.</summary>
    public static FormOptions Default { get; } = new();

    /// <summary>Most name/value pairs. Default 1000; over it: <see cref="FormErrorKind.TooManyPairs"/>.</summary>
    public int MaxPairCount { get; init; } = 1000;

    /// <summary>Longest encoded name, in characters or bytes. Default 2048; over it: <see cref="FormErrorKind.KeyTooLong"/>.</summary>
    public int MaxKeyLength { get; init; } = 2048;

    /// <summary>Longest encoded value, in characters or bytes. Default 4,194,304 (4 MiB); over it: <see cref="FormErrorKind.ValueTooLong"/>.</summary>
    public int MaxValueLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest body <see cref="Requests.Request.ReadFormAsync(FormOptions, CancellationToken)"/> reads, in bytes. Default
    /// 1,048,576 (1 MiB); over it: <see cref="Requests.RequestBodyException"/> with 413. Query strings are bounded by the
    /// request line limit instead; files belong in <c>multipart/form-data</c>.
    /// </summary>
    public int MaxBodyLength { get; init; } = 1024 * 1024;
}
