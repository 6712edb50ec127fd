namespace Roadrunner.Http3.Streams;

/// <summary>What is done with the payload of the frame being read.</summary>
internal enum FrameMode
{
    /// <summary>Skipped: an unknown or reserved type, or a stream being discarded.</summary>
    Skip,

    /// <summary>Handed out as it arrives: DATA.</summary>
    Stream,

    /// <summary>Gathered whole, within a limit, then handled: HEADERS and control frames.</summary>
    Buffer,
}
