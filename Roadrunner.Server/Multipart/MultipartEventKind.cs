namespace Roadrunner.Server.Multipart;

/// <summary>What a <see cref="MultipartEvent"/> reports.</summary>
public enum MultipartEventKind
{
    /// <summary>No event.</summary>
    None = 0,

    /// <summary>A part begins; <see cref="MultipartEvent.Headers"/> holds its header fields.</summary>
    PartStarted,

    /// <summary>A slice of the current part's body; <see cref="MultipartEvent.Data"/> aliases the input.</summary>
    PartData,

    /// <summary>The current part's body is complete.</summary>
    PartEnded,

    /// <summary>The close delimiter was read; anything after it (the epilogue) is skipped.</summary>
    Completed,

    /// <summary>The body is malformed or over a limit; <see cref="MultipartEvent.Error"/> says why. Every later read reports it again.</summary>
    Error,
}
