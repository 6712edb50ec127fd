namespace Roadrunner.WebSockets.Deflate;

/// <summary>Outcome of inflating part of a message.</summary>
internal enum InflateStatus : byte
{
    /// <summary>All input was inflated within the limit.</summary>
    Ok,
    /// <summary>The output passed the limit; inflation stopped there (the message is too big: 1009).</summary>
    TooBig,
    /// <summary>The input is not valid DEFLATE data (1007).</summary>
    Invalid,
}
