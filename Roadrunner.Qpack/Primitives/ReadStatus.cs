namespace Roadrunner.Qpack.Primitives;

/// <summary>The outcome of reading one primitive (RFC 9204 §4.1).</summary>
internal enum ReadStatus
{
    /// <summary>Read completely.</summary>
    Done,
    /// <summary>The input ends inside it: an error in a field section, a wait for more octets on a stream.</summary>
    NeedMoreData,
    /// <summary>An integer past 2^62-1, or encoded with more octets than such a value needs.</summary>
    Overflow,
    /// <summary>A string literal whose length is past the bound the caller gave: refused before its octets arrive.</summary>
    TooLong,
}
