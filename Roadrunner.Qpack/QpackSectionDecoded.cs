namespace Roadrunner.Qpack;

/// <summary>
/// Event: a field section that was blocked has now been decoded into the sink given with it (or failed to decode).
/// Drained with <see cref="QpackDecoder.TryReadEvent"/>.
/// </summary>
/// <param name="StreamId">The stream the section arrived on.</param>
/// <param name="Error"><see cref="QpackError.None"/> when every field line reached the sink; otherwise why not.</param>
public readonly record struct QpackSectionDecoded(long StreamId, QpackError Error);
