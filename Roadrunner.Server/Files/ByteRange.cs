namespace Roadrunner.Server.Files;

/// <summary>A satisfiable byte range: first and last byte positions, both inclusive, within the representation.</summary>
/// <param name="Start">First byte position.</param>
/// <param name="End">Last byte position (inclusive).</param>
public readonly record struct ByteRange(long Start, long End)
{
    /// <summary>Number of bytes in the range.</summary>
    public long Length => End - Start + 1;
}
