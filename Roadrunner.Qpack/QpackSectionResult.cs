namespace Roadrunner.Qpack;

/// <summary>The outcome of <see cref="QpackDecoder.DecodeSection"/>.</summary>
/// <param name="Status">Decoded, blocked or failed.</param>
/// <param name="Error">Why it failed; <see cref="QpackError.None"/> otherwise.</param>
public readonly record struct QpackSectionResult(QpackSectionStatus Status, QpackError Error)
{
    internal static readonly QpackSectionResult Decoded = new(QpackSectionStatus.Decoded, QpackError.None);
    internal static readonly QpackSectionResult Blocked = new(QpackSectionStatus.Blocked, QpackError.None);

    internal static QpackSectionResult Failed(QpackError error) => new(QpackSectionStatus.Failed, error);
}
