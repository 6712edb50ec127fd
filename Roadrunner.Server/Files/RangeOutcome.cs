namespace Roadrunner.Server.Files;

/// <summary>How to answer a <c>Range</c> header.</summary>
public enum RangeOutcome
{
    /// <summary>Ignore the header and send the full representation with 200: the header is syntactically invalid,
    /// uses a unit other than <c>bytes</c>, or exceeds <see cref="RangeOptions.MaxRanges"/> (RFC 9110 §14.2 lets a server ignore it).</summary>
    Ignored,

    /// <summary>Send 206 with the returned ranges (one range: a single part; several: <c>multipart/byteranges</c>).</summary>
    Satisfiable,

    /// <summary>No range overlaps the representation: send 416 with <c>Content-Range: bytes */size</c> (<see cref="ContentRange.FormatUnsatisfied"/>).</summary>
    Unsatisfiable,
}
